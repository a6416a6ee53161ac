// Safety (addon/src/control/safety.ts) and its use in the fast loop: a table of causes, the
// bounds each leaves the hub, a property test that no set-point or service call ever goes
// beyond the device limits, and the transitions normal → safe → resumed through the real fast
// loop against the in-memory HaClient on a manual clock.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseOptions, type Config } from "../../addon/src/config/index.js";
import { commandToCalls, createCommandMapper, readSite, siteEntityIds } from "../../addon/src/devices/index.js";
import { missing, present, silentLogger, type MissingCause, type SiteReadings } from "../../addon/src/domain/index.js";
import { createExecutor } from "../../addon/src/control/executor.js";
import { createFastLoop, type LoopEvent } from "../../addon/src/control/fast-loop.js";
import { assessSafety, describeSafety, safeBounds, withinDeviceLimits, type SafetyCause, type SafetyInput } from "../../addon/src/control/safety.js";
import { createStateFeed } from "../../addon/src/control/state-feed.js";
import { controlStep, initialControlState } from "../../addon/src/control/zero-feed-in.js";
import { FakeHaClient } from "../support/fake-ha-client.js";
import { ManualTime } from "../app/manual-time.js";

const NOW = 1_750_000_000_000;
const limits = { maxOutputW: 800, maxAcChargeW: 1000 };

