/**
 * Invariants on generated and real cases: the independent contract checker passes (energy
 * balance, SOC bounds, limits, plug runs), the plan is never worse than leaving the battery
 * idle, never worse than the rules, and at least the LP relaxation's bound.
 * Real data: ../shared/data/prices/energy-charts-at-price-15min-raw-2026-03-29-dst-spring-92-quarters.json
 * and ../shared/data/prices/energy-charts-at-price-15min-raw-2025-10-26-dst-autumn-100-quarters.json
 * (day-ahead prices of the two DST days, 92 and 100 quarter-hours).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Solver } from "../../addon/src/domain/index.js";
import { scenarioSchema } from "../../addon/src/planner/scenario-schema.js";
import { scenarioToInput } from "../../addon/src/planner/scenario.js";
import { buildModel } from "../../addon/src/planner/build-model.js";
import { planByRules } from "../../addon/src/planner/rules.js";
import { checkPlan, idleBatteryCost, type CheckScenario } from "./support/contract-checker.js";
import { generateScenario, rng } from "./support/scenarios.js";
import { highsSolver, planScenario } from "./support/run.js";

let highs: Solver;
beforeAll(async () => {
  highs = await highsSolver();
});

const DATA = path.resolve(import.meta.dirname, "../../../shared/data/prices");

function dstScenario(file: string, start: string, seed: number): CheckScenario {
  const raw = JSON.parse(readFileSync(path.join(DATA, file), "utf8")) as { data: { marketprice: number }[] };
  const base = generateScenario({ seed, slots: raw.data.length, stepMinutes: 15, negativePrices: false, zeroFeedIn: false, plugs: 2, start });
  const imp = raw.data.map((d) => Math.round((d.marketprice / 1000 + 0.15) * 1e5) / 1e5);
  return { ...base, importPriceEurPerKWh: imp, exportPriceEurPerKWh: imp.map((p) => Math.min(p, 0.07)) };
}

function assertInvariants(sc: CheckScenario): void {
  const plan = planScenario(sc, [highs]);
  const check = checkPlan(sc, plan);
  expect(check.violations).toEqual([]);
  expect(plan.status).toBe("optimal");
  expect(check.costEur).toBeCloseTo(plan.objectiveEur, 6);
  // Never worse than the idle battery with the same plug schedule (a feasible point of the model).
  expect(plan.objectiveEur).toBeLessThanOrEqual(idleBatteryCost(sc, plan.slots.map((s) => s.plugsOn)) + 1e-6);
  const input = scenarioToInput(scenarioSchema.parse(sc));
  // Never worse than the rules, and never better than the LP relaxation's bound.
  expect(plan.objectiveEur).toBeLessThanOrEqual(planByRules(input, { kind: "solver_infeasible", solver: "test" }).objectiveEur + 1e-6);
  const relaxed = highs.solve(buildModel(input, true).lp, { timeLimitMs: 10_000, mipRelGap: 0 });
  if (relaxed.kind !== "optimal") throw new Error(`relaxation ${relaxed.kind}`);
  expect(relaxed.objective).toBeLessThanOrEqual(plan.objectiveEur + 1e-6);
}

describe("planner invariants", () => {
  it("DST spring day: 92 quarter-hours of real prices", () => {
    const sc = dstScenario("energy-charts-at-price-15min-raw-2026-03-29-dst-spring-92-quarters.json", "2026-03-29T00:00:00+01:00", 7);
    expect(sc.importPriceEurPerKWh).toHaveLength(92);
    assertInvariants(sc);
    const plan = planScenario(sc, [highs]);
    // 92 slots of exactly 15 minutes: the last one starts 22 h 45 min after local midnight,
    // printed in the scenario's offset (the same instant as 23:45 CEST).
    expect(plan.slots[91]!.start).toBe("2026-03-29T22:45:00+01:00");
    expect(Date.parse(plan.slots[91]!.start)).toBe(Date.parse("2026-03-29T23:45:00+02:00"));
  });

  it("DST autumn day: 100 quarter-hours of real prices", () => {
    const sc = dstScenario("energy-charts-at-price-15min-raw-2025-10-26-dst-autumn-100-quarters.json", "2025-10-26T00:00:00+02:00", 8);
    expect(sc.importPriceEurPerKWh).toHaveLength(100);
    assertInvariants(sc);
  });

  const variants = [
    { stepMinutes: 15, slots: 96, negativePrices: false, zeroFeedIn: false, plugs: 0 },
    { stepMinutes: 15, slots: 96, negativePrices: true, zeroFeedIn: false, plugs: 2 },
    { stepMinutes: 15, slots: 96, negativePrices: false, zeroFeedIn: true, plugs: 1 },
    { stepMinutes: 30, slots: 96, negativePrices: true, zeroFeedIn: true, plugs: 2 },
    { stepMinutes: 60, slots: 48, negativePrices: false, zeroFeedIn: false, plugs: 2 },
    { stepMinutes: 15, slots: 192, negativePrices: false, zeroFeedIn: false, plugs: 2 },
  ] as const;
  const r = rng(42);
  const cases = variants.flatMap((v) => [1, 2, 3].map(() => ({ ...v, seed: Math.floor(r() * 1e9) })));
  it.each(cases)("generated: $slots × $stepMinutes min, negative=$negativePrices, zeroFeedIn=$zeroFeedIn, plugs=$plugs (seed $seed)", (o) => {
    assertInvariants(generateScenario(o));
  });

  it("zero feed-in never exports", () => {
    const sc = generateScenario({ seed: 5, slots: 96, stepMinutes: 15, negativePrices: false, zeroFeedIn: true, plugs: 0 });
    const plan = planScenario(sc, [highs]);
    expect(Math.min(...plan.slots.map((s) => s.gridW))).toBeGreaterThanOrEqual(-0.5);
  });

  it("negative import price: inverter output and export are off, the battery does not discharge", () => {
    const sc = generateScenario({ seed: 11, slots: 96, stepMinutes: 15, negativePrices: true, zeroFeedIn: false, plugs: 0 });
    const plan = planScenario(sc, [highs]);
    const negative = plan.slots.filter((_, i) => sc.importPriceEurPerKWh[i]! < 0);
    expect(negative.length).toBeGreaterThan(0);
    for (const s of negative) {
      expect(s.acOutW).toBe(0);
      expect(s.gridW).toBeGreaterThanOrEqual(0);
      expect(s.batteryW).toBeLessThanOrEqual(0.5);
    }
  });

  it("same scenario, same plan (deterministic)", () => {
    const sc = generateScenario({ seed: 3, slots: 96, stepMinutes: 15, negativePrices: true, zeroFeedIn: false, plugs: 2 });
    expect(JSON.stringify(planScenario(sc, [highs]))).toBe(JSON.stringify(planScenario(sc, [highs])));
  });
});
