import type { EpochMs, HistoryReader, PlugRequest } from "../domain/index.js";
import type { PlugConfig } from "../config/index.js";
import { localToEpochMs, wallTime } from "../sources/zoned-time.js";

/**
 * The plug options turned into planner PlugRequests for one planning run (issue 3). Every local
 * day of the home's zone gives each plug one window occurrence [earliest, latest + 1 min), which
 * may wrap past midnight; DST days simply have 23 or 25 h between their midnights because the
 * window ends are computed as local wall times. What already ran in an occurrence (minutes of
 * `plug_w:<id>` above a threshold) is subtracted, so a finished run is not planned twice.
 */

const MS_PER_MINUTE = 60_000;
/** A plug counts as running in a minute whose mean power is above this share of its power_w … */
const RUNNING_SHARE = 0.02;
/** … and at least this many W (Shelly plugs read 0.5–2 W for an appliance in standby). */
const RUNNING_MIN_W = 10;
/** The plug counts as running now when a minute in this span before now was above the threshold. */
const RUNNING_NOW_SPAN_MS = 3 * MS_PER_MINUTE;

/** How one window occurrence of one plug was handled in this run. */
export type PlugOccurrenceStatus = "planned" | "done" | "deferred" | "no_room";

export interface PlugOccurrence {
  readonly plugId: string;
  /** The planner's request id: `<plugId>@<local date of the window start>`, stable across runs. */
  readonly requestId: string;
  readonly windowStartMs: EpochMs;
  readonly windowEndMs: EpochMs;
  /** Minutes the plug already ran in this occurrence before now. */
  readonly ranMinutes: number;
  readonly status: PlugOccurrenceStatus;
  /** The request given to the planner (status `planned` only). */
  readonly request: PlugRequest | null;
}

export interface PlugRequestsArgs {
  readonly plugs: readonly PlugConfig[];
  /** The planner's slots (contiguous, one step length), for the slot indexes. */
  readonly slots: readonly { readonly startMs: EpochMs; readonly endMs: EpochMs }[];
  readonly nowMs: EpochMs;
  readonly timeZone: string;
  readonly history: HistoryReader;
}

/** `dishwasher@2026-11-22`. Plug ids are [a-z0-9_] (options schema), so `@` separates safely. */
export function plugRequestId(plugId: string, localDate: string): string {
  return `${plugId}@${localDate}`;
}

/** The configured plug id behind a request id (the id itself when it has no `@date`). */
export function plugIdOf(requestId: string): string {
  const at = requestId.indexOf("@");
  return at < 0 ? requestId : requestId.slice(0, at);
}

/** Power above which a plug counts as running, W. */
export function runningThresholdW(powerW: number): number {
  return Math.max(RUNNING_MIN_W, RUNNING_SHARE * powerW);
}

interface Window {
  readonly startMs: EpochMs;
  readonly endMs: EpochMs;
  readonly date: string;
}

const pad = (n: number): string => String(n).padStart(2, "0");

/** The plug's window occurrences that start on the local days from the day before `fromMs` to the day of `toMs`. */
export function plugWindows(plug: PlugConfig, fromMs: EpochMs, toMs: EpochMs, timeZone: string): Window[] {
  const first = wallTime(fromMs, timeZone);
  const out: Window[] = [];
  const e = plug.earliestMinuteOfDay;
  const l = plug.latestMinuteOfDay;
  for (let k = -1; ; k++) {
    // Date.UTC (inside localToEpochMs) normalises day and minute overflow, e.g. day 32 or minute 1440.
    const startMs = localToEpochMs(timeZone, first.year, first.month, first.day + k, Math.floor(e / 60), e % 60);
    if (startMs >= toMs) break;
    const endDay = first.day + k + (l < e ? 1 : 0);
    const endMs = localToEpochMs(timeZone, first.year, first.month, endDay, Math.floor(l / 60), (l % 60) + 1);
    const w = wallTime(startMs, timeZone);
    out.push({ startMs, endMs, date: `${w.year}-${pad(w.month)}-${pad(w.day)}` });
  }
  return out;
}

interface RunHistory {
  readonly ranMinutes: number;
  readonly starts: number;
  readonly runningNow: boolean;
}

/** Minutes above the threshold in [fromMs, nowMs), the number of off→on changes, and whether it runs now. */
function runHistory(history: HistoryReader, plug: PlugConfig, fromMs: EpochMs, nowMs: EpochMs): RunHistory {
  if (fromMs >= nowMs) return { ranMinutes: 0, starts: 0, runningNow: false };
  const threshold = runningThresholdW(plug.powerW);
  const buckets = history.aggregates(`plug_w:${plug.id}`, "1m", fromMs, nowMs);
  let ranMinutes = 0;
  let starts = 0;
  let lastOnMs: number | null = null;
  for (const b of buckets) {
    if (b.mean <= threshold) continue;
    ranMinutes++;
    if (lastOnMs === null || b.startMs - lastOnMs > MS_PER_MINUTE) starts++;
    lastOnMs = b.startMs;
  }
  const runningNow = lastOnMs !== null && nowMs - lastOnMs <= RUNNING_NOW_SPAN_MS;
  return { ranMinutes, starts, runningNow };
}

