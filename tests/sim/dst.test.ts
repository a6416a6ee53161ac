/**
 * Sim time in Europe/Paris across the 2024 DST changes (2024-03-31 02:00 → 03:00 CEST and
 * 2024-10-27 03:00 → 02:00 CET), and the price sensor's local-day attributes on those days.
 * Prices: addon/data/awattar-at-dayahead-hourly-2024-2025.csv.
 */
import { afterEach, describe, expect, it } from "vitest";
import { spotPriceState, type RawPrice } from "../../addon/src/sim/devices/price-sensor.js";
import { SimClock } from "../../addon/src/sim/clock.js";
import { isoWithOffset, localDayHours, localDayStartMs, localParts } from "../../addon/src/sim/tz.js";
import { SIM_ENTITY_IDS as E, startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { simSeries } from "./helpers.js";
import { hawsConnect } from "./helpers.js";
import { getStates } from "home-assistant-js-websocket";

const TZ = "Europe/Paris";

describe("SimClock in Europe/Paris across DST", () => {
  it.each([
    // [start UTC, advance, local before, local after]
    ["2024-03-31T00:30:00Z", 3600_000, "2024-03-31T01:30:00+01:00", "2024-03-31T03:30:00+02:00"],
    ["2024-10-27T00:30:00Z", 3600_000, "2024-10-27T02:30:00+02:00", "2024-10-27T02:30:00+01:00"],
    ["2024-07-01T10:00:00Z", 86_400_000, "2024-07-01T12:00:00+02:00", "2024-07-02T12:00:00+02:00"],
  ])("from %s + %d ms", (start, ms, before, after) => {
    const clock = new SimClock(Date.parse(start), "manual");
    expect(isoWithOffset(clock.nowMs(), TZ)).toBe(before);
    clock.advance(ms);
    expect(isoWithOffset(clock.nowMs(), TZ)).toBe(after);
  });

  it("fires an hourly timer 23 times on 2024-03-31 and 25 times on 2024-10-27 (local days)", () => {
    for (const [day, hours] of [["2024-03-31", 23], ["2024-10-27", 25], ["2024-06-01", 24]] as const) {
      const start = localDayStartMs(Date.parse(`${day}T12:00:00Z`), TZ);
      const clock = new SimClock(start, "manual");
      const localHours: number[] = [];
      clock.setInterval(() => localHours.push(localParts(clock.nowMs(), TZ).hour), 3600_000);
      clock.advance(hours * 3600_000 - 1);
      expect(localHours).toHaveLength(hours - 1);
      expect(localDayHours(start, TZ)).toBe(hours);
      expect(localParts(clock.nowMs(), TZ).day).toBe(Number(day.slice(8)));
    }
  });

  it("orders timers by due time and runs timers created while advancing", () => {
    const clock = new SimClock(0, "manual");
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.nowMs()}`), 200);
    clock.setTimeout(() => {
      seen.push(`a@${clock.nowMs()}`);
      clock.setTimeout(() => seen.push(`c@${clock.nowMs()}`), 50);
    }, 100);
    const cancel = clock.setTimeout(() => seen.push("never"), 120);
    cancel();
    clock.advance(1000);
    expect(seen).toEqual(["a@100", "c@150", "b@200"]);
    expect(clock.nowMs()).toBe(1000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("speed mode advances sim time by wall time × speed; a throwing timer is reported, others still run", async () => {
    const errors: unknown[] = [];
    const clock = new SimClock(0, 600, (e) => errors.push(e));
    let ticks = 0;
    clock.setInterval(() => {
      throw new Error("boom");
    }, 10_000);
    clock.setInterval(() => {
      ticks++;
    }, 10_000);
    clock.start();
    await new Promise((r) => setTimeout(r, 220));
    clock.stop();
    // ≈ 220 ms × 600 = 132 s; timer jitter on a shared machine makes this loose.
    expect(clock.nowMs()).toBeGreaterThanOrEqual(60_000);
    expect(clock.nowMs()).toBeLessThan(400_000);
    expect(clock.nowMs() % 30_000).toBe(0); // whole 50 ms × 600 steps
    expect(ticks).toBe(clock.nowMs() / 10_000);
    expect(errors).toHaveLength(ticks);
  });
});

describe("price sensor on DST days", () => {
  const prices = simSeries().prices;
  const raw = (atIso: string): { today: RawPrice[]; tomorrow: RawPrice[]; valid: unknown } => {
    const w = spotPriceState(prices, Date.parse(atIso), TZ);
    return { today: w.attributes?.["raw_today"] as RawPrice[], tomorrow: w.attributes?.["raw_tomorrow"] as RawPrice[], valid: w.attributes?.["tomorrow_valid"] };
  };

  it("2024-03-31 has 23 local hours; 02:00 does not exist", () => {
    const { today } = raw("2024-03-31T10:00:00Z");
    expect(today).toHaveLength(23);
    expect(today.slice(0, 3).map((r) => r.start)).toEqual(["2024-03-31T00:00:00+01:00", "2024-03-31T01:00:00+01:00", "2024-03-31T03:00:00+02:00"]);
    // CSV: 2024-03-30T23:00Z 56.91, 2024-03-31T00:00Z 37.09, 2024-03-31T01:00Z 17.66 EUR/MWh.
    expect(today.slice(0, 3).map((r) => r.value)).toEqual([0.05691, 0.03709, 0.01766]);
  });

  it("2024-10-27 has 25 local hours; 02:00 comes twice", () => {
    const { today } = raw("2024-10-27T10:00:00Z");
    expect(today).toHaveLength(25);
    expect(today.slice(2, 4).map((r) => r.start)).toEqual(["2024-10-27T02:00:00+02:00", "2024-10-27T02:00:00+01:00"]);
    expect(today.at(-1)?.end).toBe("2024-10-28T00:00:00+01:00");
  });

  it("publishes tomorrow from 13:00 local", () => {
    expect(raw("2024-03-30T11:59:00Z")).toMatchObject({ valid: false, tomorrow: [] }); // 12:59 CET
    const after = raw("2024-03-30T12:00:00Z"); // 13:00 CET
    expect(after.valid).toBe(true);
    expect(after.tomorrow).toHaveLength(23);
  });
});

describe("price sensor in the running home", () => {
  let sim: SimulatedHome | null = null;
  afterEach(async () => {
    await sim?.stop();
    sim = null;
  });

  it("moves to the next hour's price when sim time crosses the hour", async () => {
    sim = await startSimulatedHome({ token: "t", startAt: "2024-06-15T08:59:00Z", speed: "manual", series: simSeries() });
    const conn = await hawsConnect(sim.url, "t");
    const price = async (): Promise<string | undefined> => (await getStates(conn)).find((s) => s.entity_id === E.spotPrice)?.state;
    expect(await price()).toBe("-0.01008"); // 08:00Z hour: −10.08 EUR/MWh
    sim.advance(120_000);
    expect(await price()).toBe("-0.03041"); // 09:00Z hour: −30.41 EUR/MWh
    conn.close();
  });
});
