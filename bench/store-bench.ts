// History store benchmark: insert throughput, rollup of one day of 1-second samples of 8
// series, the forecasters' 8-week 15-minute query, and file size per day of data.
// Runs on real files in a temp dir; `quick` shrinks the day to 2 hours for CI smoke runs.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Sqlite from "better-sqlite3";
import type { Sample, SeriesKey } from "../addon/src/domain/history.js";
import { silentLogger } from "../addon/src/domain/log.js";
import { openHistoryStore, type HistoryStore } from "../addon/src/store/index.js";

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);
const SERIES: readonly SeriesKey[] = [
  "grid_w", "pv_w", "soc_pct", "battery_w", "ac_output_w", "ac_input_w", "load_w", "base_load_w",
];

export interface StoreBenchOptions {
  readonly quick: boolean;
  readonly print: (line: string) => void;
}

function samplesAt(fromMs: number, toMs: number, stepMs: number, series: readonly SeriesKey[]): Sample[] {
  const out: Sample[] = [];
  for (let t = fromMs; t < toMs; t += stepMs) {
    for (let i = 0; i < series.length; i++) {
      out.push({ series: series[i]!, atMs: t, value: Math.round(400 + 300 * Math.sin(t / 600_000 + i)) });
    }
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

const fmt = (n: number, digits = 1): string => n.toFixed(digits);
const mib = (bytes: number): string => `${fmt(bytes / 1_048_576, 2)} MiB`;

/** Realistic cadence: a flush every 10 s of 8 series at 1 Hz (80 samples per transaction). */
function benchTenSecondFlushes(store: HistoryStore, fromMs: number, toMs: number): number {
  let n = 0;
  const t = performance.now();
  for (let at = fromMs; at < toMs; at += 10_000) {
    const batch = samplesAt(at, at + 10_000, 1000, SERIES);
    store.append(batch);
    store.flush(at + 10_000);
    n += batch.length;
  }
  return n / ((performance.now() - t) / 1000);
}

/** Bulk cadence: one transaction per hour of data (catch-up after an outage, imports). */
function benchBulk(store: HistoryStore, fromMs: number, toMs: number): number {
  let n = 0;
  const t = performance.now();
  for (let at = fromMs; at < toMs; at += HOUR) {
    const batch = samplesAt(at, Math.min(at + HOUR, toMs), 1000, SERIES);
    store.append(batch);
    store.flush(at + HOUR);
    n += batch.length;
  }
  return n / ((performance.now() - t) / 1000);
}

function tableBytes(path: string): Map<string, number> {
  const db = new Sqlite(path, { readonly: true });
  try {
    const rows = db.prepare<[], { name: string; bytes: number }>("SELECT name, sum(pgsize) AS bytes FROM dbstat GROUP BY name").all();
    return new Map(rows.map((r) => [r.name, r.bytes]));
  } catch {
    return new Map();
  } finally {
    db.close();
  }
}

function benchDay(dir: string, quick: boolean, print: (line: string) => void): void {
  const path = join(dir, "day.db");
  const spanMs = quick ? 2 * HOUR : DAY;
  const store = openHistoryStore({ path, logger: silentLogger, rollupDelayMs: 0 });
  const realistic = benchTenSecondFlushes(store, T0, T0 + HOUR);
  const bulk = benchBulk(store, T0 + HOUR, T0 + spanMs);
  print(`insert, 10-s flushes of 80 samples: ${fmt(realistic, 0)} samples/s (${fmt(realistic / 80, 0)} flushes/s)`);
  print(`insert, 1-h batches of 28,800 samples: ${fmt(bulk, 0)} samples/s`);

  const t = performance.now();
  const r = store.maintain(T0 + spanMs + MIN);
  const rollupMs = performance.now() - t;
  const buckets = r.ok ? `${r.buckets1m} 1-min + ${r.buckets15m} 15-min buckets` : `failed: ${r.error}`;
  print(`rollup of ${spanMs / HOUR} h x ${SERIES.length} series at 1 Hz (${(spanMs / 1000) * SERIES.length} samples): ${fmt(rollupMs)} ms (${buckets})`);
  const t2 = performance.now();
  store.maintain(T0 + spanMs + 2 * MIN);
  print(`maintain with nothing new (the every-minute steady state): ${fmt(performance.now() - t2, 2)} ms`);
  store.close();

  const scale = DAY / spanMs;
  const bytes = tableBytes(path);
  const fileBytes = statSync(path).size;
  print(`file size for ${spanMs / HOUR} h: ${mib(fileBytes)} -> ${mib(fileBytes * scale)} per day of 8 series at 1 Hz`);
  if (bytes.size > 0) {
    const raw = (bytes.get("samples") ?? 0) * scale;
    const m1 = (bytes.get("agg_1m") ?? 0) * scale;
    const m15 = (bytes.get("agg_15m") ?? 0) * scale;
    print(`  per day: raw ${mib(raw)}, 1-min ${mib(m1)}, 15-min ${mib(m15)}`);
    print(`  steady state with defaults (raw 10 d, 1-min 35 d, 15-min 731 d): ~${mib(10 * raw + 35 * m1 + 731 * m15)}`);
  }
}

function benchEightWeekQuery(dir: string, quick: boolean, print: (line: string) => void): void {
  const store = openHistoryStore({ path: join(dir, "weeks.db"), logger: silentLogger, rollupDelayMs: 0 });
  const end = T0 + 56 * DAY;
  for (let day = T0; day < end; day += DAY) {
    store.append(samplesAt(day, day + DAY, MIN, ["base_load_w", "load_w", "pv_w", "grid_w"]));
    store.flush(day + DAY);
    store.maintain(day + DAY);
  }
  const runs = quick ? 50 : 300;
  const times: number[] = [];
  let rows = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    rows = store.aggregates("base_load_w", "15m", end - 56 * DAY, end).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  print(`8-week 15-min query (${rows} rows), ${runs} runs: median ${fmt(percentile(times, 0.5), 2)} ms, p95 ${fmt(percentile(times, 0.95), 2)} ms`);
  store.close();
}

export function runStoreBench(opts: StoreBenchOptions): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "sunshift-store-bench-"));
  try {
    opts.print(`store bench (${opts.quick ? "quick" : "full"}), SQLite file in ${dir}`);
    benchDay(dir, opts.quick, opts.print);
    benchEightWeekQuery(dir, opts.quick, opts.print);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return Promise.resolve();
}
