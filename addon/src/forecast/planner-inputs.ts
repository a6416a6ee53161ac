import type { EpochMs, HistoryReader, InputStatus, PowerSeries, PowerSlot, PriceSeries } from "../domain/index.js";
import type { CachedInput } from "../sources/cached-source.js";
import { plannerPrices, type ExportFormula, type ImportFormula, type PlannerPrices } from "../sources/price-formula.js";
import { resamplePower, slotsFrom } from "../sources/slot-ops.js";
import { chooseInput, summarizeFreshness, type FreshnessSummary, type InputReport } from "./freshness.js";
import type { LoadForecaster } from "./load-forecasters.js";

/** Anything that hands out a cached series (CachedSource, or a fake in tests). */
export interface SeriesProvider<T> {
  get(): Promise<CachedInput<T>>;
}

export interface InputsRequest {
  readonly nowMs: EpochMs;
  readonly horizonMs: number;
  /** The planner's step (15/30/60 min). */
  readonly stepMs: number;
  readonly timeZone: string;
  readonly importFormula: ImportFormula;
  readonly exportFormula: ExportFormula;
  /** History older than this (latest `base_load_w` bucket) makes the load forecast stale. */
  readonly loadMaxAgeMs: number;
}

export interface InputsDeps {
  readonly prices: SeriesProvider<PriceSeries>;
  /** In order of preference (configured provider, then the weather fallback). */
  readonly pv: readonly SeriesProvider<PowerSeries>[];
  readonly history: HistoryReader;
  readonly loadForecaster: LoadForecaster;
}

/** Everything the planner needs for one run, on its step grid, with what was stale or missing. */
export interface PlannerInputs {
  /** Null when no prices at all: the planner must fall back (and say so). */
  readonly prices: PlannerPrices | null;
  readonly currency: string | null;
  /** The price series used (null when none), so a later run can tell whether it changed. */
  readonly priceSeries: PriceSeries | null;
  /** The PV series used (null when none). */
  readonly pvSeries: PowerSeries | null;
  /** DC PV power; empty when no forecast at all (the freshness summary says why). */
  readonly pvSlots: readonly PowerSlot[];
  readonly loadSlots: readonly PowerSlot[];
  readonly freshness: FreshnessSummary;
}

/** Freshness of the load history: the age of the latest `base_load_w` bucket of the past week. */
function loadStatus(history: HistoryReader, nowMs: EpochMs, maxAgeMs: number): InputStatus {
  const recent = history.aggregates("base_load_w", "15m", nowMs - 7 * 86_400_000, nowMs);
  const last = recent[recent.length - 1];
  if (last === undefined) return { kind: "missing", cause: "no load history in the last 7 days" };
  const ageMs = Math.max(0, nowMs - (last.startMs + 15 * 60_000));
  return ageMs <= maxAgeMs ? { kind: "fresh", ageMs } : { kind: "stale", ageMs, maxAgeMs };
}

/**
 * Gathers prices, PV and load for one planning run: asks the caches (which never throw),
 * picks the freshest usable PV provider, forecasts the load from history, resamples everything
 * to the planner's step from `nowMs`, and records per input what was used and why.
 */
export async function gatherPlannerInputs(deps: InputsDeps, req: InputsRequest): Promise<PlannerInputs> {
  const [prices, ...pv] = await Promise.all([deps.prices.get(), ...deps.pv.map((p) => p.get())]);
  const priceChoice = chooseInput("prices", [prices]);
  const pvChoice = chooseInput("pv_forecast", pv);
  const loadSlots = deps.loadForecaster.forecast(deps.history, {
    nowMs: req.nowMs,
    horizonMs: req.horizonMs,
    stepMs: req.stepMs,
    timeZone: req.timeZone,
  });
  const loadReport: InputReport = { input: "load_forecast", source: deps.loadForecaster.name, status: loadStatus(deps.history, req.nowMs, req.loadMaxAgeMs) };
  const end = req.nowMs + req.horizonMs;
  const priceSeries = priceChoice.value;
  return {
    prices:
      priceSeries === null
        ? null
        : clipPrices(plannerPrices(priceSeries, req.importFormula, req.exportFormula, req.stepMs, req.nowMs), end),
    currency: priceSeries?.currency ?? null,
    priceSeries,
    pvSeries: pvChoice.value,
    pvSlots: pvChoice.value === null ? [] : slotsFrom(resamplePower(pvChoice.value.slots, req.stepMs), req.nowMs).filter((s) => s.startMs < end),
    loadSlots,
    freshness: summarizeFreshness([priceChoice.report, pvChoice.report, loadReport]),
  };
}

function clipPrices(p: PlannerPrices, endMs: EpochMs): PlannerPrices {
  return { importSlots: p.importSlots.filter((s) => s.startMs < endMs), exportSlots: p.exportSlots.filter((s) => s.startMs < endMs) };
}
