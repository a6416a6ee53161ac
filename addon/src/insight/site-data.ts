import type { EpochMs, HistoryReader, PriceSlot } from "../domain/index.js";
import { parseIsoMs } from "../sources/zoned-time.js";

/**
 * A site's measured history as the insight tools replay it: one row per slot of a uniform step
 * (15, 30 or 60 min), mean powers in W. Read from a CSV export (`sunshift backtest --csv`) or
 * from the history store. `spotEurPerKWh` is the day-ahead price (net, EUR/kWh) where known.
 */
export interface SiteSlot {
  readonly startMs: EpochMs;
  readonly endMs: EpochMs;
  /** Household demand (AC), W, ≥ 0. */
  readonly loadW: number;
  /** PV power at the hub's DC input, W, ≥ 0. */
  readonly pvW: number;
  /** The PV forecast logged at the time (when the export has one), W. */
  readonly pvForecastW: number | null;
  readonly spotEurPerKWh: number | null;
}

/** A CSV problem, 1-based line and column as an editor shows them. */
export interface CsvProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export type CsvResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly CsvProblem[] };

/** Header names accepted per column (case-insensitive). */
const COLUMNS = {
  timestamp: ["timestamp", "timestamp_utc", "time", "start", "start_utc"],
  load: ["load_w", "load", "load_power_w"],
  pv: ["pv_w", "pv", "pv_power_w"],
  pvForecast: ["pv_forecast_w"],
  price: ["price_eur_per_kwh", "price", "spot_eur_per_kwh"],
} as const;

type ColumnKey = keyof typeof COLUMNS;
const STEPS_MS = [15, 30, 60].map((m) => m * 60_000);
/** Problems reported at most; a broken file should not print thousands of lines. */
const MAX_PROBLEMS = 20;

function findColumns(header: readonly string[]): { cols: Partial<Record<ColumnKey, number>>; problems: CsvProblem[] } {
  const names = header.map((h) => h.trim().toLowerCase());
  const cols: Partial<Record<ColumnKey, number>> = {};
  for (const key of Object.keys(COLUMNS) as ColumnKey[]) {
    const i = names.findIndex((n) => (COLUMNS[key] as readonly string[]).includes(n));
    if (i >= 0) cols[key] = i;
  }
  const problems: CsvProblem[] = [];
  for (const key of ["timestamp", "load", "pv"] as const) {
    if (cols[key] === undefined) problems.push({ line: 1, column: 1, message: `missing column "${COLUMNS[key][0]}" (header has: ${names.join(", ")})` });
  }
  return { cols, problems };
}

/** Linear interpolation over missing cells (EMHASS's sensor_linear_interp for load). */
export function fillGaps(values: readonly (number | null)[], fallback: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== null && v !== undefined) {
      out.push(v);
      continue;
    }
    let j = i + 1;
    while (j < values.length && (values[j] ?? null) === null) j++;
    const prev = out[i - 1] ?? fallback;
    const next = values[j] ?? prev;
    out.push(prev + (next - prev) / (j - i + 1));
  }
  return out;
}

interface RawRow {
  readonly startMs: EpochMs;
  readonly load: number | null;
  readonly pv: number | null;
  readonly pvForecast: number | null;
  readonly price: number | null;
}

function numberCell(cells: readonly string[], col: number | undefined, line: number, problems: CsvProblem[]): number | null {
  if (col === undefined) return null;
  const text = (cells[col] ?? "").trim();
  if (text === "") return null;
  const v = Number(text);
  if (!Number.isFinite(v)) problems.push({ line, column: col + 1, message: `"${text}" is not a number` });
  return Number.isFinite(v) ? v : null;
}

function parseRow(cells: readonly string[], cols: Partial<Record<ColumnKey, number>>, line: number, problems: CsvProblem[]): RawRow | null {
  const tsCol = cols.timestamp ?? 0;
  const ts = (cells[tsCol] ?? "").trim();
  const startMs = parseIsoMs(ts);
  if (startMs === null) {
    problems.push({ line, column: tsCol + 1, message: `"${ts}" is not an ISO 8601 timestamp (e.g. 2024-03-01T00:00:00Z)` });
    return null;
  }
  const load = numberCell(cells, cols.load, line, problems);
  const pv = numberCell(cells, cols.pv, line, problems);
  const pvForecast = numberCell(cells, cols.pvForecast, line, problems);
  const price = numberCell(cells, cols.price, line, problems);
  return { startMs, load, pv, pvForecast, price };
}

function checkStep(rows: readonly RawRow[], lines: readonly number[], problems: CsvProblem[]): number {
  const first = rows[0];
  const second = rows[1];
  const stepMs = first !== undefined && second !== undefined ? second.startMs - first.startMs : 0;
  if (!STEPS_MS.includes(stepMs)) {
    problems.push({ line: lines[1] ?? 2, column: 1, message: `the first two rows are ${stepMs / 60_000} min apart; the step must be 15, 30 or 60 min` });
    return stepMs;
  }
  for (let i = 1; i < rows.length && problems.length < MAX_PROBLEMS; i++) {
    const d = (rows[i]?.startMs ?? 0) - (rows[i - 1]?.startMs ?? 0);
    if (d <= 0 || d % stepMs !== 0) problems.push({ line: lines[i] ?? 0, column: 1, message: `timestamp is not ${stepMs / 60_000} min (or a multiple) after the previous row` });
  }
  return stepMs;
}

