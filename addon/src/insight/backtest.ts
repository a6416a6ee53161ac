import type { BatteryModel, GridModel, PlannerSlotInput, Solver } from "../domain/index.js";
import { blendedForecaster } from "../forecast/load-forecasters.js";
import { MemoryHistory, quarterAggregate } from "../forecast/memory-history.js";
import { billEur, tally, type Totals } from "./ledger.js";
import { replayRuns, terminalValue, type ForecastFn, type ReplayPolicy } from "./replay.js";
import type { SiteSlot } from "./site-data.js";
import { tariffPrices, type Tariff } from "./tariff.js";

/**
 * `sunshift backtest`: replays measured load and PV under a tariff with the planner and the
 * fast loop's executor model, as the add-on would have run: the load forecast is the add-on's
 * own forecaster (blended weekday/recent-days profile) fed walk-forward with the history before
 * each planning instant only; the PV forecast is the logged forecast when the data has one,
 * else yesterday's PV at the same time (the slow loop's persistence fallback). Baselines: no
 * battery, a plain self-consumption battery (the planner's rules without grid charging) and the
 * LP with perfect foresight (the ceiling the forecast-driven plan is measured against).
 */

export interface BacktestOptions {
  readonly battery: BatteryModel;
  readonly grid: GridModel;
  readonly tariff: Tariff;
  readonly timeZone: string;
  readonly solver: Solver;
  /** Slots [evalFrom, evalTo) are replayed; earlier slots only feed the forecaster. */
  readonly evalFrom?: number;
  readonly evalTo?: number;
  /** Re-plan period and horizon of the forecast-driven planner, ms. Default 1 h and 24 h. */
  readonly replanMs?: number;
  readonly horizonMs?: number;
  /** Stability margin of the slow loop, EUR (planner.replan_margin_eur). */
  readonly marginEur?: number;
  readonly socStartPct?: number;
}

export interface PolicyFigures {
  readonly policy: ReplayPolicy;
  readonly billEur: number;
  /** bill − value of the stored energy gained over the period (at the period's terminal value). */
  readonly costEur: number;
  readonly importKWh: number;
  readonly exportKWh: number;
  /** Share of the PV energy used on site (not exported, not curtailed), %. */
  readonly selfConsumptionPct: number;
  /** Share of the household's demand not imported, %. */
  readonly selfSufficiencyPct: number;
  /** Equivalent full cycles of the usable capacity (DC discharge / usable Wh). */
  readonly cycles: number;
  /** (no battery − this) / (no battery − perfect foresight), %; null for the baselines. */
  readonly perfectSharePct: number | null;
  readonly solves: number;
  readonly fallbacks: number;
  readonly flips: number;
}

export interface BacktestReport {
  readonly fromMs: number;
  readonly toMs: number;
  readonly slots: number;
  readonly stepMin: number;
  readonly policies: readonly PolicyFigures[];
  readonly method: string;
}

const Q = 900_000;

/** Walk-forward forecasts over `slots`: the load forecaster sees only buckets before each instant. */
export function walkForwardForecast(slots: readonly SiteSlot[], timeZone: string): ForecastFn {
  const history = new MemoryHistory().add(
    slots.flatMap((s) => {
      const out = [];
      for (let t = s.startMs; t < s.endMs; t += Q) out.push(quarterAggregate("base_load_w", t, s.loadW));
      return out;
    }),
  );
  const forecaster = blendedForecaster();
  const first = slots[0];
  const stepMs = first === undefined ? Q : first.endMs - first.startMs;
  const perDay = Math.round(86_400_000 / stepMs);
  return (from, n) => {
    const nowMs = slots[from]?.startMs ?? 0;
    const load = new Map(forecaster.forecast(history, { nowMs, horizonMs: n * stepMs, stepMs, timeZone }).map((p) => [p.startMs, p.powerW]));
    return Array.from({ length: n }, (_, k) => {
      const s = slots[from + k];
      const yesterday = slots[from + k - perDay];
      const pvW = s?.pvForecastW ?? (yesterday !== undefined && yesterday.startMs === (s?.startMs ?? 0) - 86_400_000 ? yesterday.pvW : 0);
      return { loadW: load.get(s?.startMs ?? 0) ?? 0, pvW };
    });
  };
}

