/**
 * Stability with plugs: the running plan is kept only while its plug states still meet the new
 * plug requests (a run that finished early or must now be shorter forces a new plan, so a
 * finished dishwasher is not switched on again by a kept plan).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { PlannerInput, PlugRequest, Solver } from "../../addon/src/domain/index.js";
import { scenarioSchema } from "../../addon/src/planner/scenario-schema.js";
import { scenarioToInput } from "../../addon/src/planner/scenario.js";
import { optimize } from "../../addon/src/planner/optimize.js";
import { plugsMatch, replan, DEFAULT_STABILITY } from "../../addon/src/planner/stability.js";
import { SOLARFLOW } from "./support/scenarios.js";
import { highsSolver } from "./support/run.js";

let highs: Solver;
beforeAll(async () => {
  highs = await highsSolver();
});

const imp = [0.3, 0.3, 0.3, 0.1, 0.1, 0.3, 0.3, 0.3];
const dish: PlugRequest = { id: "dish@2026-01-10", powerW: 1000, runSlots: 2, earliestSlot: 0, latestSlot: 7, contiguous: true };

function input(plugs: readonly PlugRequest[]): PlannerInput {
  const base = scenarioToInput(
    scenarioSchema.parse({
      version: 1,
      start: "2026-01-10T00:00:00+01:00",
      stepMinutes: 60,
      importPriceEurPerKWh: imp,
      exportPriceEurPerKWh: imp.map(() => 0),
      loadW: imp.map(() => 200),
      pvW: imp.map(() => 0),
      battery: { ...SOLARFLOW, maxOutputW: 0, maxAcChargeW: 0 },
      grid: { maxImportW: 11000, maxExportW: 800 },
      plugs: [],
    }),
  );
  return { ...base, plugs };
}

const onSlots = (plugsOn: readonly (readonly string[])[]): number[] => plugsOn.flatMap((p, i) => (p.length > 0 ? [i] : []));

describe("replan with plug requests", () => {
  it("unchanged request: the running plan is kept with its plug run", () => {
    const running = optimize(input([dish]), [highs]).plan;
    expect(onSlots(running.slots.map((s) => s.plugsOn))).toEqual([3, 4]);
    const r = replan(input([dish]), [highs], running, DEFAULT_STABILITY);
    expect(r.decision).toBe("kept");
    expect(onSlots(r.plan.slots.map((s) => s.plugsOn))).toEqual([3, 4]);
  });

  it("run already done (no request any more): replaced, the plug stays off", () => {
    const running = optimize(input([dish]), [highs]).plan;
    const r = replan(input([]), [highs], running, DEFAULT_STABILITY);
    expect(r.decision).toBe("replaced");
    expect(onSlots(r.plan.slots.map((s) => s.plugsOn))).toEqual([]);
  });

  it("half the run done: replaced, one slot left", () => {
    const running = optimize(input([dish]), [highs]).plan;
    const r = replan(input([{ ...dish, runSlots: 1 }]), [highs], running, DEFAULT_STABILITY);
    expect(r.decision).toBe("replaced");
    expect(onSlots(r.plan.slots.map((s) => s.plugsOn))).toHaveLength(1);
  });
});

describe("plugsMatch", () => {
  const d = (plugsOn: string[][]) => plugsOn.map((p) => ({ pvUsedW: 0, acOutW: 0, acInW: 0, plugsOn: p }));
  const inp = (plugs: PlugRequest[]): PlannerInput => ({ ...input(plugs) });
  it.each([
    ["matches", [dish], [[], [], [], [dish.id], [dish.id], [], [], []], 8, true],
    ["one slot short", [dish], [[], [], [], [dish.id], [], [], [], []], 8, false],
    ["plug no longer requested", [], [[], [], [], [dish.id], [dish.id], [], [], []], 8, false],
    ["outside the new window", [{ ...dish, earliestSlot: 4 }], [[], [], [], [dish.id], [dish.id], [], [], []], 8, false],
    ["run beyond the kept coverage", [dish], [[], [], [], [dish.id], [dish.id], [], [], []], 4, false],
  ] as const)("%s", (_name, plugs, plugsOn, m, expected) => {
    expect(plugsMatch(inp([...plugs]), d(plugsOn.map((p) => [...p])), m)).toBe(expected);
  });
});
