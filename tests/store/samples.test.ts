// Raw samples: buffering, one transaction per flush, retry after a locked database, ordering,
// half-open ranges, invalid values, duplicates, buffer cap.
import Sqlite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import type { Sample } from "../../addon/src/domain/history.js";
import { openTestStore, T0, withTempDir } from "./support/temp-store.js";

function countRows(path: string, table: string): number {
  const db = new Sqlite(path, { readonly: true });
  try {
    return db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
  } finally {
    db.close();
  }
}

describe("history store raw samples", () => {
  const tmpDir = withTempDir();

  it("keeps appended samples in memory until flush, then writes them all", () => {
    const path = tmpDir().file("h.db");
    const { store } = openTestStore(path);
    store.append([
      { series: "grid_w", atMs: T0 + 2000, value: -40 },
      { series: "grid_w", atMs: T0, value: 120.5 },
      { series: "pv_w", atMs: T0 + 1000, value: 300 },
    ]);
    expect(store.stats().pendingSamples).toBe(3);
    expect(store.samples("grid_w", T0, T0 + 10_000)).toEqual([]);
    expect(countRows(path, "samples")).toBe(0);

    expect(store.flush(T0 + 10_000)).toEqual({ ok: true, written: 3, tooOld: 0 });
    expect(store.stats().pendingSamples).toBe(0);
    expect(store.stats().lastFlushAtMs).toBe(T0 + 10_000);
    // Another connection (a second process) sees the committed batch.
    expect(countRows(path, "samples")).toBe(3);
    expect(store.samples("grid_w", T0, T0 + 10_000)).toEqual([
      { series: "grid_w", atMs: T0, value: 120.5 },
      { series: "grid_w", atMs: T0 + 2000, value: -40 },
    ]);
    expect(store.flush(T0 + 20_000)).toEqual({ ok: true, written: 0, tooOld: 0 });
    store.close();
  });

  it("selects the half-open range [from, to) of one series only", () => {
    const { store } = openTestStore(tmpDir().file("h.db"));
    const samples: Sample[] = [];
    for (let i = 0; i < 10; i++) {
      samples.push({ series: "plug_w:washer", atMs: T0 + i * 1000, value: i });
      samples.push({ series: "plug_w:dryer", atMs: T0 + i * 1000, value: 100 + i });
    }
    store.append(samples);
    store.flush(T0);
    expect(store.samples("plug_w:washer", T0 + 3000, T0 + 6000).map((s) => s.value)).toEqual([3, 4, 5]);
    expect(store.samples("plug_w:dryer", T0 + 8000, T0 + 60_000).map((s) => s.value)).toEqual([108, 109]);
    expect(store.samples("plug_w:washer", T0 + 6000, T0 + 6000)).toEqual([]);
    expect(store.samples("soc_pct", T0, T0 + 60_000)).toEqual([]);
    store.close();
  });

  it("drops non-finite values, rounds instants to ms, and lets a re-sent instant replace the first", () => {
    const { store } = openTestStore(tmpDir().file("h.db"));
    store.append([
      { series: "soc_pct", atMs: T0, value: Number.NaN },
      { series: "soc_pct", atMs: Number.POSITIVE_INFINITY, value: 1 },
      { series: "soc_pct", atMs: T0 + 0.4, value: 50 },
      { series: "soc_pct", atMs: T0 + 1000, value: 51 },
    ]);
    store.flush(T0);
    store.append([{ series: "soc_pct", atMs: T0 + 1000, value: 52 }]);
    store.flush(T0);
    expect(store.samples("soc_pct", T0, T0 + 2000)).toEqual([
      { series: "soc_pct", atMs: T0, value: 50 },
      { series: "soc_pct", atMs: T0 + 1000, value: 52 },
    ]);
    expect(store.stats().droppedInvalid).toBe(2);
    store.close();
  });

  it("returns a failed flush as a value when the file is locked, keeps the batch, and writes it later", () => {
    const path = tmpDir().file("h.db");
    const { store, log } = openTestStore(path, { busyTimeoutMs: 50 });
    store.append([{ series: "grid_w", atMs: T0, value: 1 }]);
    store.flush(T0);

    const other = new Sqlite(path);
    other.exec("BEGIN IMMEDIATE");
    store.append([
      { series: "grid_w", atMs: T0 + 1000, value: 2 },
      { series: "load_w", atMs: T0 + 1000, value: 3 },
    ]);
    const failed = store.flush(T0 + 10_000);
    expect(failed.ok).toBe(false);
    expect(failed).toMatchObject({ pending: 2 });
    expect(log.lines.some((l) => l.level === "warn" && l.msg.includes("flush failed"))).toBe(true);
    other.exec("ROLLBACK");
    other.close();

    // Nothing of the failed batch is in the file (it was one transaction), and a new series id
    // created inside it was forgotten with the rollback.
    expect(countRows(path, "samples")).toBe(1);
    expect(countRows(path, "series")).toBe(1);
    expect(store.flush(T0 + 20_000)).toEqual({ ok: true, written: 2, tooOld: 0 });
    expect(store.samples("load_w", T0, T0 + 2000).map((s) => s.value)).toEqual([3]);
    expect(countRows(path, "samples")).toBe(3);
    store.close();
  });

  it("caps the buffer and drops the oldest samples when flushes keep failing", () => {
    const { store, log } = openTestStore(tmpDir().file("h.db"), { maxBufferedSamples: 5 });
    store.append(Array.from({ length: 8 }, (_, i) => ({ series: "grid_w" as const, atMs: T0 + i * 1000, value: i })));
    expect(store.stats()).toMatchObject({ pendingSamples: 5, droppedOverflow: 3 });
    expect(log.lines.some((l) => l.msg.includes("buffer full"))).toBe(true);
    store.flush(T0);
    expect(store.samples("grid_w", T0, T0 + 10_000).map((s) => s.value)).toEqual([3, 4, 5, 6, 7]);
    store.close();
  });

  it("flushes what is buffered when closed", () => {
    const path = tmpDir().file("h.db");
    const { store } = openTestStore(path);
    store.append([{ series: "battery_w", atMs: T0, value: -250 }]);
    store.close();
    store.close();
    const again = openTestStore(path).store;
    expect(again.samples("battery_w", T0, T0 + 1)).toEqual([{ series: "battery_w", atMs: T0, value: -250 }]);
    again.close();
  });
});
