// Load-forecast bench: walk-forward (each forecast sees only the past), MAE and RMSE per method
// on two real series. Data: ../shared/data/emhass/long_train_data.csv (France, 30 min, W) and
// ../shared/data/timeseries/awattar-backtesting-samples-wienernetze-fullyear.csv (Vienna, 15 min, kWh).
import path from "node:path";
import type { Aggregate, HistoryReader } from "../addon/src/domain/index.js";
import { LOAD_FORECASTERS, type LoadForecaster } from "../addon/src/forecast/load-forecasters.js";
import { MemoryHistory } from "../addon/src/forecast/memory-history.js";
import { dataDir, parseEmhassLoad, parseWienerNetze, readText } from "./load-data.js";

const H = 3_600_000;
const DAY = 24 * H;

export interface BenchDataset {
  readonly name: string;
  readonly timeZone: string;
  readonly aggregates: readonly Aggregate[];
}

export interface MethodScore {
  readonly method: string;
  readonly maeW: number;
  readonly rmseW: number;
  /** MAE over the first 4 h of each forecast, where the intraday signal matters. */
  readonly mae4hW: number;
  readonly points: number;
  readonly origins: number;
}

export interface WalkForwardOptions {
  /** Origins every `everyMs`, after `warmupMs` of history; each forecast covers `horizonMs`. */
  readonly everyMs: number;
  readonly warmupMs: number;
  readonly horizonMs: number;
  /** Only the last `lastMs` of the series are evaluated (quick mode). */
  readonly lastMs?: number;
}

/** Scores each method by walking forward through the series; the reader only holds the past. */
export function walkForward(ds: BenchDataset, methods: readonly LoadForecaster[], o: WalkForwardOptions): MethodScore[] {
  const history = new MemoryHistory().add(ds.aggregates);
  const actual = new Map(ds.aggregates.map((a) => [a.startMs, a.mean]));
  const first = ds.aggregates[0]?.startMs ?? 0;
  const end = ds.aggregates[ds.aggregates.length - 1]?.startMs ?? 0;
  let startOrigin = Math.ceil((first + o.warmupMs) / DAY) * DAY;
  if (o.lastMs !== undefined) startOrigin = Math.max(startOrigin, Math.floor((end - o.lastMs) / DAY) * DAY);
  return methods.map((m) => {
    let abs = 0;
    let sq = 0;
    let n = 0;
    let abs4 = 0;
    let n4 = 0;
    let origins = 0;
    for (let now = startOrigin; now + o.horizonMs <= end; now += o.everyMs) {
      origins++;
      const slots = m.forecast(pastOnly(history, now), { nowMs: now, horizonMs: o.horizonMs, stepMs: 900_000, timeZone: ds.timeZone });
      for (const s of slots) {
        const a = actual.get(s.startMs);
        if (a === undefined) continue;
        const e = s.powerW - a;
        abs += Math.abs(e);
        sq += e * e;
        n++;
        if (s.startMs < now + 4 * H) {
          abs4 += Math.abs(e);
          n4++;
        }
      }
    }
    return { method: m.name, maeW: abs / n, rmseW: Math.sqrt(sq / n), mae4hW: abs4 / n4, points: n, origins };
  });
}

/** Clips every read at `nowMs`: a method cannot see the future even by mistake. */
function pastOnly(inner: HistoryReader, nowMs: number): HistoryReader {
  return {
    aggregates: (series, resolution, fromMs, toMs) => inner.aggregates(series, resolution, fromMs, Math.min(toMs, nowMs)),
    samples: (series, fromMs, toMs) => inner.samples(series, fromMs, Math.min(toMs, nowMs)),
  };
}

export function loadDatasets(repoRoot: string): BenchDataset[] {
  const data = dataDir(repoRoot);
  return [
    { name: "EMHASS France 2024-25 (30 min)", timeZone: "Europe/Paris", aggregates: parseEmhassLoad(readText(path.join(data, "emhass/long_train_data.csv"))) },
    {
      name: "Vienna household 2023-24 (15 min)",
      timeZone: "Europe/Vienna",
      aggregates: parseWienerNetze(readText(path.join(data, "timeseries/awattar-backtesting-samples-wienernetze-fullyear.csv"))),
    },
  ];
}

function fmt(n: number, width: number): string {
  return n.toFixed(1).padStart(width);
}

/**
 * Prints MAE/RMSE of each load-forecast method on both series. Full: a 24 h forecast every 6 h
 * over the whole year after 14 days of warm-up. Quick: one forecast a day over the last 60 days.
 */
export function runForecastBench(opts: { quick: boolean; print: (line: string) => void; repoRoot?: string }): Promise<void> {
  const repoRoot = opts.repoRoot ?? path.resolve(import.meta.dirname, "..");
  const wf: WalkForwardOptions = opts.quick
    ? { everyMs: DAY, warmupMs: 14 * DAY, horizonMs: DAY, lastMs: 60 * DAY }
    : { everyMs: 6 * H, warmupMs: 14 * DAY, horizonMs: DAY };
  for (const ds of loadDatasets(repoRoot)) {
    const scores = walkForward(ds, LOAD_FORECASTERS, wf);
    opts.print(`${ds.name}: ${scores[0]?.origins ?? 0} forecasts of 24 h, ${scores[0]?.points ?? 0} points (W)`);
    opts.print(`  ${"method".padEnd(16)}${"MAE".padStart(9)}${"RMSE".padStart(9)}${"MAE 0-4h".padStart(10)}`);
    for (const s of scores) opts.print(`  ${s.method.padEnd(16)}${fmt(s.maeW, 9)}${fmt(s.rmseW, 9)}${fmt(s.mae4hW, 10)}`);
  }
  return Promise.resolve();
}
