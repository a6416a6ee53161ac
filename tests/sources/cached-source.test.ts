// Cache with per-provider backoff on a fake clock; the 429 retry time is honoured.
import { describe, expect, it } from "vitest";
import type { PowerSeries, SourceResult } from "../../addon/src/domain/index.js";
import { CachedSource, type CachePolicy } from "../../addon/src/sources/cached-source.js";

const MIN = 60_000;
const policy: CachePolicy = { refreshMs: 30 * MIN, maxAgeMs: 6 * 60 * MIN, backoffBaseMs: 5 * MIN, backoffMaxMs: 60 * MIN };

function scripted(results: SourceResult<PowerSeries>[]) {
  const calls: number[] = [];
  return {
    calls,
    source: {
      id: "p",
      fetch(nowMs: number): Promise<SourceResult<PowerSeries>> {
        calls.push(nowMs);
        return Promise.resolve(results.shift() ?? { kind: "error", severity: "transient", message: "exhausted" });
      },
    },
  };
}

const series = (fetchedAtMs: number, validUntilMs?: number): PowerSeries => ({
  source: "p",
  fetchedAtMs,
  ...(validUntilMs === undefined ? {} : { validUntilMs }),
  slots: [{ startMs: 0, endMs: MIN, powerW: 1 }],
});

describe("CachedSource", () => {
  it("refreshes at most every refreshMs; turns stale after maxAgeMs; keeps the last good value", async () => {
    let now = 0;
    const s = scripted([{ kind: "ok", value: series(0) }]);
    const c = new CachedSource(s.source, { nowMs: () => now }, policy);
    expect((await c.get()).status).toEqual({ kind: "fresh", ageMs: 0 });
    now = 10 * MIN;
    await c.get();
    expect(s.calls).toEqual([0]);
    now = 7 * 60 * MIN; // refresh fails (exhausted), value is 7 h old
    const r = await c.get();
    expect(s.calls).toEqual([0, 7 * 60 * MIN]);
    expect(r.value).not.toBeNull();
    expect(r.status).toEqual({ kind: "stale", ageMs: 7 * 60 * MIN, maxAgeMs: 6 * 60 * MIN });
    expect(r.lastFailure).toBe("exhausted");
  });

  it("transient failures back off 5, 10, 20, 40, 60 (cap) minutes", async () => {
    let now = 0;
    const s = scripted([]);
    const c = new CachedSource(s.source, { nowMs: () => now }, policy);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await c.get();
      delays.push((r.nextAttemptAtMs - now) / MIN);
      now = r.nextAttemptAtMs - 1;
      await c.get(); // one ms too early: no call
      now += 1;
    }
    expect(delays).toEqual([5, 10, 20, 40, 60, 60]);
    expect(s.calls).toHaveLength(6);
    expect((await c.get()).status).toEqual({ kind: "missing", cause: "exhausted" });
  });

  it("rate_limited waits the provider's retry time even when longer than the backoff; permanent waits the max", async () => {
    let now = 0;
    const s = scripted([
      { kind: "rate_limited", retryAfterMs: 18 * MIN, message: "429" },
      { kind: "error", severity: "permanent", message: "bad key" },
    ]);
    const c = new CachedSource(s.source, { nowMs: () => now }, policy);
    expect((await c.get()).nextAttemptAtMs).toBe(18 * MIN);
    now = 18 * MIN;
    expect((await c.get()).nextAttemptAtMs).toBe(18 * MIN + 60 * MIN);
  });

  it("past validUntilMs the data is stale even if recently fetched; concurrent gets share one request", async () => {
    let now = 0;
    const s = scripted([{ kind: "ok", value: series(0, 5 * MIN) }]);
    const c = new CachedSource(s.source, { nowMs: () => now }, policy);
    await Promise.all([c.get(), c.get(), c.get()]);
    expect(s.calls).toHaveLength(1);
    now = 6 * MIN;
    expect(c.snapshot(now).status.kind).toBe("stale");
  });
});
