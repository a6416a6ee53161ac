import type { EpochMs } from "../domain/index.js";
import { cachedOffsetMs, wallTime } from "../sources/zoned-time.js";

const DAY_MS = 86_400_000;

/** A local calendar day of the data: slots [from, to) of the series, all inside that day. */
export interface DayChunk {
  /** Local date, YYYY-MM-DD. */
  readonly day: string;
  /** Local month, YYYY-MM. */
  readonly month: string;
  /** Month of the year, 1..12. */
  readonly monthOfYear: number;
  readonly from: number;
  readonly to: number;
  /** Whether the slots cover the whole local day without gaps (23/24/25 h on DST days). */
  readonly complete: boolean;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** YYYY-MM-DD of a wall-clock date (the `period` of a day). */
export function localDateText(w: { readonly year: number; readonly month: number; readonly day: number }): string {
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/** Local day index of an instant (days since 1970-01-01 on the local wall clock). */
export function localDayIndex(atMs: EpochMs, timeZone: string): number {
  return Math.floor((atMs + cachedOffsetMs(atMs, timeZone)) / DAY_MS);
}

/** Local minute of the day of an instant (0..1439). */
export function localMinuteOfDay(atMs: EpochMs, timeZone: string): number {
  const local = atMs + cachedOffsetMs(atMs, timeZone);
  return Math.floor((local - Math.floor(local / DAY_MS) * DAY_MS) / 60_000);
}

function isLocalMidnight(atMs: EpochMs, timeZone: string): boolean {
  return (atMs + cachedOffsetMs(atMs, timeZone)) % DAY_MS === 0;
}

/**
 * Groups sorted slots into local days. A day is complete when its slots follow each other
 * without a gap from local midnight to the next local midnight.
 */
export function localDays(slots: readonly { readonly startMs: EpochMs; readonly endMs: EpochMs }[], timeZone: string): DayChunk[] {
  const out: DayChunk[] = [];
  let from = 0;
  while (from < slots.length) {
    const first = slots[from];
    if (first === undefined) break;
    const index = localDayIndex(first.startMs, timeZone);
    let to = from + 1;
    let contiguous = true;
    while (to < slots.length && localDayIndex(slots[to]?.startMs ?? 0, timeZone) === index) {
      if (slots[to]?.startMs !== slots[to - 1]?.endMs) contiguous = false;
      to++;
    }
    const last = slots[to - 1];
    const complete = contiguous && isLocalMidnight(first.startMs, timeZone) && last !== undefined && isLocalMidnight(last.endMs, timeZone);
    const w = wallTime(first.startMs, timeZone);
    out.push({ day: localDateText(w), month: `${w.year}-${pad(w.month)}`, monthOfYear: w.month, from, to, complete });
    from = to;
  }
  return out;
}

/** Days in a month (month 1..12). */
export function daysInMonth(year: number, month: number): number {
  return Math.round((Date.UTC(year, month, 1) - Date.UTC(year, month - 1, 1)) / DAY_MS);
}

/** Index ranges [from, to) of runs of contiguous slots (each end = the next start). */
export function contiguousRuns(slots: readonly { readonly startMs: EpochMs; readonly endMs: EpochMs }[]): [number, number][] {
  const runs: [number, number][] = [];
  let from = 0;
  for (let i = 1; i <= slots.length; i++) {
    if (i === slots.length || slots[i]?.startMs !== slots[i - 1]?.endMs) {
      if (i > from) runs.push([from, i]);
      from = i;
    }
  }
  return runs;
}
