// Slow-loop events (issue 3/4): re-plan on new prices, PV forecast change, SOC off plan and
// commands, debounced, each plan carrying its trigger and its stale inputs as plan reasons;
// plugs from the options planned and readable per plug id.
// Price payload: /work/shared/data/prices/nordpool-hacs-sensor-attributes-SE3-2023-09-26.json
// (its 24 `today` + 24 `tomorrow` hourly values as raw_today/raw_tomorrow entries from local
// midnight 2023-09-26T00:00+02:00, as in slow-loop.test.ts).
import { readFileSync } from "node:fs";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { optionsSchema, type OptionsInput } from "../../addon/src/config/index.js";
import { readSite } from "../../addon/src/devices/site.js";
import { cardPayloadFits, cardPayloadSchema, type Plan, type PlanReason, type PowerSeries, type PriceSeries, type Solver } from "../../addon/src/domain/index.js";
import { createHighsSolver } from "../../addon/src/planner/index.js";
import { triggerOf } from "../../addon/src/app/slow-loop.js";
import { createDebouncer, EVENT_POLL_MS, plannedSocAt, priceChange, pvChange, socOffPlan } from "../../addon/src/app/slow-loop-events.js";
import { toCardPayload } from "../../addon/src/mqtt/index.js";
import { inputAgeS, planAttributes } from "../../addon/src/app/mqtt-link.js";
import { optimize } from "../../addon/src/planner/optimize.js";
import { scenarioSchema } from "../../addon/src/planner/scenario-schema.js";
import { scenarioToInput } from "../../addon/src/planner/scenario.js";
import { generateScenario } from "../planner/support/scenarios.js";
import type { HistoryStore } from "../../addon/src/store/index.js";
import { ManualTime } from "./manual-time.js";
import { slowLoopRig, type SlowLoopRig } from "./slow-loop-rig.js";

const DATA = "/work/shared/data/prices/nordpool-hacs-sensor-attributes-SE3-2023-09-26.json";
const raw = JSON.parse(readFileSync(DATA, "utf8")) as { attributes: { today: number[]; tomorrow: number[]; currency: string } };
const HOUR = 3_600_000;
const DAY_START_MS = Date.UTC(2023, 8, 25, 22); // 2023-09-26T00:00+02:00
const iso = (ms: number): string => new Date(ms).toISOString();
const entries = [...raw.attributes.today, ...raw.attributes.tomorrow].map((value, i) => ({ start: iso(DAY_START_MS + i * HOUR), end: iso(DAY_START_MS + (i + 1) * HOUR), value }));
const TODAY_ONLY = { raw_today: entries.slice(0, 24), raw_tomorrow: [], currency: raw.attributes.currency };
const BOTH_DAYS = { raw_today: entries.slice(0, 24), raw_tomorrow: entries.slice(24), currency: raw.attributes.currency };
const NOW_MS = Date.UTC(2023, 8, 26, 4, 10); // 06:10 local
const SENSOR = "sensor.sim_spot_price";

const options = (extra: Partial<OptionsInput> = {}): OptionsInput => ({
  prices: { source: "nordpool_hacs", price_entity: SENSOR },
  pv_forecast: { source: "none", fallback: "none" },
  planner: { horizon_hours: 36, step_minutes: 60 },
  ...extra,
});

let highs: Solver;
beforeAll(async () => {
  highs = await createHighsSolver();
});

const open: HistoryStore[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
});

const rig = (input: OptionsInput = options()): SlowLoopRig => slowLoopRig(input, NOW_MS, () => Promise.resolve([highs]), open);

/** Advances the clock one second per try until `n` runs are persisted. */
async function runsReach(r: SlowLoopRig, n: number): Promise<void> {
  await vi.waitFor(() => {
    r.time.advance(1_000);
    expect(r.store.planRuns(100)).toHaveLength(n);
  }, { timeout: 5_000, interval: 20 });
}

const triggerOfPlan = (plan: Plan | null | undefined): PlanReason | undefined => plan?.reasons.find((x) => x.kind === "replanned");

