// The slow loop (issues 3 and 5): prices from the HACS Nord Pool sensor as the simulated home
// exposes it, planning, persistence, the 15-minute schedule on a manual clock, fallbacks and the
// plan → fast-loop bounds mapping.
// Price payload: /work/shared/data/prices/nordpool-hacs-sensor-attributes-SE3-2023-09-26.json
// (its 24 `today` + 24 `tomorrow` hourly values turned into raw_today/raw_tomorrow entries,
// starting at local midnight 2023-09-26T00:00+02:00 as its raw_today entries do).
import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { batteryModelOf, optionsSchema, type OptionsInput } from "../../addon/src/config/index.js";
import { readSite } from "../../addon/src/devices/site.js";
import type { HistoryReader, Plan, PlanReason, PlanSlot, SlotAction, Solver } from "../../addon/src/domain/index.js";
import { createHighsSolver } from "../../addon/src/planner/index.js";
import { REPLAN_PERIOD_MS } from "../../addon/src/app/slow-loop.js";
import { boundsForPlan } from "../../addon/src/app/slow-loop-bounds.js";
import { pvPersistence } from "../../addon/src/app/slow-loop-inputs.js";
import type { HistoryStore } from "../../addon/src/store/index.js";
import { slowLoopRig, type SlowLoopRig } from "./slow-loop-rig.js";

const DATA = "/work/shared/data/prices/nordpool-hacs-sensor-attributes-SE3-2023-09-26.json";
const raw = JSON.parse(readFileSync(DATA, "utf8")) as { attributes: { today: number[]; tomorrow: number[]; currency: string } };
const HOUR = 3_600_000;
const DAY_START_MS = Date.UTC(2023, 8, 25, 22); // 2023-09-26T00:00+02:00
const iso = (ms: number): string => new Date(ms).toISOString();
const hourly = [...raw.attributes.today, ...raw.attributes.tomorrow];
const entries = hourly.map((value, i) => ({ start: iso(DAY_START_MS + i * HOUR), end: iso(DAY_START_MS + (i + 1) * HOUR), value }));
const attributes = { raw_today: entries.slice(0, 24), raw_tomorrow: entries.slice(24), currency: raw.attributes.currency };
const NOW_MS = Date.UTC(2023, 8, 26, 4, 10); // 06:10 local


const options = (prices: OptionsInput["prices"]): OptionsInput => ({
  prices,
  pv_forecast: { source: "none", fallback: "none" },
  planner: { horizon_hours: 24, step_minutes: 60 },
});
const NORDPOOL = options({ source: "nordpool_hacs", price_entity: "sensor.sim_spot_price" });

let highs: Solver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

type Rig = SlowLoopRig;
const open: HistoryStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

function rig(input: OptionsInput, solvers: () => Promise<readonly Solver[]> = () => Promise.resolve([highs])): Rig {
  return slowLoopRig(input, NOW_MS, solvers, open);
}

