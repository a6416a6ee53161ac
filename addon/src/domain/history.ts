import type { EpochMs } from "./time.js";

/**
 * Series stored in history. Powers in W (+ import / + discharge as in site.ts), SOC in %.
 * `load_w` is the whole household consumption derived at ingest
 * (grid + hub AC output − hub AC input); `base_load_w` is `load_w` minus the controlled plugs,
 * which is what the load forecaster learns from (controlled loads taken out).
 */
export type SeriesKey =
  | "grid_w"
  | "pv_w"
  | "soc_pct"
  | "battery_w"
  | "ac_output_w"
  | "ac_input_w"
  | "load_w"
  | "base_load_w"
  | `plug_w:${string}`
  /** Prices in effect, EUR/kWh, one sample per quarter hour (recorded by the slow loop). */
  | "import_price_eur_per_kwh"
  | "export_price_eur_per_kwh"
  /** Day-ahead price before fees and VAT, when the price source is a spot feed. */
  | "spot_price_eur_per_kwh";

export interface Sample {
  readonly series: SeriesKey;
  readonly atMs: EpochMs;
  readonly value: number;
}

export type Resolution = "1m" | "15m";

/** One aggregated bucket [startMs, startMs + resolution). Values are time-unweighted sample stats. */
export interface Aggregate {
  readonly series: SeriesKey;
  readonly startMs: EpochMs;
  readonly mean: number;
  readonly min: number;
  readonly max: number;
  readonly count: number;
}

/** Port for writing readings; implementations batch and must never throw into the caller's loop. */
export interface HistoryWriter {
  append(samples: readonly Sample[]): void;
}

/** Port for reading history, as the forecasters and the savings report need it. */
export interface HistoryReader {
  /** Aggregates of one series with startMs in [fromMs, toMs), sorted by startMs. */
  aggregates(series: SeriesKey, resolution: Resolution, fromMs: EpochMs, toMs: EpochMs): readonly Aggregate[];
  /** Raw samples of one series in [fromMs, toMs), sorted by atMs (only within raw retention). */
  samples(series: SeriesKey, fromMs: EpochMs, toMs: EpochMs): readonly Sample[];
}