/** Slot range [lo, hi] of the slots lying wholly inside [startMs, endMs); lo > hi when none. */
function slotRange(slots: PlugRequestsArgs["slots"], startMs: EpochMs, endMs: EpochMs): { lo: number; hi: number } {
  let lo = slots.length;
  let hi = -1;
  slots.forEach((s, i) => {
    if (s.startMs >= startMs && s.endMs <= endMs) {
      lo = Math.min(lo, i);
      hi = Math.max(hi, i);
    }
  });
  return { lo, hi };
}

/** Rounds minutes up to whole slots. */
const slotsFor = (minutes: number, stepMs: number): number => Math.ceil((minutes * MS_PER_MINUTE) / stepMs - 1e-9);

/**
 * One occurrence → request. The run still to do is rounded up to slots; when the window reaches
 * past the horizon only what cannot wait beyond it is requested (else the occurrence is deferred
 * to a later run that sees the whole window); a contiguous run that is going on now continues
 * from the current slot instead of starting over.
 */
function occurrence(args: PlugRequestsArgs, plug: PlugConfig, w: Window, stepMs: number): PlugOccurrence {
  const run = runHistory(args.history, plug, w.startMs, Math.min(args.nowMs, w.endMs));
  const base = { plugId: plug.id, requestId: plugRequestId(plug.id, w.date), windowStartMs: w.startMs, windowEndMs: w.endMs, ranMinutes: run.ranMinutes };
  const remaining = plug.runMinutes - run.ranMinutes;
  if (remaining <= 0) return { ...base, status: "done", request: null };
  const horizonEndMs = args.slots[args.slots.length - 1]?.endMs ?? args.nowMs;
  const beyond = w.endMs > horizonEndMs ? Math.floor((w.endMs - Math.max(horizonEndMs, w.startMs)) / stepMs) : 0;
  const range = slotRange(args.slots, w.startMs, w.endMs);
  const windowSlots = range.hi - range.lo + 1;
  const runSlots = Math.min(slotsFor(remaining, stepMs) - beyond, windowSlots);
  if (slotsFor(remaining, stepMs) - beyond <= 0) return { ...base, status: "deferred", request: null };
  if (runSlots <= 0) return { ...base, status: "no_room", request: null };
  const continuing = plug.contiguous && run.runningNow && range.lo === 0;
  const request: PlugRequest = {
    id: base.requestId,
    powerW: plug.powerW,
    runSlots,
    earliestSlot: range.lo,
    latestSlot: continuing ? Math.min(range.hi, runSlots - 1) : range.hi,
    contiguous: plug.contiguous,
    ...(plug.minOnMinutes === null ? {} : { minOnSlots: Math.min(runSlots, slotsFor(plug.minOnMinutes, stepMs)) }),
    ...(plug.minOffMinutes === null ? {} : { minOffSlots: slotsFor(plug.minOffMinutes, stepMs) }),
    ...(plug.maxStarts === null ? {} : { maxStarts: Math.max(1, plug.maxStarts - run.starts + (run.runningNow ? 1 : 0)) }),
  };
  return { ...base, status: "planned", request };
}

/**
 * Every window occurrence of every plug that overlaps the planner's slots, each with its request
 * (status `planned`) or why none (`done`: the run is complete; `deferred`: the window reaches
 * past the horizon and the run can still wait; `no_room`: no whole slot of the window is left).
 */
export function plugOccurrences(args: PlugRequestsArgs): PlugOccurrence[] {
  const first = args.slots[0];
  const last = args.slots[args.slots.length - 1];
  if (first === undefined || last === undefined) return [];
  const stepMs = first.endMs - first.startMs;
  const out: PlugOccurrence[] = [];
  for (const plug of args.plugs) {
    for (const w of plugWindows(plug, first.startMs, last.endMs, args.timeZone)) {
      if (w.endMs <= first.startMs || w.startMs >= last.endMs) continue;
      out.push(occurrence(args, plug, w, stepMs));
    }
  }
  return out;
}

/** The planner's plug requests of one run (the `planned` occurrences). */
export function plugRequests(args: PlugRequestsArgs): PlugRequest[] {
  return plugOccurrences(args).flatMap((o) => (o.request === null ? [] : [o.request]));
}
