// The `sunshift` command as users run it: the built bundle through bin/sunshift.mjs.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin/sunshift.mjs");

function runCli(args: readonly string[], timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { ...process.env, SUPERVISOR_TOKEN: "" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe("sunshift CLI", () => {
  beforeAll(() => {
    execFileSync(process.execPath, ["scripts/build.mjs"], { cwd: root });
  }, 60_000);

  it("runs the demo: reads, decides, calls services, serves the status page, stops cleanly", async () => {
    const r = await runCli(["demo", "--speed", "60", "--port", "0", "--duration", "6", "--start", "2024-06-15T17:30:00Z"], 30_000);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/status page: http:\/\/localhost:\d+\//);
    expect(r.stdout).toMatch(/reading: grid -?\d+ W · SOC \d+ %/);
    expect(r.stdout).toMatch(/→ hub set-point \d+ W/);
    expect(r.stdout).toMatch(/number\.set_value number\.solarflow_800_pro_output_limit value=\d+ — because zero feed in/);
    expect(r.stdout).toMatch(/stopped/);
  }, 40_000);

  it("refuses invalid options with every problem, its path and exit 2, without starting", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sunshift-cli-"));
    try {
      const file = join(dir, "bad.options.yaml");
      writeFileSync(file, "ha_url: http://127.0.0.1:9\nha_token: super-secret-token\nbattery:\n  capacity_wh: -5\ncontrol:\n  deadbnd_w: 3\n");
      const r = await runCli(["run", "--config", file], 15_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/battery\.capacity_wh/);
      expect(r.stderr).toMatch(/deadbnd_w/);
      expect(r.stderr).not.toMatch(/super-secret-token/);
      expect(r.stdout).toBe("");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("prints usage for an unknown command with exit 2", async () => {
    const r = await runCli(["frobnicate"], 10_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"/);
  });
});
