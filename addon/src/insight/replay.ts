import type { BatteryModel, GridModel, Plan, PlannerInput, PlannerSlotInput, Solver } from "../domain/index.js";
import { optimize } from "../planner/optimize.js";
import { planByRules } from "../planner/rules.js";
import { followPlan, replan, DEFAULT_STABILITY } from "../planner/stability.js";
import { slotHours } from "../planner/build-model.js";
import { stepSlot, type Decision } from "../planner/physics.js";
import { contiguousRuns } from "./days.js";

/**
 * Replays a stretch of measured slots under one operating policy, through the planner's own
 * physics (planner/physics.ts), so every cost here is the contract cost the planner optimises:
 * - `none`: the battery is absent; PV passes the inverter up to its limit, the rest of the
 *   household comes from the grid, surplus is exported up to the export limit, the remainder
 *   curtailed (the site's limits force it).
 * - `self_consumption`: the planner's rules without grid charging (planByRules in its safe
 *   state): PV surplus into the battery, deficits out of it — a plain battery.
 * - `rules`: the planner's full rules fallback (cheap charging / dear discharging by quartiles).
 * - `perfect`: the LP with perfect foresight of load, PV and prices.
 * - `forecast`: the LP on the forecasts known at planning time, re-planned every stride; the
 *   fast loop executes the plan on the actual data (`executorDecisions`).
 * - `stable`: as `forecast`, through the slow loop's stability rule (replan).
 */
export type ReplayPolicy = "none" | "self_consumption" | "rules" | "perfect" | "forecast" | "stable";

/** What the planner would have been told at slot `from` about slots from..from+n−1. */
export type ForecastFn = (from: number, n: number) => readonly { readonly loadW: number; readonly pvW: number }[];

export interface ReplayConfig {
  readonly policy: ReplayPolicy;
  readonly battery: BatteryModel;
  readonly grid: GridModel;
  /** Needed by `perfect`, `forecast` and `stable`. */
  readonly solver: Solver | null;
  readonly socStartPct: number;
  /** Slots executed from each plan, which looks `horizonSlots` ahead (perfect: 48 h planned, 24 h executed). */
  readonly strideSlots: number;
  readonly horizonSlots: number;
  readonly forecast?: ForecastFn;
  /** Stability margin of `stable`, EUR. */
  readonly marginEur?: number;
}

/** One executed slot: the contract physics' outcome of what the hub actually did. */
export interface ExecutedSlot {
  readonly gridW: number;
  /** Net DC power into the battery, W (+ charging). */
  readonly dcNetW: number;
  readonly acInW: number;
  readonly acOutW: number;
  readonly pvUsedW: number;
  readonly storedWhEnd: number;
  /** Energy bill of the slot plus wear, EUR (the planner's slot cost). */
  readonly costEur: number;
}

export interface ReplayResult {
  readonly slots: readonly ExecutedSlot[];
  readonly socEndPct: number;
  readonly solves: number;
  readonly fallbacks: number;
  /** Re-plans whose action for the slot about to run differs from the running plan's. */
  readonly flips: number;
}

/** Value of a kWh left at the horizon end: the horizon's mean import price after discharge losses. */
export function terminalValue(bat: BatteryModel, slots: readonly PlannerSlotInput[]): number {
  const mean = slots.reduce((a, s) => a + s.importPriceEurPerKWh, 0) / Math.max(1, slots.length);
  return Math.max(0, mean * bat.dischargeEfficiency * bat.inverterEfficiency - bat.wearCostEurPerKWh);
}

