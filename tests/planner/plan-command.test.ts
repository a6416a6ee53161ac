/**
 * `sunshift plan FILE` against contract scenario-v1: plan JSON only on stdout with exit 0;
 * exit 2 and one line naming the offending field for invalid scenarios.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runPlanCommand } from "../../addon/src/cli/plan-command.js";
import { checkPlan, type CheckPlan, type CheckScenario } from "./support/contract-checker.js";
import { generateScenario } from "./support/scenarios.js";

async function run(args: string[], stdinText = ""): Promise<{ code: number; out: string; err: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (c: Buffer) => (out += c.toString()));
  stderr.on("data", (c: Buffer) => (err += c.toString()));
  stdin.end(stdinText);
  const code = await runPlanCommand(args, { stdin, stdout, stderr });
  return { code, out, err };
}

const dir = mkdtempSync(path.join(tmpdir(), "sunshift-plan-"));
function file(content: unknown): string {
  const f = path.join(dir, `s${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(f, typeof content === "string" ? content : JSON.stringify(content));
  return f;
}

const valid = generateScenario({ seed: 9, slots: 96, stepMinutes: 15, negativePrices: true, zeroFeedIn: false, plugs: 2, start: "2026-03-29T00:00:00+01:00" });

describe("sunshift plan", () => {
  it("prints a plan that passes the contract checker, nothing else on stdout", async () => {
    const r = await run([file(valid)]);
    expect(r.code).toBe(0);
    expect(r.err).toBe("");
    const plan = JSON.parse(r.out) as CheckPlan;
    expect(plan.version).toBe(1);
    expect(plan.status).toBe("optimal");
    expect(checkPlan(valid, plan).violations).toEqual([]);
    expect(plan.slots[0]!.start).toBe("2026-03-29T00:00:00+01:00");
  });

  it("reads standard input for -, and is deterministic", async () => {
    const a = await run(["-"], JSON.stringify(valid));
    const b = await run([file(valid)]);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
  });

  const broken = (mutate: (s: CheckScenario) => unknown): unknown => mutate(structuredClone(valid));
  const invalid: { name: string; scenario: unknown; field: string }[] = [
    { name: "missing capacity", scenario: broken((s) => ({ ...s, battery: { ...s.battery, capacityWh: undefined } })), field: "battery.capacityWh:" },
    { name: "negative capacity", scenario: broken((s) => ({ ...s, battery: { ...s.battery, capacityWh: -1 } })), field: "battery.capacityWh: must be > 0" },
    { name: "array lengths differ", scenario: broken((s) => ({ ...s, loadW: s.loadW.slice(1) })), field: "loadW: must have 96 values" },
    { name: "export price above import", scenario: broken((s) => { s.exportPriceEurPerKWh[3] = s.importPriceEurPerKWh[3]! + 0.01; return s; }), field: "exportPriceEurPerKWh[3]:" },
    { name: "step of 20 minutes", scenario: broken((s) => ({ ...s, stepMinutes: 20 })), field: "stepMinutes:" },
    { name: "plug window beyond the horizon", scenario: broken((s) => { s.plugs[0]!.latestSlot = 96; return s; }), field: "plugs[0].latestSlot: must be < 96" },
    { name: "negative load", scenario: broken((s) => { s.loadW[5] = -3; return s; }), field: "loadW[5]: must be >= 0" },
    { name: "SOC start below the reserve", scenario: broken((s) => ({ ...s, battery: { ...s.battery, socStartPct: 5 } })), field: "battery.socStartPct:" },
    { name: "wrong version", scenario: broken((s) => ({ ...s, version: 2 })), field: "version:" },
    { name: "start without offset", scenario: broken((s) => ({ ...s, start: "2026-03-29T00:00:00" })), field: "start:" },
    { name: "not JSON", scenario: "{ nope", field: "scenario: invalid JSON" },
  ];
  it.each(invalid)("exit 2 naming the field: $name", async ({ scenario, field }) => {
    const r = await run([file(scenario)]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toContain(field);
  });

  it("exit 2 for a missing file and for no argument", async () => {
    expect((await run([path.join(dir, "missing.json")])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });
});
