/**
 * Plug limits beyond contract scenario-v1 (../shared/contracts/scenario-v1.md): minimum off-time
 * between runs, minimum on-time and maximum starts, as the add-on's plug options define them.
 * Hand cases with the cost worked out beside them, and small generated cases compared with a
 * brute-force search over every admissible on-set (written here from the option semantics,
 * not from the planner), all checked by the independent contract checker.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Solver } from "../../addon/src/domain/index.js";
import { checkPlan, type CheckPlug, type CheckScenario } from "./support/contract-checker.js";
import { rng, SOLARFLOW } from "./support/scenarios.js";
import { highsSolver, planScenario } from "./support/run.js";

let highs: Solver;
beforeAll(async () => {
  highs = await highsSolver();
});

/** Hourly slots, no battery power, no load, no PV: the cost is Σ price · plug kWh. */
function plugOnly(imp: number[], plug: Omit<CheckPlug, "id" | "powerW" | "contiguous">): CheckScenario {
  return {
    version: 1,
    start: "2026-01-10T00:00:00+01:00",
    stepMinutes: 60,
    importPriceEurPerKWh: imp,
    exportPriceEurPerKWh: imp.map((p) => Math.min(0, p)),
    loadW: imp.map(() => 0),
    pvW: imp.map(() => 0),
    battery: { ...SOLARFLOW, maxOutputW: 0, maxAcChargeW: 0 },
    grid: { maxImportW: 11000, maxExportW: 800 },
    plugs: [{ id: "p", powerW: 1000, contiguous: false, ...plug }],
  };
}

const onSlots = (plan: { slots: readonly { plugsOn: readonly string[] }[] }): number[] =>
  plan.slots.flatMap((s, i) => (s.plugsOn.includes("p") ? [i] : []));

describe("minimum off-time (hand cases, 1 kW plug, hourly slots)", () => {
  const alternating = [0.1, 0.5, 0.1, 0.5, 0.1, 0.5];
  const cases: { name: string; imp: number[]; plug: Omit<CheckPlug, "id" | "powerW" | "contiguous">; cost: number }[] = [
    // Free: the three 0.10 slots 0, 2, 4 → 0.30 EUR.
    { name: "no limit: every cheap slot", imp: alternating, plug: { runSlots: 3, earliestSlot: 0, latestSlot: 5 }, cost: 0.3 },
    // Off 1 slot is no limit at all: the same 0.30.
    { name: "min off 1 = no limit", imp: alternating, plug: { runSlots: 3, earliestSlot: 0, latestSlot: 5, minOffSlots: 1 }, cost: 0.3 },
    // Off ≥ 2 between runs: at most two of the 0.10 slots (0 and 4, or 0 and 3..4), one 0.50 → 0.70.
    { name: "min off 2 forbids the alternation", imp: alternating, plug: { runSlots: 3, earliestSlot: 0, latestSlot: 5, minOffSlots: 2 }, cost: 0.7 },
    // Slots 0 and 4 are 3 apart (off 1, 2, 3): allowed with min off 3 → 0.20.
    { name: "min off 3: runs at 0 and 4", imp: [0.1, 0.5, 0.5, 0.5, 0.1, 0.5], plug: { runSlots: 2, earliestSlot: 0, latestSlot: 5, minOffSlots: 3 }, cost: 0.2 },
    // Min off 4: 0 and 4 too close; best one 0.10 + one 0.50 (a block, or 0 and 5) → 0.60.
    { name: "min off 4: runs at 0 and 4 too close", imp: [0.1, 0.5, 0.5, 0.5, 0.1, 0.5], plug: { runSlots: 2, earliestSlot: 0, latestSlot: 5, minOffSlots: 4 }, cost: 0.6 },
    // Window 1..4 (0.5, 0.1, 0.5, 0.1): slots 2 and 4 are off 1 < 2 apart → a block or {1, 4}: 0.60.
    { name: "window 1..4: the two cheap slots too close, one block instead", imp: alternating, plug: { runSlots: 2, earliestSlot: 1, latestSlot: 4, minOffSlots: 2 }, cost: 0.6 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const sc = plugOnly(c.imp, c.plug);
      const plan = planScenario(sc, [highs]);
      expect(plan.status).toBe("optimal");
      expect(checkPlan(sc, plan).violations).toEqual([]);
      expect(plan.objectiveEur).toBeCloseTo(c.cost, 9);
    });
  }

  it("the min-off run keeps a gap of at least 2 slots", () => {
    const sc = plugOnly(alternating, { runSlots: 3, earliestSlot: 0, latestSlot: 5, minOffSlots: 2 });
    const on = onSlots(planScenario(sc, [highs]));
    expect(on).toHaveLength(3);
    for (let k = 1; k < on.length; k++) {
      const gap = (on[k] ?? 0) - (on[k - 1] ?? 0) - 1;
      expect(gap === 0 || gap >= 2).toBe(true);
    }
  });

  it("the checker catches a gap shorter than min off", () => {
    const sc = plugOnly(alternating, { runSlots: 3, earliestSlot: 0, latestSlot: 5, minOffSlots: 2 });
    const plan = planScenario(plugOnly(alternating, { runSlots: 3, earliestSlot: 0, latestSlot: 5 }), [highs]);
    expect(checkPlan(sc, plan).violations.some((v) => v.includes("min off 2"))).toBe(true);
  });
});