function plannerInput(actual: readonly PlannerSlotInput[], from: number, n: number, cfg: ReplayConfig, socPct: number, forecast: boolean): PlannerInput {
  const known = forecast && cfg.forecast !== undefined ? cfg.forecast(from, Math.min(n, actual.length - from)) : null;
  const slots = actual.slice(from, from + n).map((s, k) => {
    const f = known?.[k];
    return f === undefined ? s : { ...s, loadW: f.loadW, pvW: f.pvW };
  });
  return {
    nowMs: actual[from]?.startMs ?? 0, slots, battery: { ...cfg.battery, terminalValueEurPerKWh: terminalValue(cfg.battery, slots) },
    grid: cfg.grid, socStartPct: socPct, plugs: [], options: { mipRelGap: 1e-4, timeLimitMs: 10_000 },
  };
}

/** The battery absent: PV through the inverter up to its limit, then export up to the limit. */
export function noBatteryDecisions(inp: PlannerInput, k: number): Decision[] {
  const bat = inp.battery;
  return inp.slots.slice(0, k).map((s) => {
    const acOutW = Math.min(s.pvW * bat.inverterEfficiency, bat.maxOutputW, s.loadW + inp.grid.maxExportW);
    return { pvUsedW: acOutW / bat.inverterEfficiency, acOutW, acInW: 0, plugsOn: [] };
  });
}

/**
 * Executor model (the fast loop with the plan's per-slot bounds, DESIGN.md "Two loops"):
 * grid-charge slots charge as planned; discharge slots cover the actual home demand (zero grid);
 * other slots pass actual PV through up to the demand plus the planned export, and the battery
 * takes the PV surplus. The hub's SOC limits then cap what actually happens (followPlan).
 */
function executorDecisions(plan: Plan, actual: readonly PlannerSlotInput[], from: number, k: number, bat: BatteryModel): Decision[] {
  return plan.slots.slice(0, k).map((s, t) => {
    const y = actual[from + t];
    const demand = y?.loadW ?? 0;
    const pv = y?.pvW ?? 0;
    const plannedExport = Math.max(0, -s.gridW);
    let acOutW = Math.min(bat.maxOutputW, pv * bat.inverterEfficiency, demand + plannedExport);
    if (s.acInW > 0) acOutW = 0;
    else if (s.action === "discharge") acOutW = Math.min(bat.maxOutputW, Math.max(demand + plannedExport, acOutW));
    return { pvUsedW: pv, acOutW, acInW: s.acInW, plugsOn: [] };
  });
}

interface Tally {
  solves: number;
  fallbacks: number;
  flips: number;
  running: Plan | null;
}

/** The forecast policies' planning step: a fresh plan, or the stability rule against the running one. */
function planStep(inp: PlannerInput, solver: Solver, t: Tally, cfg: ReplayConfig): Plan {
  if (cfg.policy !== "stable" || t.running === null) {
    const r = optimize(inp, [solver]);
    t.solves++;
    if (r.kind === "fallback") t.fallbacks++;
    return r.plan;
  }
  const r = replan(inp, [solver], t.running, { ...DEFAULT_STABILITY, marginEur: cfg.marginEur ?? 0.1 });
  t.solves += r.decision === "replaced" ? 2 : 1;
  if (r.plan.status === "fallback") t.fallbacks++;
  return r.plan;
}

const SAFE_STATE = { kind: "missing_data", field: "self_consumption_baseline", fromMs: 0 } as const;
const RULES = { kind: "solver_error", solver: "replay", message: "rules baseline" } as const;

/** One step's decisions for the first k slots under the policy; counts solves, fallbacks, flips. */
function stepDecisions(cfg: ReplayConfig, inp: PlannerInput, actual: readonly PlannerSlotInput[], from: number, k: number, t: Tally): Decision[] {
  switch (cfg.policy) {
    case "none":
      return noBatteryDecisions(inp, k);
    case "self_consumption":
      return planByRules(inp, { ...SAFE_STATE, fromMs: inp.nowMs }).slots.slice(0, k);
    case "rules":
      return planByRules(inp, RULES).slots.slice(0, k);
    case "perfect": {
      if (cfg.solver === null) return planByRules(inp, RULES).slots.slice(0, k);
      const r = optimize(inp, [cfg.solver]);
      t.solves++;
      if (r.kind === "fallback") t.fallbacks++;
      return r.plan.slots.slice(0, k);
    }
    case "forecast":
    case "stable": {
      if (cfg.solver === null) return planByRules(inp, RULES).slots.slice(0, k);
      const plan = planStep(inp, cfg.solver, t, cfg);
      const before = t.running?.slots.find((s) => s.startMs === actual[from]?.startMs)?.action;
      if (before !== undefined && before !== plan.slots[0]?.action) t.flips++;
      t.running = plan;
      return executorDecisions(plan, actual, from, k, cfg.battery);
    }
  }
}

