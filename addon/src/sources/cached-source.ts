import type { Clock, EpochMs, InputStatus, SlotSeries, SourceResult } from "../domain/index.js";
import { inputStatusOf } from "../domain/index.js";

/** Per-provider caching and backoff (ANCHORS.md §3 item 4: quota loops, silent stale data). */
export interface CachePolicy {
  /** Do not ask the provider again within this interval after a success. */
  readonly refreshMs: number;
  /** Data older than this (since `fetchedAtMs`) is stale. */
  readonly maxAgeMs: number;
  /** First retry delay after a transient failure; doubles per consecutive failure… */
  readonly backoffBaseMs: number;
  /** …up to this; also the delay after a permanent failure. */
  readonly backoffMaxMs: number;
}

/** What the cache hands out: the last good value (maybe stale) and how things stand. */
export interface CachedInput<T> {
  readonly source: string;
  readonly value: T | null;
  readonly status: InputStatus;
  /** The last failure's text, null after a success. */
  readonly lastFailure: string | null;
  readonly consecutiveFailures: number;
  readonly nextAttemptAtMs: EpochMs;
}

interface Fetcher<T> {
  readonly id: string;
  fetch(nowMs: EpochMs): Promise<SourceResult<T>>;
}

/**
 * Wraps one source: keeps the last good series, asks the provider at most every `refreshMs`,
 * backs off exponentially after failures (honouring a 429's retry time), and reports the
 * series as stale once older than `maxAgeMs` or past its `validUntilMs`. Concurrent `get`s
 * share one request. Never throws.
 */
export class CachedSource<T extends SlotSeries<unknown>> {
  private value: T | null = null;
  private failures = 0;
  private lastFailure: string | null = null;
  private nextAttemptAtMs = -Infinity;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly source: Fetcher<T>,
    private readonly clock: Clock,
    private readonly policy: CachePolicy,
  ) {}

  async get(): Promise<CachedInput<T>> {
    if (this.clock.nowMs() >= this.nextAttemptAtMs) {
      this.inFlight ??= this.refresh().finally(() => {
        this.inFlight = null;
      });
      await this.inFlight;
    }
    return this.snapshot(this.clock.nowMs());
  }

  /** The current state without asking the provider. */
  snapshot(nowMs: EpochMs): CachedInput<T> {
    return {
      source: this.source.id,
      value: this.value,
      status: this.statusAt(nowMs),
      lastFailure: this.lastFailure,
      consecutiveFailures: this.failures,
      nextAttemptAtMs: this.nextAttemptAtMs,
    };
  }

  private statusAt(nowMs: EpochMs): InputStatus {
    if (this.value === null) return { kind: "missing", cause: this.lastFailure ?? "not fetched yet" };
    const status = inputStatusOf(this.value.fetchedAtMs, nowMs, this.policy.maxAgeMs);
    const expired = this.value.validUntilMs !== undefined && nowMs >= this.value.validUntilMs;
    if (status.kind === "fresh" && expired) return { kind: "stale", ageMs: status.ageMs, maxAgeMs: this.policy.maxAgeMs };
    return status;
  }

  private async refresh(): Promise<void> {
    const now = this.clock.nowMs();
    let r: SourceResult<T>;
    try {
      r = await this.source.fetch(now);
    } catch (e) {
      // Sources must not throw; if one does, treat it as transient rather than dying.
      r = { kind: "error", severity: "transient", message: e instanceof Error ? e.message : String(e) };
    }
    this.apply(r, now);
  }

  private apply(r: SourceResult<T>, now: EpochMs): void {
    const backoff = Math.min(this.policy.backoffMaxMs, this.policy.backoffBaseMs * 2 ** this.failures);
    switch (r.kind) {
      case "ok":
        this.value = r.value;
        this.failures = 0;
        this.lastFailure = null;
        this.nextAttemptAtMs = now + this.policy.refreshMs;
        return;
      case "rate_limited":
        this.failures++;
        this.lastFailure = `rate limited: ${r.message}`;
        this.nextAttemptAtMs = now + Math.max(r.retryAfterMs, backoff);
        return;
      case "error":
        this.failures++;
        this.lastFailure = r.message;
        this.nextAttemptAtMs = now + (r.severity === "permanent" ? this.policy.backoffMaxMs : backoff);
        return;
    }
  }
}
