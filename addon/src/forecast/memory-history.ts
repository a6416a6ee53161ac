import type { Aggregate, EpochMs, HistoryReader, Resolution, Sample, SeriesKey } from "../domain/index.js";

/**
 * An in-memory HistoryReader over precomputed 15-min aggregates (bench, tests, replays).
 * `1m` queries and raw samples are not kept: they return nothing.
 */
export class MemoryHistory implements HistoryReader {
  private readonly bySeries = new Map<SeriesKey, Aggregate[]>();

  /** Adds 15-min aggregates; they are kept sorted by start (later duplicates replace earlier). */
  add(aggregates: readonly Aggregate[]): this {
    for (const a of aggregates) {
      const list = this.bySeries.get(a.series) ?? [];
      list.push(a);
      this.bySeries.set(a.series, list);
    }
    for (const [key, list] of this.bySeries) {
      list.sort((x, y) => x.startMs - y.startMs);
      this.bySeries.set(key, list.filter((a, i) => list[i + 1]?.startMs !== a.startMs));
    }
    return this;
  }

  aggregates(series: SeriesKey, resolution: Resolution, fromMs: EpochMs, toMs: EpochMs): readonly Aggregate[] {
    const list = this.bySeries.get(series);
    if (list === undefined || resolution !== "15m") return [];
    return list.slice(lowerBound(list, fromMs), lowerBound(list, toMs));
  }

  samples(_series: SeriesKey, _fromMs: EpochMs, _toMs: EpochMs): readonly Sample[] {
    return [];
  }
}

function lowerBound(list: readonly Aggregate[], atMs: EpochMs): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid]?.startMs ?? Infinity) < atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A 15-min aggregate of one mean value (count 1), for building histories from exports. */
export function quarterAggregate(series: SeriesKey, startMs: EpochMs, meanW: number): Aggregate {
  return { series, startMs, mean: meanW, min: meanW, max: meanW, count: 1 };
}