describe("slow loop: planning from the price sensor", () => {
  it("plans over the sensor's prices and persists the run", async () => {
    const r = rig(NORDPOOL);
    r.ha.setState("sensor.sim_spot_price", "0.01", attributes, NOW_MS - 60_000);
    r.loop.start();
    await r.loop.replanNow("test");
    r.loop.stop();
    const plan = r.loop.current();
    expect(plan).not.toBeNull();
    expect(["optimal", "feasible"]).toContain(plan?.status);
    const last = r.plans.at(-1);
    expect(last?.plan).toEqual(plan);
    const inputs = last?.inputs ?? [];
    expect(inputs).toHaveLength(24);
    // The first slot is the current hour 04:00Z = 06:00 local: today[6]; no fees, no VAT.
    expect(inputs[0]?.startMs).toBe(Date.UTC(2023, 8, 26, 4));
    inputs.forEach((s, i) => {
      expect(s.importPriceEurPerKWh).toBeCloseTo(hourly[6 + i] ?? NaN, 9);
      expect(s.exportPriceEurPerKWh).toBeLessThanOrEqual(s.importPriceEurPerKWh);
    });
    expect(plan?.slots.map((s) => s.startMs)).toEqual(inputs.map((s) => s.startMs));
    // Two runs (start + test), both persisted, the newest first.
    const runs = r.store.planRuns(10);
    expect(runs).toHaveLength(2);
    expect(runs[0]?.generatedAtMs).toBe(NOW_MS);
    expect(r.logs.some((l) => l.msg.includes("substituted yesterday's PV"))).toBe(true);
  });

  it("without prices the plan is the rules fallback with a missing-data reason", async () => {
    const r = rig(NORDPOOL); // the sensor never appears
    await r.loop.replanNow("test");
    const plan = r.loop.current();
    expect(plan?.status).toBe("fallback");
    const cause = plan?.reasons.find((x) => x.kind === "fallback");
    expect(cause).toMatchObject({ kind: "fallback", cause: { kind: "missing_data", field: "importPriceEurPerKWh" } });
    expect(plan?.slots).toHaveLength(24);
    // Rules never grid-charge on unknown prices.
    expect(plan?.slots.every((s) => s.acInW === 0)).toBe(true);
    expect(r.logs.some((l) => l.level === "warn" && l.msg.startsWith("no prices"))).toBe(true);
  });

  it("the default options (fixed price) plan without any price sensor", async () => {
    const r = rig(options({}));
    await r.loop.replanNow("test");
    expect(["optimal", "feasible"]).toContain(r.loop.current()?.status);
    expect(r.plans[0]?.inputs.every((s) => s.importPriceEurPerKWh === 0.3)).toBe(true);
  });
});

describe("slow loop: a missing PV forecast in the log", () => {
  const pvWarnings = (r: Rig): string[] => r.logs.filter((l) => l.level === "warn" && l.msg.startsWith("PV forecast missing")).map((l) => l.msg);

  it("a configured forecast that is missing is warned about once, and its return noted", async () => {
    const r = rig({ ...NORDPOOL, pv_forecast: { source: "forecast_solar_ha", fallback: "none" } });
    r.ha.setState("sensor.sim_spot_price", "0.01", attributes, NOW_MS - 60_000);
    r.loop.start();
    for (let i = 0; i < 3; i++) {
      await r.loop.replanNow("test");
      r.time.advance(15 * 60_000);
    }
    expect(pvWarnings(r)).toEqual(["PV forecast missing: substituted yesterday's PV (persistence) until it is back"]);
    const at = r.time.nowMs();
    r.ha.setState("sensor.energy_production_today_remaining", "4.2", { unit_of_measurement: "kWh" }, at);
    r.ha.setState("sensor.energy_production_tomorrow", "9.5", { unit_of_measurement: "kWh" }, at);
    r.time.advance(60 * 60_000); // past the source's retry back-off
    await r.loop.replanNow("test");
    expect(r.logs.filter((l) => l.msg === "PV forecast is back")).toHaveLength(1);
    r.loop.stop();
    expect(pvWarnings(r)).toHaveLength(1);
  });

  it("only a weather fallback configured, and missing: warned once as well", async () => {
    const r = rig({ ...NORDPOOL, pv_forecast: { source: "none", fallback: "weather" } });
    r.ha.setState("sensor.sim_spot_price", "0.01", attributes, NOW_MS - 60_000);
    await r.loop.replanNow("test");
    await r.loop.replanNow("test");
    expect(pvWarnings(r)).toHaveLength(1);
  });

  it("with pv_forecast source and fallback none, yesterday's PV is the chosen method: no warning", async () => {
    const r = rig(NORDPOOL);
    r.ha.setState("sensor.sim_spot_price", "0.01", attributes, NOW_MS - 60_000);
    await r.loop.replanNow("test");
    await r.loop.replanNow("test");
    expect(pvWarnings(r)).toEqual([]);
    expect(r.logs.filter((l) => l.level === "debug" && l.msg.startsWith("PV forecast missing"))).toHaveLength(2);
  });
});

