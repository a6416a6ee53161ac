import type { EpochMs } from "./time.js";

/**
 * Canonical time slots (STYLE.md P2). Every price feed and forecast is converted once, in its
 * adapter, into these. A slot covers [startMs, endMs).
 */

/** A price over [startMs, endMs), per kWh. EUR unless the series says another `currency`. */
export interface PriceSlot {
  readonly startMs: EpochMs;
  readonly endMs: EpochMs;
  readonly priceEurPerKWh: number;
}

/** A mean power over [startMs, endMs), W (PV: DC power before the inverter limit; load: AC). */
export interface PowerSlot {
  readonly startMs: EpochMs;
  readonly endMs: EpochMs;
  readonly powerW: number;
}

/**
 * A series with its provenance. Preconditions every producer guarantees and every consumer may
 * rely on: `slots` sorted by `startMs`, non-overlapping, each `endMs > startMs` (gaps allowed).
 */
export interface SlotSeries<S> {
  /** Provider id, e.g. "awattar", "entsoe", "forecast_solar". */
  readonly source: string;
  /** When the data was fetched from the provider (not when the cache handed it out). */
  readonly fetchedAtMs: EpochMs;
  /** After this instant the data must be treated as stale (provider-specific). */
  readonly validUntilMs?: EpochMs;
  readonly slots: readonly S[];
}

/**
 * `spot`: wholesale price net of fees; the import/export formula applies.
 * `retail`: already what the user pays (Tibber total, Octopus inc. VAT, fixed tariffs).
 */
export type PriceKind = "spot" | "retail";

export interface PriceSeries extends SlotSeries<PriceSlot> {
  readonly kind: PriceKind;
  /** ISO 4217 code; "EUR" for most feeds. Prices are per kWh in this currency. */
  readonly currency: string;
}

export type PowerSeries = SlotSeries<PowerSlot>;

/** Outcome of one fetch: expected failures are values (STYLE.md P12). */
export type SourceResult<T> =
  | { readonly kind: "ok"; readonly value: T }
  | { readonly kind: "rate_limited"; readonly retryAfterMs: number; readonly message: string }
  | { readonly kind: "error"; readonly severity: "transient" | "permanent"; readonly message: string };

/** One price provider. `fetch` never throws; `nowMs` is the caller's clock. */
export interface PriceSource {
  readonly id: string;
  fetch(nowMs: EpochMs): Promise<SourceResult<PriceSeries>>;
}

/** One PV forecast provider (DC power of all configured planes). */
export interface PvForecastSource {
  readonly id: string;
  fetch(nowMs: EpochMs): Promise<SourceResult<PowerSeries>>;
}

/** Freshness of one planner input, as the plan's reasons and the data-age sensor show it. */
export type InputStatus =
  | { readonly kind: "fresh"; readonly ageMs: number }
  | { readonly kind: "stale"; readonly ageMs: number; readonly maxAgeMs: number }
  | { readonly kind: "missing"; readonly cause: string }
  | { readonly kind: "substituted"; readonly by: string; readonly cause: string };

/** Freshness of an input known to have been fetched at `fetchedAtMs`. */
export function inputStatusOf(fetchedAtMs: EpochMs, nowMs: EpochMs, maxAgeMs: number): InputStatus {
  const ageMs = Math.max(0, nowMs - fetchedAtMs);
  return ageMs <= maxAgeMs ? { kind: "fresh", ageMs } : { kind: "stale", ageMs, maxAgeMs };
}