describe("event detectors", () => {
  const series = (slots: [number, number, number][]): PriceSeries => ({ source: "t", fetchedAtMs: 0, kind: "spot", currency: "EUR", slots: slots.map(([s, e, p]) => ({ startMs: s * HOUR, endMs: e * HOUR, priceEurPerKWh: p })) });
  const day = series([[0, 1, 0.1], [1, 2, 0.2], [2, 3, 0.3]]);
  it.each([
    ["same data, fetched again", day, series([[0, 1, 0.1], [1, 2, 0.2], [2, 3, 0.3]]), 0.5 * HOUR, null],
    ["past slots dropped by the feed: same future", day, series([[1, 2, 0.2], [2, 3, 0.3]]), 1.5 * HOUR, null],
    ["tomorrow published", day, series([[0, 1, 0.1], [1, 2, 0.2], [2, 3, 0.3], [3, 4, 0.4]]), 0.5 * HOUR, { kind: "prices_changed", slotsBefore: 3, slotsAfter: 4 }],
    ["a value corrected", day, series([[0, 1, 0.1], [1, 2, 0.25], [2, 3, 0.3]]), 0.5 * HOUR, { kind: "prices_changed", slotsBefore: 3, slotsAfter: 3 }],
    ["the same prices in other slot shapes (split)", day, series([[0, 0.5, 0.1], [0.5, 1, 0.1], [1, 2, 0.2], [2, 3, 0.3]]), 0.25 * HOUR, null],
    ["prices after none", null, day, 0.5 * HOUR, { kind: "prices_changed", slotsBefore: 0, slotsAfter: 3 }],
    ["prices gone: keep planning on the old ones", day, null, 0.5 * HOUR, null],
  ] as const)("priceChange: %s", (_name, before, after, nowMs, expected) => {
    expect(priceChange(before, after, nowMs, 10 * HOUR)).toEqual(expected);
  });

  it("a rolling tariff that only grows beyond the horizon is no change; within it, it is", () => {
    const flat = (toH: number): PriceSeries => series([[0, toH, 0.3]]);
    expect(priceChange(flat(48), flat(48.25), 0.25 * HOUR, 36 * HOUR)).toBeNull();
    expect(priceChange(flat(24), flat(48), 0.25 * HOUR, 36 * HOUR)).toEqual({ kind: "prices_changed", slotsBefore: 1, slotsAfter: 1 });
  });

  const pv = (w: number[]): PowerSeries => ({ source: "t", fetchedAtMs: 0, slots: w.map((powerW, i) => ({ startMs: i * HOUR, endMs: (i + 1) * HOUR, powerW })) });
  it.each([
    // 1000 Wh → 1190 Wh: +19 % < 20 %.
    ["small change", pv([500, 500]), pv([600, 590]), null],
    // 1000 → 1400 Wh: +40 % and 400 Wh.
    ["cloud forecast gone", pv([500, 500]), pv([700, 700]), { kind: "forecast_changed", energyBeforeWh: 1000, energyAfterWh: 1400 }],
    // 100 → 200 Wh: +100 % but only 100 Wh < 300 Wh.
    ["large share of little energy", pv([50, 50]), pv([100, 100]), null],
  ] as const)("pvChange: %s", (_name, before, after, expected) => {
    expect(pvChange(before, after, 0, 2 * HOUR)).toEqual(expected);
  });

  it("planned SOC interpolates within the slot; off plan beyond 5 points", () => {
    const slot = (i: number, socPct: number) => ({ startMs: i * HOUR, endMs: (i + 1) * HOUR, pvUsedW: 0, pvCurtailedW: 0, acOutW: 0, acInW: 0, plugsOn: [], batteryW: 0, gridW: 0, socPct, costEur: 0, action: "idle" as const, reasons: [] });
    const plan: Plan = { status: "optimal", generatedAtMs: 0, objectiveEur: 0, reasons: [], slots: [slot(0, 60), slot(1, 80)] };
    expect(plannedSocAt(plan, 50, 0.5 * HOUR)).toBe(55);
    expect(plannedSocAt(plan, 50, 1.25 * HOUR)).toBe(65);
    expect(plannedSocAt(plan, 50, 2 * HOUR)).toBeNull();
    const config = optionsSchema.parse(options());
    const siteAt = (soc: string) => readSite(new Map([[config.battery.socEntity, { entityId: config.battery.socEntity, state: soc, attributes: { unit_of_measurement: "%" }, lastChangedMs: 0, lastUpdatedMs: 0 }]]), config);
    expect(socOffPlan(plan, 50, siteAt("69"), 1.25 * HOUR)).toBeNull();
    expect(socOffPlan(plan, 50, siteAt("71"), 1.25 * HOUR)).toEqual({ kind: "soc_off_plan", plannedSocPct: 65, observedSocPct: 71 });
    expect(socOffPlan({ ...plan, status: "fallback" }, 50, siteAt("90"), 1.25 * HOUR)).toBeNull();
  });

  it("the debouncer fires once with the first trigger, after the delay of clock time", () => {
    const time = new ManualTime(0);
    const fired: [string, number][] = [];
    const d = createDebouncer(time, (t, merged) => fired.push([t.kind, merged]), 5_000);
    d.request({ kind: "command", command: "set_mode" });
    time.advance(4_000);
    d.request({ kind: "command", command: "set_reserve_soc" });
    expect(fired).toEqual([]);
    time.advance(1_000);
    expect(fired).toEqual([["command", 1]]);
    expect(d.pending()).toBe(false);
  });

  it("replanNow strings become triggers", () => {
    expect(triggerOf("set_mode").trigger).toEqual({ kind: "command", command: "set_mode" });
    expect(triggerOf("schedule").trigger).toEqual({ kind: "schedule" });
    expect(triggerOf("button").trigger).toEqual({ kind: "command", command: "replan" });
  });
});

