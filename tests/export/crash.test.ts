// The export spool under SIGKILL (issue 8 §2): a child process runs the real exporter (an
// esbuild bundle of addon/src/export, support/crash-exporter.mjs) against a real influxd and is
// killed (a) while points come in and batches go out, (b) after InfluxDB acknowledged a batch
// but before the spool recorded it. A new exporter on the same spool then delivers every point
// the child had spooled: no gap, nothing twice in InfluxDB, and in (b) the in-flight batch is
// counted as re-sent (InfluxDB overwrote it identically).
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { influxOptions } from "../../addon/src/config/groups/influx.js";
import { createInfluxExporter } from "../../addon/src/export/index.js";
import { silentLogger } from "../../addon/src/domain/index.js";
import { realClock, realScheduler } from "../sim/helpers.js";
import { rows, startInfluxd, type InfluxServer } from "../support/influxdb.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const T0 = 1_700_000_000_000;

let influx: InfluxServer;
let tmp: string;
let bundle: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "sunshift-export-crash-"));
  bundle = join(tmp, "export.cjs");
  influx = await startInfluxd();
  await build({
    entryPoints: [join(root, "addon/src/export/index.ts")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    external: ["better-sqlite3", "@influxdata/influxdb-client"],
    outfile: bundle,
    logLevel: "silent",
  });
});
afterAll(async () => {
  await influx.dispose();
  rmSync(tmp, { recursive: true, force: true });
});

interface Killed {
  readonly lastPushed: number;
  readonly written: number;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the child and SIGKILLs it when `killWhen` says so for a line it announced. */
function runAndKill(spoolDir: string, db: string, points: number, hang: boolean, killWhen: (line: string) => boolean): Promise<Killed> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(here, "support/crash-exporter.mjs"), bundle, spoolDir, influx.url, db, String(points), hang ? "1" : "0"], {
      env: { ...process.env, NODE_PATH: join(root, "node_modules") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    let lastPushed = 0;
    let written = 0;
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split("\n");
      out = lines.pop() ?? "";
      for (const line of lines) {
        const [what, n] = line.split(" ");
        if (what === "pushed") lastPushed = Number(n);
        if (what === "written") written += Number(n);
        if (killWhen(line)) child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", fail);
    child.on("exit", (_code, signal) => {
      done({ lastPushed, written, signal, stderr });
    });
  });
}

/** Restarts the export on the child's spool and returns what InfluxDB holds, in time order. */
async function recover(spoolDir: string, db: string): Promise<{ values: number[]; resent: number }> {
  const config = influxOptions.parse({ enabled: true, url: influx.url, database: db });
  const e = createInfluxExporter({ config, spoolDir, clock: realClock, scheduler: realScheduler, logger: silentLogger });
  const resent = e.stats().resentPoints;
  expect(await e.flush()).toMatchObject({ ok: true });
  await e.stop();
  const got = rows(await influx.query("SELECT value FROM sunshift_reading ORDER BY time", db));
  got.forEach((r) => {
    expect(Number(r.time)).toBe(T0 + Number(r.value) * 10_000);
  });
  return { values: got.map((r) => Number(r.value)), resent };
}

const oneTo = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

describe("export spool under SIGKILL", () => {
  it("killed while points come in and batches go out: every spooled point arrives once, no gap", async () => {
    await influx.query("CREATE DATABASE crash_a");
    const spool = mkdtempSync(join(tmp, "a-"));
    // Killed at the first push from 300 on after the child's own exporter had sent a batch.
    let sentOnce = false;
    const killed = await runAndKill(spool, "crash_a", 2000, false, (line) => {
      sentOnce ||= line.startsWith("written");
      return sentOnce && /^pushed ([3-9]\d\d|\d{4})$/.test(line);
    });
    expect(killed.stderr).toBe("");
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.written, "the child had sent some batches itself").toBeGreaterThan(0);
    const { values } = await recover(spool, "crash_a");
    // Point k is announced after it is spooled, so the kill may land after one more push.
    expect(values.length === killed.lastPushed || values.length === killed.lastPushed + 1).toBe(true);
    expect(values).toEqual(oneTo(values.length));
  });

  it("killed between InfluxDB's write and the spool's ack: the batch is re-sent and overwritten identically", async () => {
    await influx.query("CREATE DATABASE crash_b");
    const spool = mkdtempSync(join(tmp, "b-"));
    const killed = await runAndKill(spool, "crash_b", 300, true, (line) => line.startsWith("written"));
    expect(killed.signal).toBe("SIGKILL");
    // One batch: up to 100 lines (fewer when the flush interval came first).
    expect(killed.written).toBeGreaterThan(0);
    expect(killed.written).toBeLessThanOrEqual(100);
    const before = rows(await influx.query("SELECT count(value) FROM sunshift_reading", "crash_b"))[0]?.count;
    expect(before, "InfluxDB has the batch the child never acknowledged").toBe(killed.written);
    const { values, resent } = await recover(spool, "crash_b");
    expect(resent).toBe(killed.written);
    expect(values.length).toBeGreaterThanOrEqual(killed.lastPushed);
    expect(values).toEqual(oneTo(values.length));
  });
});