/**
 * Parses a site export: a header, then `timestamp, load W, PV W[, price EUR/kWh][, pv_forecast_w]`
 * (column names in COLUMNS; order free; `,` or `;`). Rows must share one step of 15/30/60 min;
 * gaps in time are allowed (those days count as missing). Empty load cells are interpolated,
 * empty PV cells are 0 (recorders log nothing at night), negative values are clipped to 0.
 * Every problem names its line and column.
 */
export function parseSiteCsv(text: string): CsvResult<{ readonly stepMs: number; readonly slots: SiteSlot[] }> {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const sep = (lines[0] ?? "").includes(";") ? ";" : ",";
  const { cols, problems } = findColumns((lines[0] ?? "").split(sep));
  if (problems.length > 0) return { ok: false, problems };
  const rows: RawRow[] = [];
  const lineNos: number[] = [];
  for (let i = 1; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const raw = lines[i] ?? "";
    if (raw.trim() === "") continue;
    const row = parseRow(raw.split(sep), cols, i + 1, problems);
    if (row !== null) {
      rows.push(row);
      lineNos.push(i + 1);
    }
  }
  if (problems.length === 0 && rows.length < 2) problems.push({ line: lines.length, column: 1, message: "needs at least two data rows" });
  const stepMs = problems.length === 0 ? checkStep(rows, lineNos, problems) : 0;
  if (problems.length > 0) return { ok: false, problems };
  const load = fillGaps(rows.map((r) => r.load), 0);
  const slots = rows.map((r, i): SiteSlot => ({
    startMs: r.startMs,
    endMs: r.startMs + stepMs,
    loadW: Math.max(0, load[i] ?? 0),
    pvW: Math.max(0, r.pv ?? 0),
    pvForecastW: r.pvForecast === null ? null : Math.max(0, r.pvForecast),
    spotEurPerKWh: r.price,
  }));
  return { ok: true, value: { stepMs, slots } };
}

function spotRow(cells: readonly string[], line: number): PriceSlot | CsvProblem {
  const [start = "", end = "", price = ""] = cells;
  const startMs = parseIsoMs(start);
  const endMs = parseIsoMs(end);
  const v = price.trim() === "" ? NaN : Number(price);
  if (startMs === null) return { line, column: 1, message: `"${start}" is not an ISO 8601 timestamp` };
  if (endMs === null || endMs <= startMs) return { line, column: 2, message: `"${end}" is not a timestamp after the start` };
  if (!Number.isFinite(v)) return { line, column: 3, message: `"${price}" is not a price in EUR/MWh` };
  return { startMs, endMs, priceEurPerKWh: v / 1000 };
}

/**
 * Parses a day-ahead price history `start_utc,end_utc,price_eur_per_mwh` (the files in
 * ../shared/data/prices) into spot slots in EUR/kWh, sorted by start.
 */
export function parseSpotCsv(text: string): CsvResult<PriceSlot[]> {
  const problems: CsvProblem[] = [];
  const out: PriceSlot[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  for (let i = 1; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const raw = lines[i] ?? "";
    if (raw.trim() === "") continue;
    const row = spotRow(raw.split(","), i + 1);
    if ("message" in row) problems.push(row);
    else out.push(row);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: out.sort((a, b) => a.startMs - b.startMs) };
}

/**
 * Sets each slot's spot price from the price slot containing its start (prices sorted by start,
 * non-overlapping); a slot already carrying a price keeps it. Slots without a price stay null.
 */
export function withSpot(slots: readonly SiteSlot[], prices: readonly PriceSlot[]): SiteSlot[] {
  let j = 0;
  return slots.map((s) => {
    if (s.spotEurPerKWh !== null) return s;
    while (j < prices.length && (prices[j]?.endMs ?? Infinity) <= s.startMs) j++;
    const p = prices[j];
    return p !== undefined && p.startMs <= s.startMs ? { ...s, spotEurPerKWh: p.priceEurPerKWh } : s;
  });
}

/** Splits every slot into `stepMs` slots of the same mean (30 min → two 15-min slots). */
export function splitSlots(slots: readonly SiteSlot[], stepMs: number): SiteSlot[] {
  return slots.flatMap((s) => {
    const out: SiteSlot[] = [];
    for (let t = s.startMs; t < s.endMs; t += stepMs) out.push({ ...s, startMs: t, endMs: Math.min(s.endMs, t + stepMs) });
    return out;
  });
}

/** Scales the PV columns (e.g. a 4.7 kWp roof's export onto a 1.9 kWp balcony system). */
export function scalePv(slots: readonly SiteSlot[], factor: number): SiteSlot[] {
  return slots.map((s) => ({ ...s, pvW: s.pvW * factor, pvForecastW: s.pvForecastW === null ? null : s.pvForecastW * factor }));
}

/** 15-min load and PV buckets of the history store as site slots (no spot prices), sorted. */
export function historySiteSlots(reader: HistoryReader, fromMs: EpochMs, toMs: EpochMs): SiteSlot[] {
  const pv = new Map(reader.aggregates("pv_w", "15m", fromMs, toMs).map((a) => [a.startMs, a.mean]));
  return reader.aggregates("load_w", "15m", fromMs, toMs).map((a) => ({
    startMs: a.startMs, endMs: a.startMs + 900_000, loadW: Math.max(0, a.mean), pvW: Math.max(0, pv.get(a.startMs) ?? 0), pvForecastW: null, spotEurPerKWh: null,
  }));
}
