/**
 * Rules fallback, solver checks and reason texts. The fallback is forced through fake solvers
 * at the Solver port (no module mocking).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { LinearProgram, PlanReason, Solver, SolveOutcome } from "../../addon/src/domain/index.js";
import { reasonText, type ReasonLang } from "../../addon/src/domain/reason-text.js";
import { scenarioSchema } from "../../addon/src/planner/scenario-schema.js";
import { scenarioToInput, planToJson } from "../../addon/src/planner/scenario.js";
import { optimize } from "../../addon/src/planner/optimize.js";
import { buildModel } from "../../addon/src/planner/build-model.js";
import { createJsLpSolver } from "../../addon/src/planner/solvers/jslp-solver.js";
import { checkPlan, idleBatteryCost, type CheckScenario } from "./support/contract-checker.js";
import { generateScenario } from "./support/scenarios.js";
import { highsSolver } from "./support/run.js";

let highs: Solver;
beforeAll(async () => {
  highs = await highsSolver();
});

const fake = (name: string, answer: (lp: LinearProgram) => SolveOutcome): Solver => ({ name, solve: (lp) => answer(lp) });

function run(sc: CheckScenario, solvers: readonly Solver[]) {
  const parsed = scenarioSchema.parse(sc);
  const result = optimize(scenarioToInput(parsed), solvers);
  return { result, json: planToJson(result.plan, parsed) };
}

describe("rules fallback", () => {
  const causes: { name: string; solver: Solver; cause: string }[] = [
    { name: "timeout", solver: fake("slow", () => ({ kind: "timeout" })), cause: "solver_timeout" },
    { name: "infeasible", solver: fake("nope", () => ({ kind: "infeasible" })), cause: "solver_infeasible" },
    { name: "error", solver: fake("boom", () => ({ kind: "error", message: "wasm trap" })), cause: "solver_error" },
    {
      // A "feasible" answer with fractional binaries, as jsLPSolver gives after a timeout.
      name: "fractional binaries",
      solver: fake("liar", (lp) => ({ kind: "feasible", colValue: new Float64Array(lp.numCols).fill(0.5), rowDual: null, objective: 0 })),
      cause: "invalid_solution",
    },
  ];
  const seeds = [1, 2, 3, 4, 5, 6];
  it.each(causes)("$name → status fallback with the cause; physics hold; never worse than an idle battery", ({ solver, cause }) => {
    for (const seed of seeds) {
      const sc = generateScenario({ seed, slots: 96, stepMinutes: 15, negativePrices: seed % 2 === 0, zeroFeedIn: seed % 3 === 0, plugs: 2 });
      const { result, json } = run(sc, [solver]);
      expect(result.kind).toBe("fallback");
      expect(json.status).toBe("fallback");
      expect(json.reasons[0]).toMatchObject({ kind: "fallback", cause: { kind: cause } });
      expect(json.slots[0]!.reasons[0]).toMatchObject({ kind: "fallback", cause: { kind: cause } });
      const check = checkPlan(sc, json);
      expect(check.violations).toEqual([]);
      expect(json.objectiveEur).toBeLessThanOrEqual(idleBatteryCost(sc, json.slots.map((s) => s.plugsOn)) + 1e-9);
      expect(json.slots.every((s) => s.reasons.some((r) => r.kind === "rule"))).toBe(true);
    }
  });

  it("a failing first solver hands over to the next one", () => {
    const sc = generateScenario({ seed: 4, slots: 48, stepMinutes: 60, negativePrices: false, zeroFeedIn: false, plugs: 1 });
    const { json } = run(sc, [fake("boom", () => ({ kind: "error", message: "x" })), highs]);
    expect(json.status).toBe("optimal");
    expect(json.reasons[0]).toMatchObject({ kind: "solved", solver: "highs" });
  });

  it("missing data → safe state: no grid charging", () => {
    const sc = generateScenario({ seed: 2, slots: 96, stepMinutes: 15, negativePrices: false, zeroFeedIn: false, plugs: 0 });
    const input = scenarioToInput(scenarioSchema.parse(sc));
    const slots = input.slots.map((s, i) => (i === 10 ? { ...s, importPriceEurPerKWh: Number.NaN } : s));
    const result = optimize({ ...input, slots }, [highs]);
    expect(result.kind).toBe("fallback");
    if (result.kind === "fallback") expect(result.cause).toMatchObject({ kind: "missing_data", field: "importPriceEurPerKWh", fromMs: slots[10]!.startMs });
    expect(result.plan.slots.every((s) => s.acInW === 0)).toBe(true);
    expect(Number.isFinite(result.plan.objectiveEur)).toBe(true);
  });
});

describe("javascript-lp-solver adapter", () => {
  it.each([1, 2, 3])("small LP (24 × 60 min, no plugs) matches HiGHS (seed %i)", (seed) => {
    const sc = generateScenario({ seed, slots: 24, stepMinutes: 60, negativePrices: seed === 2, zeroFeedIn: false, plugs: 0 });
    const a = run(sc, [createJsLpSolver()]).json;
    const b = run(sc, [highs]).json;
    expect(a.reasons[0]).toMatchObject({ kind: "solved", solver: "javascript-lp-solver" });
    expect(checkPlan(sc, a).violations).toEqual([]);
    expect(a.objectiveEur).toBeCloseTo(b.objectiveEur, 6);
  });

  it("small MILP with a plug: integral answer, same optimum", () => {
    const sc = generateScenario({ seed: 8, slots: 24, stepMinutes: 60, negativePrices: false, zeroFeedIn: false, plugs: 1 });
    const a = run(sc, [createJsLpSolver(undefined, () => performance.now())]).json;
    expect(a.status).toBe("optimal");
    // Without a timer a MIP answer cannot be told from a timed-out incumbent: "feasible".
    expect(run(sc, [createJsLpSolver()]).json.status).toBe("feasible");
    expect(a.objectiveEur).toBeCloseTo(run(sc, [highs]).json.objectiveEur, 6);
  });

  it("refuses models beyond its limits instead of hanging", () => {
    const sc = generateScenario({ seed: 1, slots: 192, stepMinutes: 15, negativePrices: false, zeroFeedIn: false, plugs: 2 });
    const lp = buildModel(scenarioToInput(scenarioSchema.parse(sc))).lp;
    const out = createJsLpSolver({ maxCols: 1500, maxIntegers: 100 }).solve(lp, { timeLimitMs: 1000, mipRelGap: 0 });
    expect(out.kind).toBe("error");
  });
});

describe("reason texts", () => {
  const at = Date.parse("2026-01-10T18:00:00Z");
  const samples: PlanReason[] = [
    { kind: "grid_charge", powerW: 1000, priceNowEurPerKWh: 0.09, laterPriceEurPerKWh: 0.31, laterAtMs: at, roundTripLossPct: 12 },
    { kind: "discharge", powerW: 421, priceNowEurPerKWh: 0.4, storedValueEurPerKWh: 0.2 },
    { kind: "store_pv", powerW: 500, exportPriceEurPerKWh: 0.05, laterPriceEurPerKWh: 0.3, laterAtMs: at },
    { kind: "hold", priceNowEurPerKWh: 0.2, laterPriceEurPerKWh: 0.35, laterAtMs: at },
    { kind: "idle", spreadEurPerKWh: 0.02, neededSpreadEurPerKWh: 0.07 },
    { kind: "curtail", curtailedW: 140, cause: "battery_full", exportLimitW: 0, exportPriceEurPerKWh: 0.05 },
    { kind: "export", powerW: 300, exportPriceEurPerKWh: 0.07 },
    { kind: "negative_price", priceEurPerKWh: -0.05, importW: 1200 },
    { kind: "plug_on", plugId: "dishwasher", priceEurPerKWh: 0.1, windowMeanPriceEurPerKWh: 0.2 },
    { kind: "rule", rule: "cheap_charge", priceEurPerKWh: 0.1, lowThresholdEurPerKWh: 0.12, highThresholdEurPerKWh: 0.3 },
    { kind: "fallback", cause: { kind: "solver_timeout", solver: "highs", timeLimitMs: 5000 } },
    { kind: "solved", solver: "highs", status: "optimal", binaries: 12 },
    { kind: "plan_kept", keptCostEur: 1.2, candidateCostEur: 1.19, marginEur: 0.02 },
    { kind: "plan_replaced", keptCostEur: 1.5, candidateCostEur: 1.2, stickySlots: 1 },
    { kind: "off_plan", plannedSocPct: 50, observedSocPct: 40 },
  ];
  const langs: ReasonLang[] = ["en", "de", "nl"];

  it("every kind has a distinct text per language, carrying its numbers", () => {
    for (const r of samples) {
      const texts = langs.map((l) => reasonText(r, l, { timeZone: "Europe/Berlin" }));
      expect(new Set(texts).size).toBe(3);
      for (const t of texts) expect(t.length).toBeGreaterThan(10);
    }
  });

  it("the issue's example sentences", () => {
    expect(reasonText(samples[0]!, "en", { timeZone: "Europe/Berlin" })).toBe(
      "charge from grid: 0.09 €/kWh now vs 0.31 €/kWh at 19:00, worth it after 12 % round-trip loss",
    );
    expect(reasonText(samples[5]!, "en")).toBe("curtail 140 W: battery full and export capped at 0 W");
    expect(reasonText(samples[0]!, "de", { timeZone: "Europe/Berlin" })).toContain("0,09 €/kWh");
  });
});
