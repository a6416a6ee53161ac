import { readFileSync } from "node:fs";
import { MS_PER_HOUR, MS_PER_MINUTE, type EpochMs } from "../domain/index.js";

/**
 * The recorded series that drive the simulated home (addon/data/PROVENANCE.md):
 * household load and PV (30-min means) and hourly day-ahead prices. Outside the recorded span
 * the series repeat with a period of 52 weeks, which keeps both the season and the weekday.
 */
export const REPEAT_PERIOD_MS = 364 * 24 * MS_PER_HOUR;
const HALF_HOUR_MS = 30 * MS_PER_MINUTE;

/** Half-hour means on a regular grid starting at `startMs` (interval start). */
export interface LoadPvSeries {
  readonly startMs: EpochMs;
  readonly stepMs: number;
  readonly loadW: Float64Array;
  readonly pvW: Float64Array;
}

/** Hourly prices on a regular grid starting at `startMs`, EUR/MWh (may be negative). */
export interface PriceSeries {
  readonly startMs: EpochMs;
  readonly stepMs: number;
  readonly eurPerMWh: Float64Array;
}

function parseUtc(raw: string): EpochMs {
  const ms = Date.parse(raw.trim().replace(" ", "T"));
  if (Number.isNaN(ms)) throw new Error(`series: bad timestamp "${raw}"`);
  return ms;
}

function numOrNull(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === "") return null;
  const v = Number(raw);
  return Number.isFinite(v) ? v : null;
}

/** Data rows of a CSV with a header line, split on commas (no quoting in our files). */
function rows(text: string): string[][] {
  return text
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.trim() !== "")
    .map((l) => l.split(","));
}

/**
 * Parses `emhass-long-train-data.csv` (timestamp_utc,load_w,pv_w,pv_forecast_w). Empty PV is
 * night (0 W); an empty load is a recorder gap and carries the last known load forward.
 */
export function parseLoadPvCsv(text: string): LoadPvSeries {
  const data = rows(text);
  const first = data[0];
  if (first === undefined) throw new Error("series: load/PV CSV has no rows");
  const startMs = parseUtc(first[0] ?? "");
  const last = data[data.length - 1] ?? first;
  const n = Math.round((parseUtc(last[0] ?? "") - startMs) / HALF_HOUR_MS) + 1;
  const loadW = new Float64Array(n).fill(Number.NaN);
  const pvW = new Float64Array(n);
  for (const r of data) {
    const i = Math.round((parseUtc(r[0] ?? "") - startMs) / HALF_HOUR_MS);
    if (i < 0 || i >= n) continue;
    const load = numOrNull(r[1]);
    if (load !== null) loadW[i] = Math.max(0, load);
    pvW[i] = Math.max(0, numOrNull(r[2]) ?? 0);
  }
  fillForward(loadW);
  return { startMs, stepMs: HALF_HOUR_MS, loadW, pvW };
}

/** Parses `awattar-at-dayahead-hourly-*.csv` (start_utc,end_utc,price_eur_per_mwh). */
export function parsePriceCsv(text: string): PriceSeries {
  const data = rows(text);
  const first = data[0];
  if (first === undefined) throw new Error("series: price CSV has no rows");
  const startMs = parseUtc(first[0] ?? "");
  const last = data[data.length - 1] ?? first;
  const n = Math.round((parseUtc(last[0] ?? "") - startMs) / MS_PER_HOUR) + 1;
  const eurPerMWh = new Float64Array(n).fill(Number.NaN);
  for (const r of data) {
    const i = Math.round((parseUtc(r[0] ?? "") - startMs) / MS_PER_HOUR);
    const v = numOrNull(r[2]);
    if (i >= 0 && i < n && v !== null) eurPerMWh[i] = v;
  }
  fillForward(eurPerMWh);
  return { startMs, stepMs: MS_PER_HOUR, eurPerMWh };
}

/** Replaces NaN by the previous value (leading NaN by the first real value, or 0). */
function fillForward(a: Float64Array): void {
  let lastGood = a.find((v) => !Number.isNaN(v)) ?? 0;
  for (let i = 0; i < a.length; i++) {
    const v = a[i] ?? Number.NaN;
    if (Number.isNaN(v)) a[i] = lastGood;
    else lastGood = v;
  }
}

export function loadSeriesFiles(dataDir: URL): { loadPv: LoadPvSeries; prices: PriceSeries } {
  const loadPv = parseLoadPvCsv(readFileSync(new URL("emhass-long-train-data.csv", dataDir), "utf8"));
  const prices = parsePriceCsv(readFileSync(new URL("awattar-at-dayahead-hourly-2024-2025.csv", dataDir), "utf8"));
  return { loadPv, prices };
}

/** Maps `atMs` into [startMs, startMs + REPEAT_PERIOD_MS) by whole 52-week periods. */
export function wrapMs(atMs: EpochMs, startMs: EpochMs): EpochMs {
  const rel = (((atMs - startMs) % REPEAT_PERIOD_MS) + REPEAT_PERIOD_MS) % REPEAT_PERIOD_MS;
  return startMs + rel;
}

/**
 * Linear interpolation of half-hour means placed at their interval midpoints, so the value
 * moves smoothly within a half-hour and its average over the half-hour stays close to the mean.
 */
function interpolate(values: Float64Array, startMs: EpochMs, stepMs: number, atMs: EpochMs): number {
  const pos = (wrapMs(atMs, startMs) - startMs - stepMs / 2) / stepMs;
  const i0 = Math.floor(pos);
  const frac = pos - i0;
  const n = values.length;
  const a = values[Math.min(n - 1, Math.max(0, i0))] ?? 0;
  const b = values[Math.min(n - 1, Math.max(0, i0 + 1))] ?? 0;
  return a + (b - a) * frac;
}

export function loadAt(s: LoadPvSeries, atMs: EpochMs): number {
  return interpolate(s.loadW, s.startMs, s.stepMs, atMs);
}

export function pvAt(s: LoadPvSeries, atMs: EpochMs): number {
  return interpolate(s.pvW, s.startMs, s.stepMs, atMs);
}

/** Day-ahead price of the hour containing `atMs`, EUR/MWh. */
export function priceAt(s: PriceSeries, atMs: EpochMs): number {
  const i = Math.floor((wrapMs(atMs, s.startMs) - s.startMs) / s.stepMs);
  return s.eurPerMWh[Math.min(s.eurPerMWh.length - 1, i)] ?? 0;
}

/** Deterministic noise in [-1, 1) for (seed, key): an integer hash, no state, no wall clock. */
export function noise(seed: number, key: number): number {
  let h = (Math.imul(seed | 0, 0x9e3779b1) ^ Math.imul(key | 0, 0x85ebca77)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 0x80000000 - 1;
}
