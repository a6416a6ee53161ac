/**
 * The year's cost for one site: no battery, rules, LP with perfect foresight and LP with the
 * forecasts the add-on would have had, re-planned every `strideSlots` slots.
 */
import type { BatteryModel, Plan, PlannerInput, Solver } from "../addon/src/domain/index.js";
import { optimize } from "../addon/src/planner/optimize.js";
import { planByRules } from "../addon/src/planner/rules.js";
import { followPlan, replan, DEFAULT_STABILITY } from "../addon/src/planner/stability.js";
import { stepSlot, type Decision } from "../addon/src/planner/physics.js";
import { exportPrice, importPrice, loadForecast, type YearSlot } from "./bench-data.js";

export interface YearResult {
  readonly costEur: number;
  readonly solves: number;
  readonly fallbacks: number;
  /** Re-plans whose action for the slot about to run differs from the running plan's. */
  readonly flips: number;
}

const SLOT_MS = 15 * 60_000;

export function solarflow(packs: number): BatteryModel {
  return {
    capacityWh: 1920 * packs, socMinPct: 10, socMaxPct: 100, maxOutputW: 800, maxAcChargeW: 1000,
    maxChargeDcW: 1200, maxDischargeDcW: 1200, chargeEfficiency: 0.96, dischargeEfficiency: 0.96,
    inverterEfficiency: 0.95, wearCostEurPerKWh: 0.02, terminalValueEurPerKWh: 0,
  };
}

/** Value of a kWh left at the horizon end: the horizon's mean import price after discharge losses. */
function terminalValue(bat: BatteryModel, slots: PlannerInput["slots"]): number {
  const mean = slots.reduce((a, s) => a + s.importPriceEurPerKWh, 0) / Math.max(1, slots.length);
  return Math.max(0, mean * bat.dischargeEfficiency * bat.inverterEfficiency - bat.wearCostEurPerKWh);
}

function input(year: readonly YearSlot[], from: number, n: number, bat: BatteryModel, socPct: number, forecast: boolean): PlannerInput {
  const slots = year.slice(from, from + n).map((y, k) => ({
    startMs: y.startMs, endMs: y.startMs + SLOT_MS,
    importPriceEurPerKWh: importPrice(y.spotEurPerKWh), exportPriceEurPerKWh: exportPrice(y.spotEurPerKWh),
    loadW: forecast ? loadForecast(year, from, from + k) : y.loadW,
    pvW: forecast ? y.pvForecastW : y.pvW,
  }));
  return { nowMs: year[from]?.startMs ?? 0, slots, battery: { ...bat, terminalValueEurPerKWh: terminalValue(bat, slots) },
    grid: { maxImportW: null, maxExportW: 800 }, socStartPct: socPct, plugs: [], options: { mipRelGap: 1e-4, timeLimitMs: 10_000 } };
}

/** Cost of executing decisions on the actual data from `from`; returns the new SOC too. */
function execute(year: readonly YearSlot[], from: number, decisions: readonly Decision[], bat: BatteryModel, socPct: number, follow: boolean): { cost: number; socPct: number } {
  const actual = input(year, from, decisions.length, bat, socPct, false);
  const done = follow ? followPlan(actual, decisions) : decisions;
  let stored = (socPct / 100) * bat.capacityWh;
  let cost = 0;
  done.forEach((d, t) => {
    const o = stepSlot(actual, t, d, stored, 0.25);
    stored = o.storedWhEnd;
    cost += o.costEur;
  });
  return { cost, socPct: (100 * stored) / bat.capacityWh };
}

/**
 * Executor model (the fast loop with the plan's per-slot bounds, DESIGN.md "Two loops"):
 * grid-charge slots charge as planned; discharge slots cover the actual home demand (zero grid);
 * other slots pass actual PV through up to the demand plus the planned export, and the battery
 * takes the PV surplus. The hub's SOC limits then cap what actually happens (followPlan).
 */
