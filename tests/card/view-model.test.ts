/**
 * hass → what the card shows (lovelace-card/src/card/view-model.ts, hass.ts): the plan parsed
 * from the sensor's attributes with the contract's schema, badges, problem, and the
 * shouldUpdate rule (only our entities). Plan: tests/card/support/payload.ts (hand-made).
 */
import { describe, expect, it } from "vitest";
import { parseCardConfig, type CardConfig } from "../../lovelace-card/src/card/config.js";
import { entitiesChanged, numericState, type HassEntity, type HomeAssistant } from "../../lovelace-card/src/card/hass.js";
import { cardView, payloadOf, watchedEntityIds } from "../../lovelace-card/src/card/view-model.js";
import { holdReason, payload, T0 } from "./support/payload.js";
import { DEFAULT_VALUES, recordedStates } from "./support/recorded-hass.js";

const config = ((): CardConfig => {
  const r = parseCardConfig({ type: "custom:sunshift-card" });
  if (!r.ok) throw new Error(r.error);
  return r.config;
})();
const p = payload({ reasons: [holdReason(0, 8)], batteryW: [0, 0, 0, 0, 300, 300, 300, 300] });

function hass(states: Record<string, HassEntity>, language = "en"): HomeAssistant {
  return { states, callService: () => Promise.resolve(null), locale: { language, time_zone: "server" }, config: { time_zone: "Europe/Berlin" } };
}

describe("payloadOf", () => {
  it("parses the payload next to HA's own attributes and memoizes per attributes object", () => {
    const attrs = { ...p, friendly_name: "Sunshift Plan", icon: "mdi:calendar-clock" };
    const got = payloadOf(attrs);
    expect(got).toEqual(p);
    expect(payloadOf(attrs)).toBe(got);
  });
  it("gives null for attributes that break the contract", () => {
    expect(payloadOf({ ...p, socPct: [1, 2] })).toBeNull(); // per-slot arrays of different lengths
    expect(payloadOf({ ...p, v: 2 })).toBeNull();
    expect(payloadOf({ friendly_name: "Sunshift Plan" })).toBeNull();
  });
});

describe("cardView", () => {
  it("says what the battery does now, why, and what comes next", () => {
    const v = cardView(hass(recordedStates(p, T0)), config, T0 + 60_000);
    expect(v.current).toEqual({ action: "idle", text: "Idle", reason: "hold the battery: 0.30 €/kWh now, 0.42 €/kWh at 03:00", next: "then supplying the home from 01:00" });
    expect(v.live).toEqual({ socPct: DEFAULT_VALUES.socPct, batteryW: 410, pvW: 120, homeW: 530, gridW: 0 });
    expect([v.savingsTodayEur, v.savingsMonthEur, v.mode, v.problem, v.missingEntity]).toEqual([0.42, 7.85, "auto", null, null]);
  });

  it("marks stale data ages with the configured limits", () => {
    const states = recordedStates(p, T0, { ...DEFAULT_VALUES, ageS: { prices: 26 * 3600 + 1, pv_forecast: 6 * 3600, grid_meter: 121 } });
    const v = cardView(hass(states), config, T0);
    expect(v.ages.map((a) => [a.key, a.text, a.stale])).toEqual([["prices", "26 h", true], ["pv_forecast", "6 h", false], ["grid_meter", "2 min", true]]);
    const states2 = { ...states, "sensor.sunshift_data_age_prices": { ...states["sensor.sunshift_data_age_prices"]!, state: "unknown" } };
    expect(cardView(hass(states2), config, T0).ages[0]).toMatchObject({ text: "no data", stale: true });
  });

  it("shows the problem cause and names a missing plan sensor", () => {
    const v = cardView(hass(recordedStates(p, T0, { ...DEFAULT_VALUES, problem: "grid meter stale: last update 300 s ago" })), config, T0);
    expect(v.problem).toBe("grid meter stale: last update 300 s ago");
    expect(cardView(hass({}), config, T0).missingEntity).toBe("sensor.sunshift_plan");
  });
});

describe("shouldUpdate rule (entitiesChanged)", () => {
  const states = recordedStates(p, T0);
  const ids = watchedEntityIds(config);
  const h1 = hass(states);
  it.each([
    ["another entity changed", { ...states, "sensor.kitchen_temperature": { ...states["sensor.kitchen_temperature"]!, state: "22" } }, "en", false],
    ["our SOC changed", { ...states, "sensor.sunshift_soc": { ...states["sensor.sunshift_soc"]!, state: "63" } }, "en", true],
    ["the plan changed", { ...states, "sensor.sunshift_plan": { ...states["sensor.sunshift_plan"]! } }, "en", true],
    ["the language changed", states, "de", true],
    ["nothing changed (new hass object)", states, "en", false],
  ] as const)("%s → %s", (_what, next, lang, expected) => {
    expect(entitiesChanged(h1, hass(next, lang), ids)).toBe(expected);
  });
  it("renders the first time", () => {
    expect(entitiesChanged(undefined, h1, ids)).toBe(true);
  });
  it("reads numbers only from numeric states", () => {
    expect(numericState(hass({ a: { ...states["sensor.sunshift_soc"]!, state: "unavailable" } }), "a")).toBeNull();
    expect(numericState(h1, "sensor.sunshift_battery_power")).toBe(410);
  });
});

describe("a plan that has run out", () => {
  it("says nothing about now after its last slot (the sensor's own state shows instead)", () => {
    const end = T0 + 8 * 15 * 60_000;
    expect(cardView(hass(recordedStates(p, T0)), config, end - 1).current).not.toBeNull();
    const v = cardView(hass(recordedStates(p, T0)), config, end);
    expect(v.current).toBeNull();
    expect(v.planState).toBe("discharge 410 W: grid costs 0.35 €/kWh");
  });
});

describe("plan notes", () => {
  it("turns plan-level reasons into sentences (a fallback's cause is shown on the card)", () => {
    const fb = payload({ status: "fallback", planReasons: [{ k: "fallback", i: 0, n: 8, cause: { kind: "solver_timeout", solver: "highs", timeLimitMs: 10_000 } }] });
    const states = recordedStates(fb, T0);
    expect(cardView(hass(states), config, T0).planNotes).toEqual(["fallback to rules: highs timed out after 10000 ms"]);
    expect(cardView(hass(states, "de"), config, T0).planNotes).toEqual(["Rückfall auf Regeln: highs Zeitlimit überschritten nach 10000 ms"]);
  });
});
