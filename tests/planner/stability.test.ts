/**
 * Stability: re-planning every slot on noisy forecasts must not flip the executed action.
 * "Executed action" = the inverter set-points (AC out / AC in, 10 W resolution) and plug
 * states of the slot that is about to run, compared with what the running plan said for it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { Plan, PlannerInput, Solver } from "../../addon/src/domain/index.js";
import { scenarioSchema } from "../../addon/src/planner/scenario-schema.js";
import { scenarioToInput } from "../../addon/src/planner/scenario.js";
import { optimize } from "../../addon/src/planner/optimize.js";
import { replan, DEFAULT_STABILITY } from "../../addon/src/planner/stability.js";
import { generateScenario, rng } from "./support/scenarios.js";
import { highsSolver } from "./support/run.js";

let highs: Solver;
beforeAll(async () => {
  highs = await highsSolver();
});

const H = 96;
/**
 * A 10-cent margin over a day: the ±15 % noise alone moves the cost of executing the running
 * set-points by 2–5 cents against a fresh plan, so a smaller margin would replace every time.
 */
const CFG = { ...DEFAULT_STABILITY, marginEur: 0.1 };
const STEPS = 16;
const truth = scenarioToInput(scenarioSchema.parse(generateScenario({ seed: 21, slots: H + STEPS, stepMinutes: 15, negativePrices: false, zeroFeedIn: false, plugs: 0 })));

/** The horizon starting at slot j with ±15 % multiplicative noise on load and PV. */
function noisyInput(j: number, socPct: number, seed: number): PlannerInput {
  const r = rng(seed);
  const noise = (x: number): number => Math.max(0, Math.round(x * (0.85 + 0.3 * r())));
  return {
    ...truth,
    nowMs: truth.slots[j]!.startMs,
    slots: truth.slots.slice(j, j + H).map((s) => ({ ...s, loadW: noise(s.loadW), pvW: noise(s.pvW) })),
    socStartPct: socPct,
  };
}

const action = (p: Plan, i: number): string => {
  const s = p.slots[i]!;
  return `${Math.round(s.acOutW / 10)}/${Math.round(s.acInW / 10)}/${s.plugsOn.join(",")}`;
};

/** Runs STEPS re-plans; counts slots whose executed action differs from the running plan's. */
function simulateLoop(stable: boolean): { flips: number; kept: number } {
  let running = optimize(noisyInput(0, 50, 1000), [highs]).plan;
  let flips = 0;
  let kept = 0;
  for (let j = 1; j < STEPS; j++) {
    // The state is on plan: the SOC the running plan expected at the start of slot j.
    const soc = running.slots[0]!.socPct;
    const expected = action(running, 1);
    const input = noisyInput(j, soc, 1000 + j);
    const next = stable ? replan(input, [highs], running, CFG) : { plan: optimize(input, [highs]).plan, decision: "replaced" as const };
    if (next.decision === "kept") kept++;
    if (action(next.plan, 0) !== expected) flips++;
    running = next.plan;
  }
  return { flips, kept };
}

describe("stability", () => {
  it("noise alone makes a fresh plan flip the executed action (the test can fail)", () => {
    expect(simulateLoop(false).flips).toBeGreaterThan(0);
  });

  it("with the margin and a sticky first slot the executed action never flips", () => {
    const r = simulateLoop(true);
    expect(r.flips).toBe(0);
    expect(r.kept).toBeGreaterThan(0);
  });

  it("off plan: the fresh plan is taken and says why", () => {
    const first = optimize(noisyInput(0, 50, 1), [highs]).plan;
    const off = replan(noisyInput(1, Math.max(10, first.slots[0]!.socPct - 20), 2), [highs], first, DEFAULT_STABILITY);
    expect(off.decision).toBe("replaced");
    expect(off.plan.reasons.some((r) => r.kind === "off_plan")).toBe(true);
  });

  it("a clearly better plan replaces the running one (price shock), keeping the first slot", () => {
    const first = optimize(noisyInput(0, 50, 1), [highs]).plan;
    const shocked = noisyInput(1, first.slots[0]!.socPct, 2);
    const slots = shocked.slots.map((s, i) => (i >= 8 && i < 16 ? { ...s, importPriceEurPerKWh: 2 } : s));
    const res = replan({ ...shocked, slots }, [highs], first, DEFAULT_STABILITY);
    expect(res.decision).toBe("replaced");
    expect(action(res.plan, 0)).toBe(action(first, 1));
    const why = res.plan.reasons.find((r) => r.kind === "plan_replaced");
    expect(why).toMatchObject({ stickySlots: 1 });
    if (why?.kind === "plan_replaced") expect(why.keptCostEur - why.candidateCostEur).toBeGreaterThan(DEFAULT_STABILITY.marginEur);
  });
});
