import { MS_PER_HOUR, MS_PER_MINUTE, type EpochMs } from "../domain/index.js";

/** Local calendar fields of an instant in an IANA zone. */
export interface LocalParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function field(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): number {
  const p = parts.find((x) => x.type === type);
  return p === undefined ? 0 : Number(p.value);
}

export function localParts(atMs: EpochMs, timeZone: string): LocalParts {
  const parts = formatter(timeZone).formatToParts(atMs);
  return {
    year: field(parts, "year"),
    month: field(parts, "month"),
    day: field(parts, "day"),
    hour: field(parts, "hour"),
    minute: field(parts, "minute"),
  };
}

/** Offset of local time from UTC at `atMs`, in ms (Europe/Paris: +1 h winter, +2 h summer). */
export function utcOffsetMs(atMs: EpochMs, timeZone: string): number {
  const parts = formatter(timeZone).formatToParts(atMs);
  const asUtc = Date.UTC(
    field(parts, "year"),
    field(parts, "month") - 1,
    field(parts, "day"),
    field(parts, "hour"),
    field(parts, "minute"),
    field(parts, "second"),
  );
  const wholeSecondMs = atMs - (((atMs % 1000) + 1000) % 1000);
  return asUtc - wholeSecondMs;
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
