import type { EpochMs } from "../domain/index.js";

/**
 * Time-zone helpers for the edges that see local wall-clock times (HA attributes, tariffs,
 * meter exports). Everything inward is epoch ms. Uses Intl only (no tz database package).
 */

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

/** Wall-clock fields of `atMs` in `timeZone`. `weekday` 0 = Sunday. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly weekday: number;
}

export function wallTime(atMs: EpochMs, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(atMs)) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const year = parts.year ?? 1970;
  const month = parts.month ?? 1;
  const day = parts.day ?? 1;
  return {
    year,
    month,
    day,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
    weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay(),
  };
}

/** UTC offset of `timeZone` at instant `atMs`, ms (e.g. +3 600 000 for CET). */
export function offsetMs(atMs: EpochMs, timeZone: string): number {
  const w = wallTime(atMs, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - (atMs - (((atMs % 1000) + 1000) % 1000));
}

/**
 * Epoch ms of a local wall-clock time. An ambiguous autumn time maps to its first (summer-time)
 * instant; a time skipped by the spring-forward maps to the same wall time read with the
 * pre-transition offset (i.e. one hour later on the wall clock).
 */
export function localToEpochMs(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
): EpochMs {
  const naive = Date.UTC(year, month - 1, day, hour, minute, second);
  const before = naive - offsetMs(naive - 86_400_000, timeZone);
  const after = naive - offsetMs(naive + 86_400_000, timeZone);
  const valid = [before, after].filter((c) => c + offsetMs(c, timeZone) === naive);
  return valid.length > 0 ? Math.min(...valid) : before;
}

/** Local midnight that starts the local day containing `atMs`. */
export function startOfLocalDay(atMs: EpochMs, timeZone: string): EpochMs {
  const w = wallTime(atMs, timeZone);
  return localToEpochMs(timeZone, w.year, w.month, w.day);
}

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Parses the ISO forms the feeds use: `2024-08-20 00:00:00+02:00` (space, HACS ENTSO-E),
 * `2025-01-04T00:00:00.000+01:00` (Tibber), `…Z`, `…0000000Z` (Solcast, 7 fraction digits),
 * `2024-10-05T22:00Z` (ENTSO-E). Without an offset the time is read in `zoneIfNoOffset`
 * (UTC when not given). Returns null when the string is not such a timestamp.
 */
export function parseIsoMs(text: string, zoneIfNoOffset?: string): EpochMs | null {
  const m = ISO_RE.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h, mi, s, frac, off] = m;
  const ms = frac === undefined ? 0 : Math.round(Number(`0.${frac}`) * 1000);
  const fields = [Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s ?? "0")] as const;
  if (off === undefined) {
    if (zoneIfNoOffset === undefined) return Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]) + ms;
    return localToEpochMs(zoneIfNoOffset, ...fields) + ms;
  }
  const base = Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]) + ms;
  if (off === "Z") return base;
  const sign = off.startsWith("-") ? -1 : 1;
  const digits = off.slice(1).replace(":", "");
  const offMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
  return base - sign * offMin * 60_000;
}

const offsetCache = new Map<string, Map<number, number>>();
const OFFSET_CACHE_MAX = 200_000;

/**
 * `offsetMs` memoized per quarter hour (zone transitions happen on quarter-hour boundaries);
 * for hot loops such as the load forecaster's profile lookups. Bounded: cleared when full.
 */
export function cachedOffsetMs(atMs: EpochMs, timeZone: string): number {
  let zone = offsetCache.get(timeZone);
  if (zone === undefined) {
    zone = new Map();
    offsetCache.set(timeZone, zone);
  }
  const key = Math.floor(atMs / 900_000);
  let v = zone.get(key);
  if (v === undefined) {
    if (zone.size >= OFFSET_CACHE_MAX) zone.clear();
    v = offsetMs(key * 900_000, timeZone);
    zone.set(key, v);
  }
  return v;
}
