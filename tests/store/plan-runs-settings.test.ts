// Plan-run persistence (STYLE.md P5: last N kept, newest first, survives reopen) and the
// runtime settings table.
import { describe, expect, it } from "vitest";
import type { PlanRun } from "../../addon/src/domain/plan-run.js";
import { openTestStore, T0, withTempDir } from "./support/temp-store.js";

const run = (i: number): PlanRun => ({
  schemaVersion: 1,
  generatedAtMs: T0 + i * 900_000,
  input: { prices: [0.1 * i, 0.2], socPct: 40 + i, note: `run ${i}` },
  result: { status: "optimal", plan: [{ action: "charge", powerW: 100 * i }] },
});

describe("plan runs", () => {
  const tmpDir = withTempDir();

  it("returns null / [] when nothing was saved", () => {
    const { store } = openTestStore(tmpDir().file("h.db"));
    expect(store.latestPlanRun()).toBeNull();
    expect(store.planRuns(10)).toEqual([]);
    store.close();
  });

  it("keeps the newest N runs, newest first, with input and result round-tripped", () => {
    const path = tmpDir().file("h.db");
    const { store } = openTestStore(path, { planRunsKept: 3 });
    const ids: number[] = [];
    for (let i = 1; i <= 5; i++) {
      const saved = store.savePlanRun(run(i));
      if (!saved.ok) throw new Error(saved.error);
      ids.push(saved.id);
    }
    expect(ids).toEqual([1, 2, 3, 4, 5]);
    expect(store.latestPlanRun()).toEqual({ id: 5, ...run(5) });
    expect(store.planRuns(10).map((r) => r.id)).toEqual([5, 4, 3]);
    expect(store.planRuns(2).map((r) => r.generatedAtMs)).toEqual([run(5).generatedAtMs, run(4).generatedAtMs]);
    expect(store.planRuns(0)).toEqual([]);
    store.close();

    // Survives a restart; ids keep increasing (AUTOINCREMENT never reuses a pruned id).
    const again = openTestStore(path, { planRunsKept: 3 }).store;
    expect(again.latestPlanRun()).toEqual({ id: 5, ...run(5) });
    expect(again.savePlanRun(run(6))).toEqual({ ok: true, id: 6 });
    expect(again.planRuns(10).map((r) => r.id)).toEqual([6, 5, 4]);
    again.close();
  });

  it("returns an error value for input that has no JSON form and saves nothing", () => {
    const { store } = openTestStore(tmpDir().file("h.db"));
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    const bad = [
      { ...run(1), input: cyclic },
      { ...run(1), result: undefined },
      { ...run(1), input: { n: 10n } },
      { ...run(1), schemaVersion: 1.5 },
    ];
    for (const r of bad) expect(store.savePlanRun(r).ok).toBe(false);
    expect(store.latestPlanRun()).toBeNull();
    store.close();
  });
});

describe("settings", () => {
  const tmpDir = withTempDir();

  it("stores JSON values per key, overwrites, deletes, and survives a restart", () => {
    const path = tmpDir().file("h.db");
    const { store } = openTestStore(path);
    expect(store.getSetting("mode")).toBeUndefined();
    expect(store.setSetting("mode", "self_consumption")).toEqual({ ok: true });
    expect(store.setSetting("reserve_soc_pct", 20)).toEqual({ ok: true });
    expect(store.setSetting("grid_target", { targetW: -50, enabled: true, plugs: ["a", "b"], note: null })).toEqual({ ok: true });
    expect(store.setSetting("reserve_soc_pct", 25)).toEqual({ ok: true });
    expect(store.setSetting("tmp", false)).toEqual({ ok: true });
    expect(store.deleteSetting("tmp")).toEqual({ ok: true });
    store.close();

    const again = openTestStore(path).store;
    expect(again.getSetting("mode")).toBe("self_consumption");
    expect(again.getSetting("reserve_soc_pct")).toBe(25);
    expect(again.getSetting("grid_target")).toEqual({ targetW: -50, enabled: true, plugs: ["a", "b"], note: null });
    expect(again.getSetting("tmp")).toBeUndefined();
    again.close();
  });
});
