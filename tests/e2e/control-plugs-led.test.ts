// The control side on the simulated home over a real WebSocket (HA client → one shared state feed
// → fast loop, plugs, status LED → executor with read-back → HA service calls → simulated devices):
// a plug switched on as planned, a manual toggle respected for manual_override_minutes and then
// taken over again, the LED colour following the price level, and a stale meter → safe state →
// LED red → resumed. Household data: addon/data/emhass-long-train-data.csv (EMHASS, MIT), prices
// addon/data/awattar-at-dayahead-hourly-2024-2025.csv; the plan and its prices are fixed here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOptions, type Config } from "../../addon/src/config/index.js";
import { createHaClient, type ManagedHaClient } from "../../addon/src/ha/index.js";
import { DEFAULT_SIM_PLUGS, startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { silentLogger, type Plan, type PlannerSlotInput, type PlanSlot } from "../../addon/src/domain/index.js";
import { systemScheduler } from "../../addon/src/system/clock.js";
import { createStateFeed, type SharedStateFeed } from "../../addon/src/control/state-feed.js";
import { createControl, type Control } from "../../addon/src/app/control-wiring.js";
import { StatusBoard } from "../../addon/src/app/status-board.js";
import { siteEntityIds } from "../../addon/src/devices/index.js";

const MIN = 60_000;
const METER = "sensor.shellypro3em_total_active_power";
const EBIKE = "switch.shellyplugsg3_ebike";
const START = "2024-06-15T17:30:00Z";
const T0 = Date.parse(START);

function config(): Config {
  const parsed = parseOptions({
    plugs: [{ id: "ebike", name: "E-bike", switch_entity: EBIKE, power_entity: "sensor.shellyplugsg3_ebike_power", power_w: 190, run_minutes: 60, min_off_minutes: 5 }],
    light: { priority: "price" },
    control: { manual_override_minutes: 20 },
  });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

/** 15-minute slots from T0; the e-bike is planned on in slots 1–3 (T0+15 … T0+60 min). */
function plan(): Plan {
  const slot = (i: number): PlanSlot => ({
    startMs: T0 + i * 15 * MIN, endMs: T0 + (i + 1) * 15 * MIN, pvUsedW: 0, pvCurtailedW: 0, acOutW: 0, acInW: 0,
    plugsOn: i >= 1 && i <= 3 ? ["ebike@2024-06-15"] : [], batteryW: 0, gridW: 0, socPct: 50, costEur: 0, action: "idle", reasons: [],
  });
  return { status: "optimal", generatedAtMs: T0, objectiveEur: 0, slots: Array.from({ length: 12 }, (_, i) => slot(i)), reasons: [] };
}

/** Import prices per slot: cheap now, expensive in slots 1–2, middling after. */
function inputs(): PlannerSlotInput[] {
  const prices = [0.1, 0.35, 0.35, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2];
  return prices.map((p, i) => ({ startMs: T0 + i * 15 * MIN, endMs: T0 + (i + 1) * 15 * MIN, importPriceEurPerKWh: p, exportPriceEurPerKWh: 0, loadW: 300, pvW: 0 }));
}

const realPause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("plugs, status LED and safety on the simulated home", () => {
  let sim: SimulatedHome;
  let ha: ManagedHaClient;
  let person: ManagedHaClient;
  let feed: SharedStateFeed;
  let control: Control;
  const activity: string[] = [];

  /** Moves home time in 2 s steps, giving the WebSocket round trips real time to happen. */
  async function run(simMs: number): Promise<void> {
    for (let t = 0; t < simMs; t += 2000) {
      sim.advance(2000);
      await realPause(3);
    }
  }
  const ebikeOn = (): boolean | undefined => sim.snapshot().plugs.find((p) => p.id === "ebike")?.on;
  const ebikeCalls = () => sim.snapshot().serviceCalls.filter((c) => c.entityIds.includes(EBIKE));

  beforeAll(async () => {
    sim = await startSimulatedHome({ token: "t", startAt: START, speed: "manual", plugs: DEFAULT_SIM_PLUGS, initialSocPct: 80 });
    const cfg = config();
    ha = createHaClient({ baseUrl: sim.url, token: sim.token, logger: silentLogger, clock: sim.clock, scheduler: systemScheduler });
    person = createHaClient({ baseUrl: sim.url, token: sim.token, logger: silentLogger, clock: sim.clock, scheduler: systemScheduler });
    feed = createStateFeed(ha, siteEntityIds(cfg), () => undefined);
    const board = new StatusBoard("test", sim.clock.nowMs());
    const p = plan();
    control = createControl({
      config: cfg, ha, clock: sim.clock, scheduler: sim.clock, logger: silentLogger, states: feed, board,
      settings: () => ({ mode: "auto", reserveSocPct: 20, gridTargetW: 0, optimizerEnabled: true }),
      slow: { current: () => p, boundsAt: () => null },
      onActivity: (text) => activity.push(text),
    });
    control.setPlanInputs(p, inputs());
    control.start();
    feed.start();
    await ha.start();
    await person.start();
    await run(4000);
  });

  afterAll(async () => {
    control.stop();
    feed.stop();
    await person.stop();
    await ha.stop();
    await sim.stop();
  });

  it("the LED shows the price level: cheap now (green)", () => {
    expect(control.led?.shown()).toBe("cheap");
    expect(sim.snapshot().light).toMatchObject({ on: true, rgbColor: [0, 200, 83], brightness: 102 });
  });

  it("switches the plug on when its planned slot starts, not before", async () => {
    await run(14 * MIN);
    expect(ebikeOn()).toBe(false);
    await run(MIN + 10_000);
    expect(ebikeOn()).toBe(true);
    const on = ebikeCalls().filter((c) => c.service === "turn_on");
    expect(on).toHaveLength(1);
    expect(on[0]?.atMs).toBeGreaterThanOrEqual(T0 + 15 * MIN);
    // The price of the slot is expensive now: the LED followed (within its dwell time).
    expect(control.led?.shown()).toBe("expensive");
    expect(sim.snapshot().light.rgbColor).toEqual([255, 109, 0]);
  });

  it("a person switching it off is respected for 20 min, then the plan takes over again", async () => {
    const res = await person.callService({ domain: "switch", service: "turn_off", target: { entity_id: EBIKE } });
    expect(res.ok).toBe(true);
    const offAt = sim.clock.nowMs();
    await run(19 * MIN);
    expect(ebikeOn()).toBe(false);
    expect(control.plugs.status()).toEqual([{ id: "ebike", kind: "manual_override", untilMs: expect.any(Number) as number }]);
    expect(activity.some((t) => t.includes("plug ebike switched off by hand: left alone for 20 min"))).toBe(true);
    await run(2 * MIN);
    expect(ebikeOn()).toBe(true);
    const back = ebikeCalls().filter((c) => c.service === "turn_on" && c.atMs > offAt);
    expect(back).toHaveLength(1);
    expect(back[0]?.atMs).toBeGreaterThanOrEqual(offAt + 20 * MIN);
    expect(activity.some((t) => t.includes("plug ebike on — because manual override ended"))).toBe(true);
  });

  it("a stale meter: safe state (hub 0 W), LED red, plugs left alone; resumes by itself", async () => {
    sim.freezeEntity(METER, true);
    await run(40_000);
    expect(control.loop.safeCause()).toMatch(/^meter: last update \d+ s ago \(limit 30 s\)$/);
    expect(sim.snapshot().settings.outputLimitW).toBe(0);
    expect(control.led?.shown()).toBe("problem");
    expect(sim.snapshot().light.rgbColor).toEqual([255, 0, 0]);
    expect(ebikeOn()).toBe(true);
    sim.freezeEntity(METER, false);
    await run(20_000);
    expect(control.loop.safeCause()).toBeNull();
    expect(control.led?.shown()).not.toBe("problem");
    expect(sim.snapshot().light.rgbColor).not.toEqual([255, 0, 0]);
  });
});