describe("slow loop events", () => {
  it("prices arriving just after start replace the fallback plan within about a minute", async () => {
    const r = rig();
    r.loop.start();
    await runsReach(r, 1);
    expect(r.loop.current()?.status).toBe("fallback");
    expect(triggerOfPlan(r.loop.current())).toEqual({ kind: "replanned", trigger: { kind: "start" } });
    r.time.advance(10_000);
    r.ha.setState(SENSOR, "0.01", BOTH_DAYS, NOW_MS + 10_000);
    await runsReach(r, 2);
    r.loop.stop();
    // Poll after 60 s + 5 s debounce, well before the 15-min tick.
    expect(r.time.nowMs() - NOW_MS).toBeLessThan(EVENT_POLL_MS + 30_000);
    const plan = r.loop.current();
    expect(plan?.status).toBe("optimal");
    expect(triggerOfPlan(plan)).toEqual({ kind: "replanned", trigger: { kind: "prices_changed", slotsBefore: 0, slotsAfter: 42 } });
    expect(r.store.latestPlanRun()?.input).toMatchObject({ trigger: "prices_changed", replanTrigger: { kind: "prices_changed" } });
  });

  it("tomorrow's prices published: re-plan over the longer horizon", async () => {
    const r = rig();
    r.ha.setState(SENSOR, "0.01", TODAY_ONLY, NOW_MS);
    r.loop.start();
    await runsReach(r, 1);
    expect(r.plans[0]?.inputs).toHaveLength(18); // 06:00 → 24:00 local
    r.ha.setState(SENSOR, "0.01", BOTH_DAYS, NOW_MS + 1_000);
    await runsReach(r, 2);
    r.loop.stop();
    expect(r.plans[1]?.inputs).toHaveLength(36);
    expect(triggerOfPlan(r.plans[1]?.plan)).toEqual({ kind: "replanned", trigger: { kind: "prices_changed", slotsBefore: 18, slotsAfter: 42 } });
  });

  it("no price change: no extra run before the 15-minute tick", async () => {
    const r = rig();
    r.ha.setState(SENSOR, "0.01", BOTH_DAYS, NOW_MS);
    r.loop.start();
    await runsReach(r, 1);
    for (let k = 0; k < 5; k++) {
      r.time.advance(EVENT_POLL_MS);
      await new Promise((res) => setTimeout(res, 20));
    }
    expect(r.store.planRuns(100)).toHaveLength(1);
    r.loop.stop();
  });

  it("SOC off plan re-plans once (debounced, with a cool-down), with the trigger as a reason", async () => {
    const r = rig();
    r.ha.setState(SENSOR, "0.01", BOTH_DAYS, NOW_MS);
    r.loop.start();
    await runsReach(r, 1);
    const config = optionsSchema.parse(options());
    const start = (r.store.latestPlanRun()?.input as { socStartPct: number }).socStartPct;
    const planned = plannedSocAt(r.loop.current()!, start, r.time.nowMs()) ?? 0;
    const soc = String(Math.round(planned > 50 ? planned - 30 : planned + 30));
    const site = readSite(new Map([[config.battery.socEntity, { entityId: config.battery.socEntity, state: soc, attributes: { unit_of_measurement: "%" }, lastChangedMs: NOW_MS, lastUpdatedMs: NOW_MS }]]), config);
    r.loop.boundsAt(r.time.nowMs(), site);
    r.loop.boundsAt(r.time.nowMs(), site);
    await runsReach(r, 2);
    const reason = triggerOfPlan(r.loop.current());
    expect(reason).toMatchObject({ kind: "replanned", trigger: { kind: "soc_off_plan", observedSocPct: Number(soc) } });
    r.loop.boundsAt(r.time.nowMs(), site);
    r.time.advance(10_000);
    await new Promise((res) => setTimeout(res, 20));
    expect(r.store.planRuns(100)).toHaveLength(2);
    r.loop.stop();
  });

  it("two commands within the debounce make one run named after the first", async () => {
    const r = rig();
    r.ha.setState(SENSOR, "0.01", BOTH_DAYS, NOW_MS);
    r.loop.start();
    await runsReach(r, 1);
    r.loop.requestReplan({ kind: "command", command: "set_mode" });
    r.loop.requestReplan({ kind: "command", command: "set_reserve_soc" });
    await runsReach(r, 2);
    await new Promise((res) => setTimeout(res, 30));
    expect(r.store.planRuns(100)).toHaveLength(2);
    expect(triggerOfPlan(r.loop.current())).toEqual({ kind: "replanned", trigger: { kind: "command", command: "set_mode" } });
    r.loop.stop();
  });
});