describe("slow loop: schedule and failures", () => {
  it("re-plans 5 s after every quarter hour of home time (croner), and stop cancels the schedule", async () => {
    const r = rig(NORDPOOL);
    r.ha.setState("sensor.sim_spot_price", "0.01", attributes, NOW_MS);
    r.loop.start();
    await vi.waitFor(() => { expect(r.store.planRuns(50)).toHaveLength(1); });
    // Started at 06:10 local: the next runs are at 06:15:05, 06:30:05, 06:45:05.
    const firstMs = NOW_MS + 5 * 60_000 + 5_000;
    r.time.advance(firstMs - NOW_MS - 1);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.store.planRuns(50)).toHaveLength(1);
    r.time.advance(1);
    await vi.waitFor(() => { expect(r.store.planRuns(50)).toHaveLength(2); });
    r.time.advance(REPLAN_PERIOD_MS);
    await vi.waitFor(() => { expect(r.store.planRuns(50)).toHaveLength(3); });
    r.time.advance(REPLAN_PERIOD_MS);
    await vi.waitFor(() => { expect(r.store.planRuns(50)).toHaveLength(4); });
    expect(r.store.planRuns(50).map((x) => x.generatedAtMs)).toEqual([firstMs + 2 * REPLAN_PERIOD_MS, firstMs + REPLAN_PERIOD_MS, firstMs, NOW_MS]);
    r.loop.stop();
    expect(r.time.pending()).toBe(0);
  });

  it("keeps the last plan when the solvers fail or cannot be loaded", async () => {
    let calls = 0;
    const broken: Solver = { name: "broken", solve: () => ({ kind: "error", message: "boom" }) };
    const r = rig(NORDPOOL, () => {
      calls += 1;
      if (calls === 1) return Promise.resolve([highs]);
      if (calls === 2) return Promise.resolve([broken]);
      return Promise.reject(new Error("wasm failed to load"));
    });
    r.ha.setState("sensor.sim_spot_price", "0.01", attributes, NOW_MS);
    r.loop.start();
    await r.loop.replanNow("first");
    const good = r.loop.current();
    expect(good?.status).not.toBe("fallback");
    r.time.advance(60_000);
    await r.loop.replanNow("solver error");
    expect(r.loop.current()).toBe(good);
    await expect(r.loop.replanNow("solver missing")).resolves.toBeUndefined();
    expect(r.loop.current()).toBe(good);
    r.loop.stop();
    expect(r.logs.some((l) => l.level === "warn" && l.msg.includes("all solvers failed"))).toBe(true);
    expect(r.logs.some((l) => l.level === "error" && l.fields?.error === "wasm failed to load")).toBe(true);
  });
});

const battery = { capacityWh: 2000, socMinPct: 10, socMaxPct: 100, maxOutputW: 800, maxAcChargeW: 1000, maxChargeDcW: 1200, maxDischargeDcW: 1200, chargeEfficiency: 0.95, dischargeEfficiency: 0.95, inverterEfficiency: 0.96, wearCostEurPerKWh: 0, terminalValueEurPerKWh: 0 };
const HOLD: PlanReason = { kind: "hold", priceNowEurPerKWh: 0.2, laterPriceEurPerKWh: 0.4, laterAtMs: 0 };
function slot(startMs: number, action: SlotAction, acOutW: number, acInW: number, reasons: readonly PlanReason[] = []): PlanSlot {
  return { startMs, endMs: startMs + HOUR, pvUsedW: 0, pvCurtailedW: 0, acOutW, acInW, plugsOn: [], batteryW: 0, gridW: 0, socPct: 50, costEur: 0, action, reasons };
}
const T0 = Date.UTC(2026, 0, 1);
const plan: Plan = {
  status: "optimal",
  generatedAtMs: T0,
  objectiveEur: 0,
  reasons: [],
  slots: [slot(T0, "discharge", 350, 0), slot(T0 + HOUR, "grid_charge", 0, 640), slot(T0 + 2 * HOUR, "idle", 0, 0, [HOLD]), slot(T0 + 3 * HOUR, "charge", 120, 0, [HOLD]), slot(T0 + 4 * HOUR, "grid_charge", 0, 5000), slot(T0 + 5 * HOUR, "idle", 0, 0), slot(T0 + 6 * HOUR, "charge", 0, 0)],
};

