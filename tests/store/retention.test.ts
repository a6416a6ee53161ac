// Retention of raw samples and aggregates, the raw cutoff guard for late samples, and a rollup
// of a real HA load history checked against an independent grouping.
// Data: /work/shared/data/timeseries/emhass-ha-rest-history-power-load-10s-2022-10-19.csv
// (EMHASS test fixture, MIT; see data/PROVENANCE.md): ~8,700 irregular samples, ~10 s apart.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Sample } from "../../addon/src/domain/history.js";
import { DAY, MIN, QUARTER, openTestStore, T0, withTempDir } from "./support/temp-store.js";

const CSV = "/work/shared/data/timeseries/emhass-ha-rest-history-power-load-10s-2022-10-19.csv";

function loadCsv(): Sample[] {
  const lines = readFileSync(CSV, "utf8").trim().split("\n").slice(1);
  return lines.map((line) => {
    const [at, w] = line.split(",");
    // Date.parse keeps ms; the CSV has µs, which the store would round anyway.
    return { series: "load_w", atMs: Date.parse(at!), value: Number(w) };
  });
}

describe("history store retention", () => {
  const tmpDir = withTempDir();

  it("deletes raw samples after rawRetentionMs (at quarter-hour boundaries) and keeps the aggregates", () => {
    const { store } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 0, rawRetentionMs: DAY, minuteRetentionMs: 2 * DAY, quarterRetentionMs: 3 * DAY });
    const samples: Sample[] = [];
    for (let t = T0; t < T0 + 4 * DAY; t += 5 * MIN) samples.push({ series: "soc_pct", atMs: t, value: 50 });
    store.append(samples);
    store.flush(T0);

    const now = T0 + 4 * DAY + 7 * MIN; // raw cutoff = floor15(now − 1 day) = T0 + 3 days
    const r = store.maintain(now);
    expect(r).toMatchObject({ ok: true, deletedSamples: 3 * 288, deleted1m: 2 * 288, deleted15m: 96 });
    const raw = store.samples("soc_pct", 0, now);
    expect(raw[0]?.atMs).toBe(T0 + 3 * DAY);
    expect(raw).toHaveLength(288);
    expect(store.aggregates("soc_pct", "1m", 0, now)[0]?.startMs).toBe(T0 + 2 * DAY);
    expect(store.aggregates("soc_pct", "15m", 0, now)[0]?.startMs).toBe(T0 + DAY);
    expect(store.aggregates("soc_pct", "15m", 0, now)).toHaveLength(3 * 96);
    // A second run at the same instant deletes nothing more.
    expect(store.maintain(now)).toMatchObject({ deletedSamples: 0, deleted1m: 0, deleted15m: 0 });
    store.close();
  });

  it("never deletes raw samples that are not rolled up yet", () => {
    // The store was off for three days: the first maintain must roll up before it deletes.
    const { store } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 0, rawRetentionMs: DAY, minuteRetentionMs: DAY, quarterRetentionMs: DAY });
    store.append([{ series: "pv_w", atMs: T0 + 10_000, value: 800 }]);
    store.flush(T0);
    expect(store.maintain(T0 + 3 * DAY)).toMatchObject({ buckets1m: 1, buckets15m: 1, deletedSamples: 1, deleted1m: 1, deleted15m: 1 });
    store.close();
  });

  it("discards samples older than the raw cutoff instead of corrupting final buckets", () => {
    const { store, log } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 0, rawRetentionMs: DAY });
    store.append([{ series: "grid_w", atMs: T0 + MIN, value: 10 }, { series: "grid_w", atMs: T0 + 2 * MIN, value: 30 }]);
    store.flush(T0);
    store.maintain(T0 + DAY + QUARTER); // raw cutoff moves to T0 + 15 min; the samples are gone
    store.append([{ series: "grid_w", atMs: T0 + 3 * MIN, value: 1000 }, { series: "grid_w", atMs: T0 + DAY, value: 5 }]);
    expect(store.flush(T0 + DAY + QUARTER)).toEqual({ ok: true, written: 1, tooOld: 1 });
    expect(log.lines.some((l) => l.level === "warn" && l.msg.includes("older than raw retention"))).toBe(true);
    store.maintain(T0 + DAY + 2 * QUARTER);
    expect(store.aggregates("grid_w", "15m", T0, T0 + QUARTER)).toEqual([
      { series: "grid_w", startMs: T0, mean: 20, min: 10, max: 30, count: 2 },
    ]);
    store.close();
  });

  it("rolls up a real 10-second HA load history exactly like an independent grouping", () => {
    const samples = loadCsv();
    expect(samples.length).toBeGreaterThan(8000);
    const { store } = openTestStore(tmpDir().file("h.db"), { rollupDelayMs: 0 });
    store.append(samples);
    const lastMs = samples.reduce((m, s) => Math.max(m, s.atMs), 0);
    expect(store.flush(lastMs)).toMatchObject({ ok: true, written: samples.length });
    store.maintain(lastMs + QUARTER + MIN);

    for (const [res, width] of [["1m", MIN], ["15m", QUARTER]] as const) {
      const ref = new Map<number, number[]>();
      for (const s of samples) {
        const b = Math.floor(s.atMs / width) * width;
        ref.set(b, [...(ref.get(b) ?? []), s.value]);
      }
      const got = store.aggregates("load_w", res, 0, lastMs + DAY);
      expect(got.map((a) => a.startMs)).toEqual([...ref.keys()].sort((a, b) => a - b));
      for (const a of got) {
        const vs = ref.get(a.startMs)!;
        expect(a.count).toBe(vs.length);
        expect(a.min).toBe(Math.min(...vs));
        expect(a.max).toBe(Math.max(...vs));
        expect(a.mean).toBeCloseTo(vs.reduce((x, y) => x + y, 0) / vs.length, 9);
      }
      // Conservation: every sample is in exactly one bucket.
      expect(got.reduce((n, a) => n + a.count, 0)).toBe(samples.length);
    }
    store.close();
  });
});
