/**
 * The year's cost for one site: no battery, rules, LP with perfect foresight and LP with the
 * forecasts the add-on would have had, re-planned every `strideSlots` slots. The replay itself
 * is the insight module's (addon/src/insight/replay.ts), shared with `sunshift backtest`.
 */
import type { BatteryModel, PlannerSlotInput, Solver } from "../addon/src/domain/index.js";
import { replay, terminalValue, type ReplayPolicy } from "../addon/src/insight/replay.js";
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

export type Policy = Extract<ReplayPolicy, "none" | "rules" | "perfect" | "forecast" | "stable">;

function actualSlots(year: readonly YearSlot[]): PlannerSlotInput[] {
  return year.map((y) => ({
    startMs: y.startMs, endMs: y.startMs + SLOT_MS, loadW: y.loadW, pvW: y.pvW,
    importPriceEurPerKWh: importPrice(y.spotEurPerKWh), exportPriceEurPerKWh: exportPrice(y.spotEurPerKWh),
  }));
}

/** Replays the given slots with one policy. Every plan's first `strideSlots` slots are executed. */
export function replayYear(year: readonly YearSlot[], packs: number, policy: Policy, solver: Solver, strideSlots: number, horizonSlots: number): YearResult {
  const bat = solarflow(packs);
  const forecast = policy === "forecast" || policy === "stable";
  const actual = actualSlots(year);
  const r = replay(actual, {
    policy, battery: bat, grid: { maxImportW: null, maxExportW: 800 }, solver, socStartPct: 50,
    strideSlots: forecast ? strideSlots : 96,
    horizonSlots: forecast ? horizonSlots : policy === "perfect" ? 192 : 96,
    forecast: (from, n) => Array.from({ length: n }, (_, k) => ({ loadW: loadForecast(year, from, from + k), pvW: year[from + k]?.pvForecastW ?? 0 })),
    marginEur: 0.1,
  });
  const cost = r.slots.reduce((a, s) => a + s.costEur, 0);
  // Energy left at the end is credited at the year's mean value, as the planner's terminal value.
  const endValue = terminalValue(bat, actual);
  return { costEur: cost - (endValue * ((r.socEndPct - 50) / 100) * bat.capacityWh) / 1000, solves: r.solves, fallbacks: r.fallbacks, flips: r.flips };
}