/** Every on-set of `runSlots` window slots meeting the limits; the cheapest cost (Σ price · 1 kWh). */
function bruteForce(imp: readonly number[], p: CheckPlug): number {
  const window: number[] = [];
  for (let t = p.earliestSlot; t <= p.latestSlot; t++) window.push(t);
  let best = Infinity;
  for (let mask = 0; mask < 1 << window.length; mask++) {
    const on = imp.map(() => false);
    window.forEach((t, k) => {
      if ((mask >> k) & 1) on[t] = true;
    });
    if (on.filter(Boolean).length !== p.runSlots || !admissible(on, p)) continue;
    best = Math.min(best, on.reduce((a, x, t) => a + (x ? (imp[t] ?? 0) * (p.powerW / 1000) : 0), 0));
  }
  return best;
}

function admissible(on: readonly boolean[], p: CheckPlug): boolean {
  const runs: [number, number][] = [];
  on.forEach((x, i) => {
    const last = runs[runs.length - 1];
    if (x && last !== undefined && last[0] + last[1] === i) last[1]++;
    else if (x) runs.push([i, 1]);
  });
  if (p.maxStarts !== undefined && runs.length > p.maxStarts) return false;
  if (p.minOnSlots !== undefined && runs.some(([, n]) => n < (p.minOnSlots ?? 0))) return false;
  return runs.every((r, k) => k === 0 || p.minOffSlots === undefined || r[0] - ((runs[k - 1]?.[0] ?? 0) + (runs[k - 1]?.[1] ?? 0)) >= p.minOffSlots);
}

describe("plug limits on generated cases: planner = brute force", () => {
  it("40 random 10-slot cases with min on / min off / max starts", () => {
    const r = rng(20261122);
    let compared = 0;
    for (let seed = 0; seed < 40; seed++) {
      const imp = Array.from({ length: 10 }, () => Math.round((r() * 0.6 - 0.05) * 1000) / 1000);
      const earliestSlot = Math.floor(r() * 3);
      const latestSlot = 9 - Math.floor(r() * 2);
      const plug: CheckPlug = {
        id: "p",
        powerW: 1000,
        contiguous: false,
        runSlots: 2 + Math.floor(r() * 4),
        earliestSlot,
        latestSlot,
        ...(r() < 0.7 ? { minOffSlots: 2 + Math.floor(r() * 3) } : {}),
        ...(r() < 0.4 ? { minOnSlots: 2 } : {}),
        ...(r() < 0.4 ? { maxStarts: 1 + Math.floor(r() * 3) } : {}),
      };
      const best = bruteForce(imp, plug);
      const sc = { ...plugOnly(imp, plug), plugs: [plug] };
      const plan = planScenario(sc, [highs]);
      if (!Number.isFinite(best)) {
        expect(plan.status, `seed ${seed}: no admissible on-set`).toBe("fallback");
        continue;
      }
      expect(plan.status, `seed ${seed}`).toBe("optimal");
      expect(checkPlan(sc, plan).violations, `seed ${seed}`).toEqual([]);
      expect(plan.objectiveEur, `seed ${seed}`).toBeCloseTo(best, 9);
      compared++;
    }
    expect(compared).toBeGreaterThan(25);
  });
});
