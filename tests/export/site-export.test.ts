// The service-facing export (addon/src/export/site-export.ts): readings thinned to one per
// series per interval bucket, and plans/decisions mapped, all reaching the writer at its port.
// Readings: the real ~10-s load history in
// /work/shared/data/timeseries/emhass-ha-rest-history-power-load-10s-2022-10-19.csv (support/real-hour.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { influxOptions } from "../../addon/src/config/groups/influx.js";
import { createSiteExport, readingThinner, type InfluxWriter } from "../../addon/src/export/index.js";
import { silentLogger, type Command, type Plan, type Sample } from "../../addon/src/domain/index.js";
import { ManualTime } from "../app/manual-time.js";
import { instants, SERIES_PER_INSTANT } from "./support/real-hour.js";

const T = 1_700_000_000_000; // a multiple of 10 s and of 60 s

describe("readingThinner", () => {
  const at = (series: Sample["series"], atMs: number, value = 1): Sample => ({ series, atMs, value });

  it.each<[string, number, Sample[][], Sample[][]]>([
    [
      "several ingests per second → the first of each 10-s bucket, per series",
      10_000,
      [[at("grid_w", T), at("pv_w", T)], [at("grid_w", T + 400)], [at("grid_w", T + 9_999), at("pv_w", T + 9_999)], [at("grid_w", T + 10_000)]],
      [[at("grid_w", T), at("pv_w", T)], [], [], [at("grid_w", T + 10_000)]],
    ],
    [
      "a series that appears later starts in its own bucket",
      10_000,
      [[at("grid_w", T + 1_000)], [at("grid_w", T + 2_000), at("soc_pct", T + 2_000)]],
      [[at("grid_w", T + 1_000)], [at("soc_pct", T + 2_000)]],
    ],
    [
      "interval 0 keeps everything",
      0,
      [[at("grid_w", T), at("grid_w", T)], [at("grid_w", T + 1)]],
      [[at("grid_w", T), at("grid_w", T)], [at("grid_w", T + 1)]],
    ],
  ])("%s", (_what, intervalMs, ingests, want) => {
    const thin = readingThinner(intervalMs);
    expect(ingests.map((samples) => thin(samples))).toEqual(want);
  });

  it("keeps an hour of real ~10-s readings to one per series per minute: 60 per series", () => {
    const thin = readingThinner(60_000);
    const hour = instants(0, 360);
    const kept = hour.flatMap((samples) => thin(samples));
    const span = (hour.at(-1)?.[0]?.atMs ?? 0) - (hour[0]?.[0]?.atMs ?? 0);
    const buckets = Math.floor(((hour.at(-1)?.[0]?.atMs ?? 0)) / 60_000) - Math.floor((hour[0]?.[0]?.atMs ?? 0) / 60_000) + 1;
    expect(span).toBeGreaterThan(55 * 60_000);
    expect(kept).toHaveLength(buckets * SERIES_PER_INSTANT);
    for (const s of kept) expect(hour.flat()).toContainEqual(s);
  });
});

describe("createSiteExport", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sunshift-site-export-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("readings, plans and decisions reach the writer as lines, readings thinned", async () => {
    const time = new ManualTime(T);
    const sent: string[] = [];
    const writer: InfluxWriter = {
      target: "fake",
      write: (lines) => {
        sent.push(...lines);
        return Promise.resolve({ kind: "written" });
      },
    };
    const config = influxOptions.parse({ enabled: true, readings_interval_s: 10 });
    const site = createSiteExport({ config, spoolDir: dir, clock: time, scheduler: time, logger: silentLogger, writer });
    site.readings([{ series: "grid_w", atMs: T, value: 100 }]);
    site.readings([{ series: "grid_w", atMs: T + 2_000, value: 120 }]);
    site.readings([{ series: "grid_w", atMs: T + 10_000, value: 90 }]);
    const plan: Plan = {
      status: "fallback", generatedAtMs: T, objectiveEur: 0, reasons: [],
      slots: [{ startMs: T, endMs: T + 900_000, pvUsedW: 0, pvCurtailedW: 0, acOutW: 0, acInW: 0, plugsOn: [], batteryW: 0, gridW: 250, socPct: 40, costEur: 0.02, action: "idle", reasons: [] }],
    };
    site.plan(plan, []);
    const idle: Command = { kind: "battery_idle", reason: { kind: "safe_state", cause: "meter stale" } };
    site.decisions([{ command: idle, result: { ok: true, response: null } }], T + 5_000);
    expect(await site.flush()).toEqual({ ok: true, sent: 4 });
    expect(sent).toEqual([
      `sunshift_reading,series=grid_w value=100 ${T}`,
      `sunshift_reading,series=grid_w value=90 ${T + 10_000}`,
      `sunshift_plan battery_w=0,grid_w=250,soc_pct=40,ac_out_w=0,ac_in_w=0,pv_used_w=0,pv_curtailed_w=0,cost_eur=0.02,action="idle",reason="",plugs_on="",status="fallback",generated_at_ms=${T} ${T}`,
      `sunshift_decision,command=battery_idle,reason=safe_state outcome="sent",cause="meter stale",setpoint_w=0 ${T + 5_000}`,
    ]);
    expect(site.stats()).toMatchObject({ sentPoints: 4, pendingPoints: 0 });
    await site.stop();
  });
});
