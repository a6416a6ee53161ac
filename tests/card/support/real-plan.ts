/**
 * A real plan for the card tests: the `summer_15` 48 h scenario of
 * /work/shared/data/emhass/derived/bench_scenarios_48h.json (EMHASS household PV and load,
 * real spot prices; see data/PROVENANCE.md) set up as bench/reference-optima.ts does, planned
 * by the add-on's own planner with HiGHS, turned into the plan sensor's attributes by the
 * add-on's own toCardPayload. Day-1 plugs only, named like real devices.
 */
import { readFileSync } from "node:fs";
import type { CardPayload } from "../../../addon/src/domain/card-payload.js";
import type { Plan, PlannerInput } from "../../../addon/src/domain/index.js";
import { toCardPayload } from "../../../addon/src/mqtt/card-payload.js";
import { optimize } from "../../../addon/src/planner/optimize.js";
import { createHighsSolver } from "../../../addon/src/planner/solvers/highs-solver.js";
import { referenceInput } from "../../../bench/reference-optima.js";

export const SCENARIO_FILE = "/work/shared/data/emhass/derived/bench_scenarios_48h.json";
const PLUG_NAMES: Readonly<Record<string, string>> = { A0: "dishwasher", B0: "ebike" };

export function realPlannerInput(scenario = "summer_15"): PlannerInput {
  const all = JSON.parse(readFileSync(SCENARIO_FILE, "utf8")) as Record<string, Parameters<typeof referenceInput>[0]>;
  const sc = all[scenario];
  if (sc === undefined) throw new Error(`no scenario ${scenario} in ${SCENARIO_FILE}`);
  const input = referenceInput(sc, false);
  const plugs = input.plugs.filter((p) => p.id in PLUG_NAMES).map((p) => ({ ...p, id: PLUG_NAMES[p.id] ?? p.id }));
  return { ...input, plugs, socStartPct: 35, battery: { ...input.battery, capacityWh: 1920 } };
}

export async function realPlan(input: PlannerInput): Promise<Plan> {
  const result = optimize(input, [await createHighsSolver()]);
  return result.plan;
}

/** The plan sensor's attributes for the real plan, as the add-on publishes them. */
export async function realCardPayload(scenario = "summer_15"): Promise<CardPayload> {
  const input = realPlannerInput(scenario);
  const plan = await realPlan(input);
  return toCardPayload(plan, { slots: input.slots, plugs: input.plugs });
}
