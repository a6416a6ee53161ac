import { ConfigError } from "../domain/errors.js";
import type { Logger } from "../domain/log.js";
import { MS_PER_MINUTE, MS_PER_SECOND } from "../domain/time.js";

export const MS_PER_DAY = 86_400_000;
export const BUCKET_1M_MS = MS_PER_MINUTE;
export const BUCKET_15M_MS = 15 * MS_PER_MINUTE;

export const STORE_DEFAULTS = {
  rawRetentionMs: 10 * MS_PER_DAY,
  minuteRetentionMs: 35 * MS_PER_DAY,
  quarterRetentionMs: 731 * MS_PER_DAY,
  planRunsKept: 200,
  busyTimeoutMs: 5 * MS_PER_SECOND,
  rollupDelayMs: 30 * MS_PER_SECOND,
  maxBufferedSamples: 200_000,
} as const;

export interface HistoryStoreOptions {
  /** SQLite file path, or ":memory:" (tests; no WAL there). */
  readonly path: string;
  readonly logger: Logger;
  /** How long raw samples are kept, ms. Default 10 days. */
  readonly rawRetentionMs?: number;
  /** How long 1-minute aggregates are kept, ms (≥ raw retention). Default 35 days. */
  readonly minuteRetentionMs?: number;
  /** How long 15-minute aggregates are kept, ms (≥ 1-minute retention). Default ~2 years. */
  readonly quarterRetentionMs?: number;
  /** Plan runs kept (newest). Default 200. */
  readonly planRunsKept?: number;
  /** How long a write waits for another connection's lock, ms. Default 5 s. */
  readonly busyTimeoutMs?: number;
  /**
   * A bucket is rolled up once `nowMs` is this far past its end, so samples still in the
   * caller's buffer usually land before. Later samples are still handled (the bucket is redone).
   */
  readonly rollupDelayMs?: number;
  /** Cap of the in-memory buffer when flushes keep failing; the oldest samples are dropped. */
  readonly maxBufferedSamples?: number;
}

export type ResolvedStoreOptions = Required<HistoryStoreOptions>;

function positiveInt(problems: string[], name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) problems.push(`store.${name}: must be a positive integer (got ${value})`);
}

/** Fills defaults and checks every option; throws ConfigError listing all problems. */
export function resolveStoreOptions(opts: HistoryStoreOptions): ResolvedStoreOptions {
  const r: ResolvedStoreOptions = {
    path: opts.path,
    logger: opts.logger,
    rawRetentionMs: opts.rawRetentionMs ?? STORE_DEFAULTS.rawRetentionMs,
    minuteRetentionMs: opts.minuteRetentionMs ?? STORE_DEFAULTS.minuteRetentionMs,
    quarterRetentionMs: opts.quarterRetentionMs ?? STORE_DEFAULTS.quarterRetentionMs,
    planRunsKept: opts.planRunsKept ?? STORE_DEFAULTS.planRunsKept,
    busyTimeoutMs: opts.busyTimeoutMs ?? STORE_DEFAULTS.busyTimeoutMs,
    rollupDelayMs: opts.rollupDelayMs ?? STORE_DEFAULTS.rollupDelayMs,
    maxBufferedSamples: opts.maxBufferedSamples ?? STORE_DEFAULTS.maxBufferedSamples,
  };
  const problems: string[] = [];
  if (r.path === "") problems.push("store.path: required");
  positiveInt(problems, "rawRetentionMs", r.rawRetentionMs);
  positiveInt(problems, "minuteRetentionMs", r.minuteRetentionMs);
  positiveInt(problems, "quarterRetentionMs", r.quarterRetentionMs);
  positiveInt(problems, "planRunsKept", r.planRunsKept);
  positiveInt(problems, "busyTimeoutMs", r.busyTimeoutMs);
  positiveInt(problems, "maxBufferedSamples", r.maxBufferedSamples);
  if (!Number.isSafeInteger(r.rollupDelayMs) || r.rollupDelayMs < 0) {
    problems.push(`store.rollupDelayMs: must be an integer ≥ 0 (got ${r.rollupDelayMs})`);
  }
  // Rollups read the finer level, so it must outlive the coarser level's pending buckets.
  if (r.minuteRetentionMs < r.rawRetentionMs) problems.push("store.minuteRetentionMs: must be ≥ rawRetentionMs");
  if (r.quarterRetentionMs < r.minuteRetentionMs) problems.push("store.quarterRetentionMs: must be ≥ minuteRetentionMs");
  if (problems.length > 0) throw new ConfigError(problems);
  return r;
}

/** Start of the bucket of width `bucketMs` containing `atMs` (UTC epoch multiples). */
export function bucketStart(atMs: number, bucketMs: number): number {
  return Math.floor(atMs / bucketMs) * bucketMs;
}