function figuresOf(policy: ReplayPolicy, t: Totals, storedChangeWh: number, valueEurPerKWh: number, bat: BatteryModel): Omit<PolicyFigures, "perfectSharePct" | "solves" | "fallbacks" | "flips"> {
  const usableWh = ((bat.socMaxPct - bat.socMinPct) / 100) * bat.capacityWh;
  return {
    policy,
    billEur: billEur(t),
    costEur: billEur(t) - (storedChangeWh / 1000) * valueEurPerKWh,
    importKWh: t.importKWh,
    exportKWh: t.exportKWh,
    selfConsumptionPct: t.pvKWh > 0 ? (100 * (t.pvKWh - t.exportKWh - t.curtailedKWh)) / t.pvKWh : 0,
    selfSufficiencyPct: t.loadKWh > 0 ? 100 * (1 - t.importKWh / t.loadKWh) : 0,
    cycles: usableWh > 0 ? (1000 * t.dischargeKWh) / usableWh : 0,
  };
}

const POLICIES: readonly ReplayPolicy[] = ["none", "self_consumption", "stable", "perfect"];

export const BACKTEST_METHOD =
  "stable = the add-on's slow loop: LP re-planned every replan interval on walk-forward forecasts (the add-on's load forecaster on past data only; PV from the logged forecast, else yesterday's PV), kept unless a new plan is cheaper by the margin; the executor covers the actual demand in discharge slots and stores PV surplus. perfect = LP with perfect foresight, a 48 h plan per day. self_consumption = the planner's rules without grid charging. none = battery absent.";

/** Runs the four policies over the evaluated slots (contiguous runs each start at `socStartPct`). */
export function runBacktest(slots: readonly SiteSlot[], o: BacktestOptions): BacktestReport {
  const prices = tariffPrices(o.tariff, slots, o.timeZone);
  const all: PlannerSlotInput[] = slots.map((s, i) => ({
    startMs: s.startMs, endMs: s.endMs, loadW: s.loadW, pvW: s.pvW,
    importPriceEurPerKWh: prices.importEurPerKWh[i] ?? 0, exportPriceEurPerKWh: prices.exportEurPerKWh[i] ?? 0,
  }));
  const from = o.evalFrom ?? 0;
  const to = o.evalTo ?? slots.length;
  const actual = all.slice(from, to);
  const stepMs = (slots[0]?.endMs ?? Q) - (slots[0]?.startMs ?? 0);
  const perDay = Math.round(86_400_000 / stepMs);
  const forecast = walkForwardForecast(slots, o.timeZone);
  const value = terminalValue(o.battery, actual);
  const rows = POLICIES.map((policy) => {
    const forecastPolicy = policy === "stable";
    const r = replayRuns(actual, {
      policy, battery: o.battery, grid: o.grid, solver: o.solver, socStartPct: o.socStartPct ?? o.battery.socMinPct,
      strideSlots: forecastPolicy ? Math.max(1, Math.round((o.replanMs ?? 3_600_000) / stepMs)) : perDay,
      horizonSlots: forecastPolicy ? Math.max(1, Math.round((o.horizonMs ?? 86_400_000) / stepMs)) : 2 * perDay,
      forecast: (f, n) => forecast(from + f, n),
      marginEur: o.marginEur ?? 0.02,
    });
    const t = tally(actual, r.slots, o.battery, 0, actual.length);
    return { ...figuresOf(policy, t, r.storedChangeWh, value, o.battery), solves: r.solves, fallbacks: r.fallbacks, flips: r.flips };
  });
  const none = rows.find((r) => r.policy === "none")?.costEur ?? 0;
  const perfect = rows.find((r) => r.policy === "perfect")?.costEur ?? 0;
  const policies = rows.map((r): PolicyFigures => ({
    ...r,
    perfectSharePct: r.policy === "none" || r.policy === "perfect" || none - perfect <= 1e-9 ? null : (100 * (none - r.costEur)) / (none - perfect),
  }));
  return { fromMs: actual[0]?.startMs ?? 0, toMs: actual[actual.length - 1]?.endMs ?? 0, slots: actual.length, stepMin: stepMs / 60_000, policies, method: BACKTEST_METHOD };
}
