// Rollups: hand-computed 1-minute and 15-minute buckets, rollup delay, incremental and
// idempotent re-rollup, late samples, and DST-independent bucket alignment.
import Sqlite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Aggregate, Sample } from "../../addon/src/domain/history.js";
import type { HistoryStore } from "../../addon/src/store/index.js";
import { MIN, QUARTER, openTestStore, T0, withTempDir } from "./support/temp-store.js";

const S = 1000;
const g = (atMs: number, value: number): Sample => ({ series: "grid_w", atMs, value });

/** Hand-computed case: five samples in the first quarter hour, one in the second. */
const CASE: readonly Sample[] = [
  g(T0, 100),
  g(T0 + 20 * S, 200),
  g(T0 + 59_999, 600),
  g(T0 + MIN, -50),
  g(T0 + 14 * MIN + 59 * S, 10),
  g(T0 + QUARTER, 1000),
];

function allAggregates(store: HistoryStore): { m1: readonly Aggregate[]; m15: readonly Aggregate[] } {
  return {
    m1: store.aggregates("grid_w", "1m", 0, T0 + 365 * 86_400_000),
    m15: store.aggregates("grid_w", "15m", 0, T0 + 365 * 86_400_000),
  };
}

describe("history store rollups", () => {
  const tmpDir = withTempDir();

  it("computes 1-minute and 15-minute buckets equal to the hand-computed values", () => {
    const { store } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 0 });
    store.append(CASE);
    store.flush(T0 + 16 * MIN);
    expect(store.maintain(T0 + 16 * MIN)).toMatchObject({ ok: true, buckets1m: 4, buckets15m: 1 });
    expect(allAggregates(store)).toEqual({
      m1: [
        { series: "grid_w", startMs: T0, mean: 300, min: 100, max: 600, count: 3 },
        { series: "grid_w", startMs: T0 + MIN, mean: -50, min: -50, max: -50, count: 1 },
        { series: "grid_w", startMs: T0 + 14 * MIN, mean: 10, min: 10, max: 10, count: 1 },
        { series: "grid_w", startMs: T0 + QUARTER, mean: 1000, min: 1000, max: 1000, count: 1 },
      ],
      // (100 + 200 + 600 − 50 + 10) / 5 = 172; the second quarter hour is not complete yet.
      m15: [{ series: "grid_w", startMs: T0, mean: 172, min: -50, max: 600, count: 5 }],
    });
    expect(store.maintain(T0 + 30 * MIN)).toMatchObject({ ok: true, buckets1m: 0, buckets15m: 1 });
    expect(store.aggregates("grid_w", "15m", T0 + QUARTER, T0 + 2 * QUARTER)).toEqual([
      { series: "grid_w", startMs: T0 + QUARTER, mean: 1000, min: 1000, max: 1000, count: 1 },
    ]);
    store.close();
  });

  it("waits rollupDelayMs past a bucket's end before rolling it up", () => {
    const { store } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 30 * S });
    store.append(CASE);
    store.flush(T0);
    expect(store.maintain(T0 + MIN + 29 * S)).toMatchObject({ buckets1m: 0 });
    expect(store.aggregates("grid_w", "1m", T0, T0 + MIN)).toEqual([]);
    expect(store.maintain(T0 + MIN + 30 * S)).toMatchObject({ buckets1m: 1 });
    expect(store.aggregates("grid_w", "1m", T0, T0 + MIN)).toHaveLength(1);
    store.close();
  });

  it("is incremental: a run only touches buckets completed since the last run", () => {
    const { store } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 0 });
    store.append(CASE);
    store.append([{ series: "pv_w", atMs: T0 + 5 * S, value: 50 }]);
    store.flush(T0);
    expect(store.maintain(T0 + 20 * MIN)).toMatchObject({ buckets1m: 5, buckets15m: 2 });
    expect(store.maintain(T0 + 20 * MIN)).toMatchObject({ buckets1m: 0, buckets15m: 0 });
    store.append([g(T0 + 20 * MIN + 1 * S, 7), { series: "pv_w", atMs: T0 + 20 * MIN + 2 * S, value: 8 }]);
    store.flush(T0 + 21 * MIN);
    expect(store.maintain(T0 + 21 * MIN)).toMatchObject({ buckets1m: 2, buckets15m: 0 });
    store.close();
  });

  it("is idempotent: redoing every bucket from scratch gives identical rows", () => {
    const path = tmpDir().file("h.db");
    const first = openTestStore(path, { rollupDelayMs: 0 }).store;
    first.append(CASE);
    first.flush(T0);
    first.maintain(T0 + 40 * MIN);
    const before = allAggregates(first);
    first.close();

    // Forget the watermarks, as if a crash had lost them after the aggregates were written.
    const db = new Sqlite(path);
    db.exec("DELETE FROM store_state WHERE key IN ('done_1m_ms', 'done_15m_ms')");
    db.close();

    const second = openTestStore(path, { rollupDelayMs: 0 }).store;
    expect(second.maintain(T0 + 40 * MIN)).toMatchObject({ buckets1m: 4, buckets15m: 2 });
    expect(allAggregates(second)).toEqual(before);
    expect(before.m15.map((a) => a.count)).toEqual([5, 1]);
    second.close();
  });

  it("redoes an already rolled-up bucket when a late sample arrives", () => {
    const { store } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 0 });
    store.append(CASE);
    store.flush(T0);
    store.maintain(T0 + 40 * MIN);
    store.append([g(T0 + 30 * S, 700)]);
    store.flush(T0 + 41 * MIN);
    expect(store.maintain(T0 + 41 * MIN)).toMatchObject({ buckets1m: 4, buckets15m: 2 });
    expect(store.aggregates("grid_w", "1m", T0, T0 + MIN)).toEqual([
      { series: "grid_w", startMs: T0, mean: 400, min: 100, max: 700, count: 4 },
    ]);
    // (860 + 700) / 6 = 260
    expect(store.aggregates("grid_w", "15m", T0, T0 + QUARTER)).toEqual([
      { series: "grid_w", startMs: T0, mean: 260, min: -50, max: 700, count: 6 },
    ]);
    store.close();
  });

  it.each([
    // zone, local day, expected quarter hours in that local day (23 h / 25 h on DST days)
    ["Europe/Berlin", "2026-03-29", 92],
    ["Europe/Berlin", "2026-10-25", 100],
    ["Europe/Berlin", "2026-07-01", 96],
    ["Asia/Kolkata", "2026-03-29", 96],
    ["Australia/Eucla", "2026-03-29", 96],
    ["America/St_Johns", "2026-11-01", 100],
  ] as const)("buckets are local quarter hours in %s on %s (%i per local day)", (zone, day, expected) => {
    const fmt = new Intl.DateTimeFormat("en-CA", {
      timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
    });
    const local = (ms: number): { date: string; minute: number; second: number } => {
      const parts = Object.fromEntries(fmt.formatToParts(ms).map((p) => [p.type, p.value]));
      return { date: `${parts["year"]}-${parts["month"]}-${parts["day"]}`, minute: Number(parts["minute"]), second: Number(parts["second"]) };
    };
    const { store } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 0 });
    // One sample every 5 minutes, 1.5 days either side of the local day.
    const mid = Date.parse(`${day}T12:00:00Z`);
    const from = mid - 36 * 3_600_000;
    const to = mid + 36 * 3_600_000;
    const samples: Sample[] = [];
    for (let t = from; t < to; t += 5 * MIN) samples.push({ series: "base_load_w", atMs: t, value: 1 });
    store.append(samples);
    store.flush(to);
    store.maintain(to + QUARTER);
    const quarters = store.aggregates("base_load_w", "15m", from, to);
    expect(quarters).toHaveLength(288);
    for (const q of quarters) {
      const l = local(q.startMs);
      expect([l.minute % 15, l.second]).toEqual([0, 0]);
      expect(q.count).toBe(3);
    }
    expect(quarters.filter((q) => local(q.startMs).date === day)).toHaveLength(expected);
    store.close();
  });
});