describe("freshness and plugs in the run", () => {
  it("stale and missing inputs become plan reasons and the run's data status", async () => {
    const r = rig();
    r.ha.setState(SENSOR, "0.01", BOTH_DAYS, NOW_MS);
    r.loop.start();
    await r.loop.replanNow("replan");
    r.loop.stop();
    const plan = r.loop.current();
    const inputs = plan?.reasons.flatMap((x) => (x.kind === "input_status" ? [[x.input, x.status.kind]] : []));
    // No PV source and no history (nothing to persist from), no load history.
    expect(inputs).toEqual([["pv_forecast", "missing"], ["load_forecast", "missing"]]);
    expect(r.loop.dataStatus()).toEqual([
      { input: "prices", source: "nordpool_hacs", ageS: 0, stale: false, usedInstead: null },
      { input: "pv_forecast", source: null, ageS: null, stale: true, usedInstead: null },
      { input: "load_forecast", source: "sunshift_blend", ageS: null, stale: true, usedInstead: null },
    ]);
    expect(r.plans.at(-1)?.run.dataStatus).toEqual(r.loop.dataStatus());
  });

  it("no PV forecast but yesterday's PV in the history: substituted by persistence", async () => {
    const r = rig();
    r.ha.setState(SENSOR, "0.01", BOTH_DAYS, NOW_MS);
    const samples = Array.from({ length: 24 * 60 }, (_, m) => ({ series: "pv_w" as const, atMs: NOW_MS - 86_400_000 + m * 60_000, value: 300 }));
    r.store.append(samples);
    r.store.flush(NOW_MS);
    r.store.maintain(NOW_MS);
    r.loop.start();
    await r.loop.replanNow("replan");
    r.loop.stop();
    expect(r.loop.dataStatus()[1]).toEqual({ input: "pv_forecast", source: "pv_persistence", ageS: null, stale: true, usedInstead: "pv_persistence" });
    expect(r.plans.at(-1)?.inputs[0]?.pvW).toBeCloseTo(300, 6);
    expect(r.loop.current()?.reasons).toContainEqual({ kind: "input_status", input: "pv_forecast", source: "pv_persistence", status: { kind: "substituted", by: "pv_persistence", cause: "not configured" } });
  });

  it("without prices the data status names the rules as what was used", async () => {
    const r = rig();
    await r.loop.replanNow("replan");
    expect(r.loop.dataStatus()[0]).toMatchObject({ input: "prices", stale: true, usedInstead: "rules" });
    expect(r.loop.current()?.reasons.some((x) => x.kind === "input_status" && x.input === "prices" && x.status.kind === "missing")).toBe(true);
  });

  it("plug options are planned in their window; plugStatesAt and the published plan use plug ids; the card payload fits", async () => {
    const plug = { id: "dish", name: "Dishwasher", switch_entity: "switch.dish", power_entity: "sensor.dish_power", power_w: 1200, run_minutes: 120, earliest: "10:00", latest: "16:00" };
    const r = rig(options({ plugs: [plug] }));
    r.ha.setState(SENSOR, "0.01", BOTH_DAYS, NOW_MS);
    r.loop.start();
    await r.loop.replanNow("replan");
    r.loop.stop();
    const internal = r.loop.current();
    const on = internal?.slots.flatMap((s, i) => (s.plugsOn.length > 0 ? [[i, s.plugsOn.join()]] : [])) ?? [];
    // Slot 0 = 06:00 local; today's window 10:00–16:00 = slots 4..9, tomorrow's 28..33; 2 h each.
    expect(on.filter(([, id]) => id === "dish@2023-09-26").map(([i]) => i)).toHaveLength(2);
    expect(on.filter(([, id]) => id === "dish@2023-09-27").map(([i]) => i)).toHaveLength(2);
    for (const [i, id] of on) expect(id === "dish@2023-09-26" ? Number(i) >= 4 && Number(i) <= 9 : Number(i) >= 28 && Number(i) <= 33).toBe(true);
    const firstOn = internal?.slots.find((s) => s.plugsOn.length > 0);
    expect(r.loop.plugStatesAt(firstOn?.startMs ?? 0)).toEqual(new Map([["dish", true]]));
    expect(r.loop.plugStatesAt(NOW_MS)).toEqual(new Map([["dish", false]]));
    const published = r.plans.at(-1);
    expect(published?.plan.slots.flatMap((s) => s.plugsOn)).toEqual(["dish", "dish", "dish", "dish"]);
    const payload = { ...toCardPayload(published!.plan, { slots: published!.inputs, plugs: published!.run.plugs }), dataStatus: [...published!.run.dataStatus] };
    expect(cardPayloadSchema.parse(payload).plugs).toEqual([{ id: "dish", w: 1200, runs: expect.any(Array) as unknown }]);
    expect(cardPayloadFits(payload)).toBe(true);
  });
});