describe("boundsForPlan", () => {
  it.each([
    ["discharge: up to the inverter limit", T0 + 1, { minW: 0, maxW: 800 }],
    ["grid charge at the planned power", T0 + HOUR, { minW: -640, maxW: -640 }],
    ["idle holding energy for later holds the battery", T0 + 2 * HOUR + 30 * 60_000, { minW: 0, maxW: 0 }],
    ["charge holding energy for later: only the output the plan chose", T0 + 3 * HOUR, { minW: 0, maxW: 120 }],
    ["idle without a reason to hold: self-consumption (serves load the forecast missed)", T0 + 5 * HOUR, { minW: 0, maxW: 800 }],
    ["charge without a reason to hold: self-consumption", T0 + 6 * HOUR + 1, { minW: 0, maxW: 800 }],
    ["grid charge capped at the AC charge limit", T0 + 4 * HOUR, { minW: -1000, maxW: -1000 }],
    ["before the plan", T0 - 1, null],
    ["after the plan (end is exclusive)", T0 + 7 * HOUR, null],
  ] as const)("%s", (_name, atMs, expected) => {
    expect(boundsForPlan(plan, atMs, battery)).toEqual(expected);
  });

  it("is null without a plan, and via the loop before the first run", () => {
    expect(boundsForPlan(null, T0, battery)).toBeNull();
  });
});

describe("pvPersistence and the loop's bounds", () => {
  it("shifts yesterday's 15-minute pv_w onto the planner grid, averaging per step", () => {
    const Q = 15 * 60_000;
    const now = Date.UTC(2026, 5, 2, 10, 20);
    const yesterday10 = Date.UTC(2026, 5, 1, 10);
    const means = [100, 200, 300, -5, 500]; // 10:00…11:00 yesterday; a negative reading counts as 0
    const history: HistoryReader = {
      aggregates: (series, _res, fromMs, toMs) =>
        series !== "pv_w" ? [] : means.map((mean, i) => ({ series, startMs: yesterday10 + i * Q, mean, min: mean, max: mean, count: 15 })).filter((a) => a.startMs >= fromMs && a.startMs < toMs),
      samples: () => [],
    };
    const slots = pvPersistence(history, now, 2 * HOUR, HOUR);
    expect(slots).toEqual([
      { startMs: Date.UTC(2026, 5, 2, 10), endMs: Date.UTC(2026, 5, 2, 11), powerW: 150 },
      { startMs: Date.UTC(2026, 5, 2, 11), endMs: Date.UTC(2026, 5, 2, 12), powerW: 500 },
    ]);
  });

  it("boundsAt follows the current plan slot, its site's SOC starts the next plan; stop unsubscribes", async () => {
    const r = rig(NORDPOOL);
    const config = optionsSchema.parse(NORDPOOL);
    const socEntity = config.battery.socEntity;
    const site = readSite(new Map([[socEntity, { entityId: socEntity, state: "77", attributes: { unit_of_measurement: "%" }, lastChangedMs: NOW_MS, lastUpdatedMs: NOW_MS }]]), config);
    expect(site.battery.socPct.ok).toBe(true);
    r.ha.setState("sensor.sim_spot_price", "0.01", attributes, NOW_MS);
    expect(r.loop.boundsAt(NOW_MS, site)).toBeNull();
    r.loop.start();
    expect(r.ha.subscriberCount()).toBe(1);
    await r.loop.replanNow("test");
    const current = r.loop.current();
    expect(r.store.latestPlanRun()?.input).toMatchObject({ trigger: "test", socStartPct: 77 });
    const b = r.loop.boundsAt(NOW_MS, site);
    expect(b).not.toBeNull();
    expect(b).toEqual(boundsForPlan(current, NOW_MS, batteryModelOf(config.battery)));
    expect(r.loop.boundsAt(NOW_MS + 48 * HOUR, site)).toBeNull();
    r.loop.stop();
    expect(r.ha.subscriberCount()).toBe(0);
  });
});
