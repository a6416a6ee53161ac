import type { Clock, EpochMs, HaClient, HistoryReader, PlannerSlotInput, PowerSeries, PowerSlot, PriceSeries, Unsubscribe } from "../domain/index.js";
import type { Config } from "../config/index.js";
import { CachedSource } from "../sources/cached-source.js";
import { buildPriceSource, buildPvSources, type SourceDeps } from "../sources/build.js";
import type { FetchLike } from "../sources/http.js";
import type { SeriesProvider } from "../forecast/planner-inputs.js";
import type { PlannerPrices } from "../sources/price-formula.js";

const MS_PER_DAY = 86_400_000;

/**
 * Price sources that read a subscribed HA entity: a fetch is a local read, so the cache may look
 * every minute and retry quickly; new prices (tomorrow published, or the entity appearing just
 * after start) then reach the slow loop's price watcher within about a minute.
 */
const LOCAL_PRICE_SOURCES: ReadonlySet<string> = new Set(["nordpool_hacs", "entsoe_hacs", "octopus_ha"]);

/** The configured providers behind caches, plus the subscriptions of the HA-entity sources. */
export interface SlowLoopSources {
  readonly prices: SeriesProvider<PriceSeries>;
  readonly pv: readonly SeriesProvider<PowerSeries>[];
  start(): Unsubscribe;
}

export interface SourceEnv {
  readonly config: Config;
  readonly ha: HaClient;
  readonly clock: Clock;
  readonly timeZone: string;
  readonly fetch: FetchLike;
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
}

/** Builds the price and PV providers the options select, each behind a CachedSource. */
export function buildSlowLoopSources(env: SourceEnv): SlowLoopSources {
  const deps: SourceDeps = { fetch: env.fetch, ha: env.ha, timeZone: env.timeZone, latitudeDeg: env.latitudeDeg, longitudeDeg: env.longitudeDeg };
  const price = buildPriceSource(env.config.prices, deps);
  const pvs = buildPvSources(env.config.pvForecast, deps);
  const local = LOCAL_PRICE_SOURCES.has(env.config.prices.source);
  const pricePolicy = local
    ? { refreshMs: 60_000, maxAgeMs: env.config.prices.maxAgeMs, backoffBaseMs: 15_000, backoffMaxMs: 60_000 }
    : { refreshMs: 15 * 60_000, maxAgeMs: env.config.prices.maxAgeMs, backoffBaseMs: 60_000, backoffMaxMs: 30 * 60_000 };
  const pv = env.config.pvForecast;
  const pvPolicy = { refreshMs: pv.refreshMs, maxAgeMs: pv.maxAgeMs, backoffBaseMs: 60_000, backoffMaxMs: 60 * 60_000 };
  return {
    prices: new CachedSource(price.source, env.clock, pricePolicy),
    pv: pvs.map((b) => new CachedSource(b.source, env.clock, pvPolicy)),
    start: () => {
      const stops = [price, ...pvs].map((b) => b.start());
      return () => {
        for (const stop of stops) stop();
      };
    },
  };
}

/**
 * Persistence PV forecast: yesterday's measured `pv_w` (15-min buckets) shifted by one day onto
 * the planner's grid. Empty when there is no history.
 */
export function pvPersistence(history: HistoryReader, nowMs: EpochMs, horizonMs: number, stepMs: number): PowerSlot[] {
  const past = history.aggregates("pv_w", "15m", nowMs - MS_PER_DAY, nowMs - MS_PER_DAY + horizonMs);
  const byStart = new Map(past.map((a) => [a.startMs + MS_PER_DAY, a.mean]));
  const out: PowerSlot[] = [];
  const startMs = slotStartOf(nowMs, stepMs);
  for (let t = startMs; t < startMs + horizonMs; t += stepMs) {
    const vals: number[] = [];
    for (let q = t; q < t + stepMs; q += 15 * 60_000) {
      const v = byStart.get(q);
      if (v !== undefined) vals.push(Math.max(0, v));
    }
    if (vals.length > 0) out.push({ startMs: t, endMs: t + stepMs, powerW: vals.reduce((a, b) => a + b, 0) / vals.length });
  }
  return out;
}

export function slotStartOf(ms: EpochMs, stepMs: number): EpochMs {
  return Math.floor(ms / stepMs) * stepMs;
}

/**
 * The planner's slots: `horizonMs / stepMs` slots of the step grid from the current slot (cut where the
 * prices end). Without prices the grid still spans the horizon with NaN prices, so the planner
 * falls back to its rules with a `missing_data` reason instead of planning on guesses.
 * Missing PV or load values count as 0 W.
 */
export function assembleSlots(a: {
  readonly nowMs: EpochMs;
  readonly horizonMs: number;
  readonly stepMs: number;
  readonly prices: PlannerPrices | null;
  readonly pvSlots: readonly PowerSlot[];
  readonly loadSlots: readonly PowerSlot[];
}): PlannerSlotInput[] {
  const pv = new Map(a.pvSlots.map((s) => [s.startMs, s.powerW]));
  const load = new Map(a.loadSlots.map((s) => [s.startMs, s.powerW]));
  const imp = new Map(a.prices?.importSlots.map((s) => [s.startMs, s.priceEurPerKWh]));
  const exp = new Map(a.prices?.exportSlots.map((s) => [s.startMs, s.priceEurPerKWh]));
  const out: PlannerSlotInput[] = [];
  const startMs = slotStartOf(a.nowMs, a.stepMs);
  for (let t = startMs; t < startMs + a.horizonMs; t += a.stepMs) {
    const importPrice = a.prices === null ? NaN : imp.get(t);
    if (importPrice === undefined) break;
    const exportPrice = Math.min(importPrice, exp.get(t) ?? 0);
    out.push({ startMs: t, endMs: t + a.stepMs, importPriceEurPerKWh: importPrice, exportPriceEurPerKWh: exportPrice, loadW: Math.max(0, load.get(t) ?? 0), pvW: Math.max(0, pv.get(t) ?? 0) });
  }
  return out;
}