describe("freshness on the HA entities (mqtt-link)", () => {
  it("data-age sensors: age at the run plus the time since; null when missing", () => {
    const ages = { atMs: 1_000, status: [{ input: "prices", source: "awattar", ageS: 60, stale: false, usedInstead: null }, { input: "pv_forecast", source: null, ageS: null, stale: true, usedInstead: "pv_persistence" }] };
    expect(inputAgeS(ages, "prices", 31_000)).toBe(90);
    expect(inputAgeS(ages, "pv_forecast", 31_000)).toBeNull();
    expect(inputAgeS(ages, "load_forecast", 31_000)).toBeNull();
    expect(inputAgeS(null, "prices", 31_000)).toBeNull();
  });

  it("a 48 h × 15 min plan with 2 plugs and the data status stays within the card budget", () => {
    const sc = generateScenario({ seed: 7, slots: 192, stepMinutes: 15, negativePrices: true, zeroFeedIn: false, plugs: 2 });
    const input = scenarioToInput(scenarioSchema.parse(sc));
    const plan = optimize(input, [highs]).plan;
    const status = [
      { input: "prices", source: "nordpool_hacs", ageS: 120, stale: false, usedInstead: null },
      { input: "pv_forecast", source: "weather", ageS: null, stale: true, usedInstead: "weather" },
      { input: "load_forecast", source: "sunshift_blend", ageS: 5400, stale: false, usedInstead: null },
    ];
    const attrs = planAttributes(plan, input.slots, { plugs: input.plugs, dataStatus: status });
    expect(cardPayloadSchema.parse(attrs).dataStatus).toEqual(status);
    expect(cardPayloadFits(attrs)).toBe(true);
    expect(attrs.plugs.map((p) => p.id)).toEqual(["plug0", "plug1"]);
    expect(attrs.socPct).toHaveLength(192);
  });
});