function executorDecisions(plan: Plan, year: readonly YearSlot[], from: number, k: number): Decision[] {
  return plan.slots.slice(0, k).map((s, t) => {
    const y = year[from + t];
    const demand = y?.loadW ?? 0;
    const pv = y?.pvW ?? 0;
    const plannedExport = Math.max(0, -s.gridW);
    let acOutW = Math.min(800, pv * 0.95, demand + plannedExport);
    if (s.acInW > 0) acOutW = 0;
    else if (s.action === "discharge") acOutW = Math.min(800, Math.max(demand + plannedExport, acOutW));
    return { pvUsedW: pv, acOutW, acInW: s.acInW, plugsOn: [] };
  });
}

export type Policy = "none" | "rules" | "perfect" | "forecast" | "stable";

/** The forecast policies' planning step: a fresh plan, or the stability rule against the running one. */
function planStep(inp: PlannerInput, solver: Solver, running: Plan | null, stable: boolean): { plan: Plan; solves: number; fallback: boolean } {
  if (!stable || running === null) {
    const r = optimize(inp, [solver]);
    return { plan: r.plan, solves: 1, fallback: r.kind === "fallback" };
  }
  const r = replan(inp, [solver], running, { ...DEFAULT_STABILITY, marginEur: 0.1 });
  return { plan: r.plan, solves: r.decision === "replaced" ? 2 : 1, fallback: r.plan.status === "fallback" };
}

function noBattery(inp: PlannerInput, k: number): Decision[] {
  const bat = inp.battery;
  return inp.slots.slice(0, k).map((s) => {
    const room = s.exportPriceEurPerKWh > 0 ? 800 : 0;
    const ao = s.importPriceEurPerKWh < 0 ? 0 : Math.min(s.pvW * bat.inverterEfficiency, bat.maxOutputW, s.loadW + room);
    return { pvUsedW: ao / bat.inverterEfficiency, acOutW: ao, acInW: 0, plugsOn: [] };
  });
}

interface Tally {
  solves: number;
  fallbacks: number;
  flips: number;
  running: Plan | null;
}

/** One step's decisions for the first k slots under a policy; counts solves, fallbacks, flips. */
function stepDecisions(policy: Policy, inp: PlannerInput, year: readonly YearSlot[], from: number, k: number, solver: Solver, t: Tally): Decision[] {
  switch (policy) {
    case "none":
      return noBattery(inp, k);
    case "rules":
      return planByRules(inp, { kind: "solver_error", solver: "bench", message: "rules baseline" }).slots.slice(0, k);
    case "perfect": {
      const r = optimize(inp, [solver]);
      t.solves++;
      if (r.kind === "fallback") t.fallbacks++;
      return r.plan.slots.slice(0, k);
    }
    case "forecast":
    case "stable": {
      const step = planStep(inp, solver, t.running, policy === "stable");
      t.solves += step.solves;
      if (step.fallback) t.fallbacks++;
      const before = t.running?.slots.find((s) => s.startMs === year[from]?.startMs)?.action;
      if (before !== undefined && before !== step.plan.slots[0]?.action) t.flips++;
      t.running = step.plan;
      return executorDecisions(step.plan, year, from, k);
    }
  }
}

/** Replays the given slots with one policy. Every plan's first `strideSlots` slots are executed. */
export function replayYear(year: readonly YearSlot[], packs: number, policy: Policy, solver: Solver, strideSlots: number, horizonSlots: number): YearResult {
  const bat = solarflow(packs);
  let soc = 50;
  let cost = 0;
  const tally: Tally = { solves: 0, fallbacks: 0, flips: 0, running: null };
  const forecast = policy === "forecast" || policy === "stable";
  const stride = forecast ? strideSlots : 96;
  const horizon = forecast ? horizonSlots : policy === "perfect" ? 192 : 96;
  for (let from = 0; from < year.length; from += stride) {
    const k = Math.min(stride, year.length - from);
    const inp = input(year, from, horizon, bat, soc, forecast);
    const ex = execute(year, from, stepDecisions(policy, inp, year, from, k, solver, tally), bat, soc, forecast);
    cost += ex.cost;
    soc = ex.socPct;
  }
  // Energy left at the end is credited at the year's mean value, as the planner's terminal value.
  const endValue = terminalValue(bat, input(year, 0, year.length, bat, 50, false).slots);
  cost -= (endValue * ((soc - 50) / 100) * bat.capacityWh) / 1000;
  return { costEur: cost, solves: tally.solves, fallbacks: tally.fallbacks, flips: tally.flips };
}