/**
 * Replays contiguous slots (all of one length) with one policy: every `strideSlots` a plan over
 * the next `horizonSlots` is made and its first `strideSlots` executed on the actual data.
 * Never throws for solver failures: a failed solve falls back to the rules, and is counted.
 */
export function replay(actual: readonly PlannerSlotInput[], cfg: ReplayConfig): ReplayResult {
  const forecast = cfg.policy === "forecast" || cfg.policy === "stable";
  const stride = Math.max(1, cfg.strideSlots);
  const tally: Tally = { solves: 0, fallbacks: 0, flips: 0, running: null };
  const out: ExecutedSlot[] = [];
  let soc = cfg.socStartPct;
  for (let from = 0; from < actual.length; from += stride) {
    const k = Math.min(stride, actual.length - from);
    const inp = plannerInput(actual, from, cfg.horizonSlots, cfg, soc, forecast);
    const truth = plannerInput(actual, from, k, cfg, soc, false);
    const planned = stepDecisions(cfg, inp, actual, from, k, tally);
    const done = forecast ? followPlan(truth, planned) : planned;
    let stored = (soc / 100) * cfg.battery.capacityWh;
    const dtH = slotHours(truth);
    done.forEach((d, t) => {
      const o = stepSlot(truth, t, d, stored, dtH);
      stored = o.storedWhEnd;
      out.push({ gridW: o.gridW, dcNetW: o.dcNetW, acInW: d.acInW, acOutW: d.acOutW, pvUsedW: d.pvUsedW, storedWhEnd: o.storedWhEnd, costEur: o.costEur });
    });
    soc = (100 * stored) / cfg.battery.capacityWh;
  }
  return { slots: out, socEndPct: soc, solves: tally.solves, fallbacks: tally.fallbacks, flips: tally.flips };
}

/** A replay over data with gaps: each contiguous run from `socStartPct`, results in slot order. */
export interface RunsResult {
  readonly slots: readonly ExecutedSlot[];
  /** Σ over runs of (stored energy at the run's end − at its start), Wh. */
  readonly storedChangeWh: number;
  readonly solves: number;
  readonly fallbacks: number;
  readonly flips: number;
}

/**
 * `replay` on every run of contiguous slots of `actual`; `cfg.forecast` takes indices into the
 * whole of `actual`. The executed slots line up with `actual`.
 */
export function replayRuns(actual: readonly PlannerSlotInput[], cfg: ReplayConfig): RunsResult {
  const slots: ExecutedSlot[] = [];
  let storedChangeWh = 0;
  let solves = 0;
  let fallbacks = 0;
  let flips = 0;
  for (const [a, b] of contiguousRuns(actual)) {
    const forecast = cfg.forecast;
    const r = replay(actual.slice(a, b), { ...cfg, ...(forecast === undefined ? {} : { forecast: (from: number, n: number) => forecast(a + from, n) }) });
    slots.push(...r.slots);
    storedChangeWh += ((r.socEndPct - cfg.socStartPct) / 100) * cfg.battery.capacityWh;
    solves += r.solves;
    fallbacks += r.fallbacks;
    flips += r.flips;
  }
  return { slots, storedChangeWh, solves, fallbacks, flips };
}
