import { MS_PER_HOUR, MS_PER_MINUTE, type EpochMs } from "../domain/index.js";
import { offsetMs, wallTime } from "../sources/zoned-time.js";

/** Local calendar fields of an instant in an IANA zone. */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** Local calendar fields of `atMs` in `timeZone` (one Intl reader for the whole add-on: sources/zoned-time.ts). */
export function localParts(atMs: EpochMs, timeZone: string): LocalParts {
  const w = wallTime(atMs, timeZone);
  return { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute };
}

/** Offset of local time from UTC at `atMs`, in ms (Europe/Paris: +1 h winter, +2 h summer). */
export function utcOffsetMs(atMs: EpochMs, timeZone: string): number {
  return offsetMs(atMs, timeZone);
}

/** Instant of local midnight starting the local day that contains `atMs`. */
export function localDayStartMs(atMs: EpochMs, timeZone: string): EpochMs {
  const p = localParts(atMs, timeZone);
  return localMidnightMs(p.year, p.month, p.day, timeZone);
}

/** Instant of local midnight of a calendar date (month 1..12; day may overflow, like Date.UTC). */
export function localMidnightMs(year: number, month: number, day: number, timeZone: string): EpochMs {
  const guess = Date.UTC(year, month - 1, day);
  // Two passes settle the offset even when the guess lands on the other side of a DST change.
  let t = guess - utcOffsetMs(guess, timeZone);
  t = guess - utcOffsetMs(t, timeZone);
  return t;
}

/** Start of the next local day after the one containing `atMs` (23 h or 25 h later on DST days). */
export function nextLocalDayStartMs(atMs: EpochMs, timeZone: string): EpochMs {
  const p = localParts(atMs, timeZone);
  return localMidnightMs(p.year, p.month, p.day + 1, timeZone);
}

function pad(n: number, width = 2): string {
  return String(Math.abs(n)).padStart(width, "0");
}

/** ISO 8601 with the local offset, as HA and Nord Pool write it: `2024-03-31T03:00:00+02:00`. */
export function isoWithOffset(atMs: EpochMs, timeZone: string): string {
  const offsetMs = utcOffsetMs(atMs, timeZone);
  const local = new Date(atMs + offsetMs);
  const sign = offsetMs < 0 ? "-" : "+";
  const offMin = Math.abs(offsetMs) / MS_PER_MINUTE;
  const date = `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}`;
  const time = `${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}`;
  return `${date}T${time}${sign}${pad(Math.floor(offMin / 60))}:${pad(offMin % 60)}`;
}

/** Hours in the local day containing `atMs` (23, 24 or 25). */
export function localDayHours(atMs: EpochMs, timeZone: string): number {
  return (nextLocalDayStartMs(atMs, timeZone) - localDayStartMs(atMs, timeZone)) / MS_PER_HOUR;
}
