import type { DaySample } from "./sampler.js";

/**
 * The soak's pass/fail rules (issue 8 §4), pure over the daily samples:
 * - RSS steady: after the warm-up, every day's RSS (the median of its hourly readings) within
 *   ±`rssBandPct` of the first post-warm-up day's;
 * - event-loop lag: p99 over the post-warm-up run ≤ `lagP99LimitMs`;
 * - handles: no growth, i.e. the last post-warm-up days never hold more open handles than the
 *   first post-warm-up day plus `handleSlack` (requests in flight at the sampling instant).
 */
export interface SoakLimits {
  readonly warmupDays: number;
  readonly rssBandPct: number;
  readonly lagP99LimitMs: number;
  readonly handleSlack: number;
}

/**
 * Warm-up 7 days: before the load forecast's last-7-days profile is full the service's working
 * set is still growing by design, and the allocator (jemalloc in the image) hands back the
 * start-up peak over the first days (measured: with glibc alone RSS fell ~20 % from day 3 to
 * day 6; with jemalloc and its background thread it levelled off within the first days).
 */
export const DEFAULT_SOAK_LIMITS: SoakLimits = { warmupDays: 7, rssBandPct: 10, lagP99LimitMs: 50, handleSlack: 3 };

export interface Verdict {
  readonly name: string;
  readonly pass: boolean;
  readonly detail: string;
}

/** Warm-up days actually used: never the whole run (at least one day is judged). */
export function effectiveWarmup(days: number, limits: SoakLimits): number {
  return Math.max(0, Math.min(limits.warmupDays, days - 1));
}

function mib(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MiB`;
}

export function rssVerdict(samples: readonly DaySample[], limits: SoakLimits): Verdict {
  const judged = samples.slice(effectiveWarmup(samples.length, limits));
  const ref = judged[0];
  if (ref === undefined) return { name: "RSS steady", pass: false, detail: "no samples" };
  const worst = judged.reduce((w, s) => (Math.abs(s.rssBytes - ref.rssBytes) > Math.abs(w.rssBytes - ref.rssBytes) ? s : w), ref);
  const devPct = ((worst.rssBytes - ref.rssBytes) / ref.rssBytes) * 100;
  const pass = Math.abs(devPct) <= limits.rssBandPct;
  return { name: "RSS steady", pass, detail: `reference ${mib(ref.rssBytes)} (day ${ref.day}); largest deviation ${devPct >= 0 ? "+" : ""}${devPct.toFixed(1)} % on day ${worst.day} (limit ±${limits.rssBandPct} %)` };
}

export function lagVerdict(runP99Ms: number, limits: SoakLimits): Verdict {
  return { name: "event-loop lag", pass: runP99Ms <= limits.lagP99LimitMs, detail: `p99 ${runP99Ms} ms after warm-up (limit ${limits.lagP99LimitMs} ms)` };
}

export function handlesVerdict(samples: readonly DaySample[], limits: SoakLimits): Verdict {
  const judged = samples.slice(effectiveWarmup(samples.length, limits));
  const ref = judged[0];
  if (ref === undefined) return { name: "open handles", pass: false, detail: "no samples" };
  const tail = judged.slice(-Math.max(1, Math.ceil(judged.length / 3)));
  const maxTail = Math.max(...tail.map((s) => s.handles));
  const pass = maxTail <= ref.handles + limits.handleSlack;
  return { name: "open handles", pass, detail: `day ${ref.day}: ${ref.handles}; last ${tail.length} day(s): max ${maxTail} (allowed ${ref.handles + limits.handleSlack})` };
}

export function soakVerdicts(samples: readonly DaySample[], runP99Ms: number, limits: SoakLimits = DEFAULT_SOAK_LIMITS): readonly Verdict[] {
  return [rssVerdict(samples, limits), lagVerdict(runP99Ms, limits), handlesVerdict(samples, limits)];
}
