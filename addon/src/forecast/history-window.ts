import type { EpochMs, HistoryReader, SeriesKey } from "../domain/index.js";
import { cachedOffsetMs } from "../sources/zoned-time.js";

export const QUARTER_MS = 15 * 60_000;
export const DAY_MS = 24 * 3_600_000;
export const WEEK_MS = 7 * DAY_MS;

/**
 * A dense window of 15-min means of one series (NaN where history has no bucket), read once per
 * forecast from the HistoryReader port. `subtract` series (e.g. `plug_w:<id>` when the history
 * only has `load_w`) are taken out bucket by bucket, so controlled loads never enter the profile.
 */
export class HistoryWindow {
  private readonly values: Float64Array;

  constructor(
    reader: HistoryReader,
    series: SeriesKey,
    readonly fromMs: EpochMs,
    readonly toMs: EpochMs,
    subtract: readonly SeriesKey[] = [],
  ) {
    const n = Math.max(0, Math.ceil((toMs - fromMs) / QUARTER_MS));
    this.values = new Float64Array(n).fill(NaN);
    for (const a of reader.aggregates(series, "15m", fromMs, toMs)) this.set(a.startMs, a.mean);
    for (const key of subtract) {
      for (const a of reader.aggregates(key, "15m", fromMs, toMs)) {
        const i = this.index(a.startMs);
        const v = this.values[i];
        if (v !== undefined && !Number.isNaN(v)) this.values[i] = Math.max(0, v - a.mean);
      }
    }
  }

  private index(atMs: EpochMs): number {
    return Math.floor((atMs - this.fromMs) / QUARTER_MS);
  }

  private set(atMs: EpochMs, v: number): void {
    const i = this.index(atMs);
    if (i >= 0 && i < this.values.length) this.values[i] = v;
  }

  /** Mean W of the bucket containing `atMs`; NaN when unknown or outside the window. */
  at(atMs: EpochMs): number {
    const i = this.index(atMs);
    return i >= 0 && i < this.values.length ? (this.values[i] ?? NaN) : NaN;
  }

  /** Mean of the known buckets in [fromMs, toMs); NaN when none. */
  mean(fromMs: EpochMs, toMs: EpochMs): number {
    let sum = 0;
    let n = 0;
    for (let t = fromMs; t < toMs; t += QUARTER_MS) {
      const v = this.at(t);
      if (!Number.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n === 0 ? NaN : sum / n;
  }

  /** The latest known bucket value before `beforeMs`, NaN when none. */
  last(beforeMs: EpochMs): number {
    for (let t = beforeMs - QUARTER_MS; t >= this.fromMs; t -= QUARTER_MS) {
      const v = this.at(t);
      if (!Number.isNaN(v)) return v;
    }
    return NaN;
  }
}

/**
 * The same local wall-clock time `days` days before `atMs`: a plain subtraction corrected by
 * the change of UTC offset in between, so a Monday-08:00 profile stays at 08:00 across DST.
 */
export function sameLocalTimeBefore(atMs: EpochMs, days: number, timeZone: string): EpochMs {
  const earlier = atMs - days * DAY_MS;
  return earlier + (cachedOffsetMs(atMs, timeZone) - cachedOffsetMs(earlier, timeZone));
}