function config(): Config {
  const parsed = parseOptions({});
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

function site(gridAtMs: number | null, socPct: number | null): SiteReadings {
  const base = readSite(new Map(), config());
  const gridPowerW = gridAtMs === null ? missing<number>({ kind: "unavailable" }, "sensor.grid", NOW) : present(150, gridAtMs, "sensor.grid");
  const soc = socPct === null ? missing<number>({ kind: "unavailable" }, "sensor.soc") : present(socPct, NOW, "sensor.soc");
  return { ...base, meter: { ...base.meter, gridPowerW }, battery: { ...base.battery, socPct: soc } };
}

function input(over: Partial<SafetyInput>): SafetyInput {
  return { nowMs: NOW, connection: "connected", site: site(NOW - 1000, 50), maxMeterAgeMs: 30_000, socMinPct: 10, socMaxPct: 100, notAnswering: [], ...over };
}

describe("assessSafety: causes and the bounds they leave", () => {
  const plan = { minW: -600, maxW: 800 };
  const stale: MissingCause = { kind: "stale", ageMs: 31_000, maxAgeMs: 30_000 };
  const cases: [string, SafetyInput, readonly SafetyCause[], { minW: number; maxW: number }, string][] = [
    ["all well", input({}), [], plan, ""],
    ["meter 31 s old (limit 30 s)", input({ site: site(NOW - 31_000, 50) }), [{ kind: "meter_missing", cause: stale }], { minW: 0, maxW: 0 }, "meter: last update 31 s ago (limit 30 s)"],
    ["meter exactly 30 s old is still fresh", input({ site: site(NOW - 30_000, 50) }), [], plan, ""],
    ["meter unavailable", input({ site: site(null, 50) }), [{ kind: "meter_missing", cause: { kind: "unavailable" } }], { minW: 0, maxW: 0 }, "meter: entity is unavailable"],
    ["HA disconnected hides everything else", input({ connection: "disconnected", site: site(null, 3) }), [{ kind: "ha_disconnected", status: "disconnected" }], { minW: 0, maxW: 0 }, "Home Assistant disconnected"],
    ["hub not answering", input({ notAnswering: [{ entityId: "number.out", sinceMs: NOW - 5000, call: "x" }] }), [{ kind: "device_not_answering", entityId: "number.out", sinceMs: NOW - 5000 }], { minW: 0, maxW: 0 }, "number.out not answering"],
    ["SOC 8 % below min 10 %: charging still allowed, no discharge", input({ site: site(NOW, 8) }), [{ kind: "soc_low", socPct: 8, minPct: 10 }], { minW: -600, maxW: 0 }, "SOC 8 % below the minimum 10 %: no discharge"],
    ["SOC 9.5 % is within the 1 % margin", input({ site: site(NOW, 9.5) }), [], plan, ""],
    ["SOC 102 % above max 100 %: no AC charging", input({ site: site(NOW, 102) }), [{ kind: "soc_high", socPct: 102, maxPct: 100 }], { minW: 0, maxW: 800 }, "SOC 102 % above the maximum 100 %: no charging from the grid"],
    ["SOC unknown is not a cause (the meter still decides)", input({ site: site(NOW, null) }), [], plan, ""],
  ];
  it.each(cases)("%s", (_n, inp, causes, bounds, text) => {
    const got = assessSafety(inp);
    expect(got).toEqual(causes);
    expect(safeBounds(got, plan, limits, 0)).toEqual(bounds);
    expect(describeSafety(got)).toBe(text);
  });
  it("below the SOC window PV may still pass through (up to the inverter limit)", () => {
    expect(safeBounds([{ kind: "soc_low", socPct: 5, minPct: 10 }], { minW: 0, maxW: 800 }, limits, 350)).toEqual({ minW: 0, maxW: 350 });
    expect(safeBounds([{ kind: "soc_low", socPct: 5, minPct: 10 }], { minW: 0, maxW: 800 }, limits, 2000)).toEqual({ minW: 0, maxW: 800 });
  });
});

describe("never beyond the device limits (property)", () => {
  const finiteW = fc.double({ min: -5000, max: 5000, noNaN: true });
  const anyW = fc.oneof(finiteW, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY));
  const cause = fc.constantFrom<SafetyCause>({ kind: "soc_low", socPct: 5, minPct: 10 }, { kind: "soc_high", socPct: 101, maxPct: 100 }, { kind: "meter_missing", cause: { kind: "unavailable" } });
  it("set-points of the control step and the resulting service calls stay within the limits", () => {
    const cfg = config();
    fc.assert(
      fc.property(anyW, anyW, finiteW, finiteW, fc.array(cause, { maxLength: 3 }), fc.integer({ min: 0, max: 2400 }), fc.integer({ min: 0, max: 2400 }), (lo, hi, grid, hub, causes, maxOut, maxIn) => {
        const lim = { maxOutputW: maxOut, maxAcChargeW: maxIn };
        const bounds = safeBounds(causes, { minW: lo, maxW: hi }, lim, 300);
        expect(bounds.minW).toBeGreaterThanOrEqual(-maxIn);
        expect(bounds.maxW).toBeLessThanOrEqual(maxOut);
        expect(bounds.minW).toBeLessThanOrEqual(bounds.maxW);
        const tuning = { targetGridW: 0, deadbandW: 20, maxStepW: 200, quantumW: 10, minWriteIntervalMs: 0, zeroBandW: 20 };
        const d = controlStep({ nowMs: NOW, gridW: grid, filteredGridW: grid, observedHubW: hub, bounds, tuning }, initialControlState);
        const setpoint = d.kind === "write" ? d.setpointW : 0;
        expect(setpoint).toBeGreaterThanOrEqual(bounds.minW);
        expect(setpoint).toBeLessThanOrEqual(bounds.maxW);
        if (d.kind !== "write") return;
        const battery = { ...cfg.battery, maxOutputW: maxOut, maxAcChargeW: maxIn };
        for (const c of commandToCalls(d.command, { ...cfg, battery })) {
          const v = c.serviceData?.value;
          if (typeof v === "number") expect(v >= 0 && v <= Math.max(maxOut, maxIn)).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
  it("withinDeviceLimits keeps a valid range and maps NaN to 0", () => {
    expect(withinDeviceLimits({ minW: Number.NaN, maxW: 5000 }, limits)).toEqual({ minW: 0, maxW: 800 });
    expect(withinDeviceLimits({ minW: -5000, maxW: -2000 }, limits)).toEqual({ minW: -1000, maxW: -1000 });
  });
});

describe("fast loop transitions: normal → safe → resumed", () => {
  const cfg = config();
  const GRID = cfg.meter.gridPowerEntity;
  const OUT = cfg.battery.outputLimitEntity;

  /** Lets the loop's event-triggered steps (and the fake's immediate answers) run to completion. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
  }

  /** Moves the manual clock in 500 ms steps, settling after each (timers fire in order). */
  async function advance(time: ManualTime, ms: number): Promise<void> {
    for (let t = 0; t < ms; t += 500) {
      time.advance(500);
      await settle();
    }
  }

  function setup(reflectCalls = true, active = true, filterTimeConstantMs = 0) {
    const time = new ManualTime(NOW);
    const ha = new FakeHaClient({ reflectCalls, nowMs: () => time.nowMs() });
    const b = cfg.battery;
    for (const [id, v] of [[GRID, "300"], [b.socEntity, "60"], [b.acOutputPowerEntity, "0"], [b.acInputPowerEntity, "0"], [b.pvPowerEntity, "0"], [OUT, "0"], [b.inputLimitEntity, "0"], [b.acModeEntity, "output"]] as const) {
      ha.setState(id, v, id.startsWith("select.") ? {} : { unit_of_measurement: id === b.socEntity ? "%" : "W" });
    }
    const feed = createStateFeed(ha, siteEntityIds(cfg), () => undefined);
    const executor = createExecutor({ ha, toCalls: createCommandMapper(cfg), logger: silentLogger, dryRun: false, numberTolerance: 5, readBack: { states: feed, scheduler: time, clock: time, timeoutMs: 3000, attempts: 2, backoffBaseMs: 1000, backoffMaxMs: 2000 } });
    const events: LoopEvent[] = [];
    const loop = createFastLoop({
      ha, states: feed, scheduler: time, clock: time, logger: silentLogger, readSite: (s) => readSite(s, cfg), executor,
      tuning: () => ({ targetGridW: 0, deadbandW: 20, maxStepW: 800, quantumW: 10, minWriteIntervalMs: 0, zeroBandW: 20 }),
      filterTimeConstantMs, maxMeterAgeMs: 30_000, tickMs: 2000, boundsAt: () => ({ minW: 0, maxW: 800 }),
      safety: { socMinPct: 10, socMaxPct: 100, limits }, onEvent: (e) => events.push(e), active: () => active,
    });
    loop.start();
    feed.start();
    /** One settled step of the loop. */
    const step = async (): Promise<void> => {
      await settle();
      await loop.tick();
      await settle();
    };
    return { time, ha, loop, events, step };
  }

  it("a stale meter sends the hub to 0 W with the cause, and control resumes by itself", async () => {
    const { time, ha, loop, events, step } = setup();
    await step();
    expect(ha.getState(OUT)?.state).toBe("300");
    time.advance(31_000);
    await step();
    expect(loop.safeCause()).toBe("meter: last update 31 s ago (limit 30 s)");
    expect(ha.getState(OUT)?.state).toBe("0");
    const safe = events.find((e) => e.kind === "safe_state");
    expect(safe?.kind === "safe_state" ? safe.causes : []).toEqual([{ kind: "meter_missing", cause: { kind: "stale", ageMs: 31_000, maxAgeMs: 30_000 } }]);
    ha.setState(GRID, "250", { unit_of_measurement: "W" });
    await step();
    expect(loop.safeCause()).toBeNull();
    expect(events.some((e) => e.kind === "resumed")).toBe(true);
    expect(ha.getState(OUT)?.state).toBe("250");
  });

  it("the filter smooths the load, not the grid: the hub's own step does not move the set-point", async () => {
    const { time, ha, events, step } = setup(true, true, 5000);
    await step();
    expect(ha.getState(OUT)?.state).toBe("300");
    // 6 s later the hub delivers its 300 W: the meter drops to 0 W at the same moment.
    time.advance(6000);
    ha.setState(cfg.battery.acOutputPowerEntity, "300", { unit_of_measurement: "W" });
    ha.setState(GRID, "0", { unit_of_measurement: "W" });
    await step();
    const last = events.filter((e) => e.kind === "decision").at(-1);
    expect(last?.kind === "decision" ? last.decision : null).toMatchObject({ kind: "hold", desiredW: 300 });
    expect(ha.getState(OUT)?.state).toBe("300");
  });

  it("mode off (hands off): a stale meter is reported but nothing is sent", async () => {
    const { time, ha, loop, step } = setup(true, false);
    await step();
    time.advance(31_000);
    await step();
    expect(loop.safeCause()).toBe("meter: last update 31 s ago (limit 30 s)");
    expect(ha.calls).toEqual([]);
  });

  it("HA disconnected: safe state without any call; back connected: resumes", async () => {
    const { ha, loop, step } = setup();
    await step();
    const before = ha.calls.length;
    ha.setStatus({ kind: "disconnected", sinceMs: NOW, cause: "closed", retryInMs: 1000 });
    await step();
    expect(loop.safeCause()).toBe("Home Assistant disconnected");
    expect(ha.calls.length).toBe(before);
    ha.setStatus({ kind: "connected", haVersion: "2025.10.4", sinceMs: NOW });
    await step();
    expect(loop.safeCause()).toBeNull();
  });

  it("a hub that never shows the new limit is not answering: safe state, and it keeps trying", async () => {
    // HA accepts every call, the device never applies it.
    const { time, ha, loop, step } = setup(false);
    const outCalls = (): number => ha.calls.filter((c) => c.target?.entity_id === OUT).length;
    await settle();
    // Attempt 1, 3 s read-back, 1 s backoff, attempt 2, 3 s read-back.
    await advance(time, 7500);
    expect(outCalls()).toBe(2);
    await step();
    expect(loop.safeCause()).toBe(`${OUT} not answering`);
    // The hub shows 0 W, which is what the safe state wants: it counts as answering again, and
    // control resumes and tries its set-point once more.
    const next = loop.tick();
    await settle();
    expect(loop.safeCause()).toBeNull();
    await advance(time, 7500);
    await next;
    expect(outCalls()).toBe(4);
  });

  it("SOC below the window: no discharge, problem reported, normal again when charged", async () => {
    const { ha, loop, events, step } = setup();
    await step();
    ha.setState(cfg.battery.socEntity, "7", { unit_of_measurement: "%" });
    await step();
    expect(loop.safeCause()).toBe("SOC 7 % below the minimum 10 %: no discharge");
    expect(ha.getState(OUT)?.state).toBe("0");
    const decision = events.filter((e) => e.kind === "decision").at(-1);
    expect(decision?.kind === "decision" ? decision.bounds : null).toEqual({ minW: 0, maxW: 0 });
    ha.setState(cfg.battery.socEntity, "12", { unit_of_measurement: "%" });
    ha.setState(GRID, "300", { unit_of_measurement: "W" });
    await step();
    expect(loop.safeCause()).toBeNull();
    expect(ha.getState(OUT)?.state).toBe("300");
  });
});
