// State → reading on REAL HA states: /work/shared/data/shelly/ha-entity-listing-shelly-real-install-2025-10-20.csv
// (a real install's Shelly entities: ids, states, units) plus hand-made broken states.
import { describe, expect, it } from "vitest";
import { readAcMode, readNumber, readOnOff, ranges } from "../../addon/src/devices/index.js";
import type { MissingCause } from "../../addon/src/domain/reading.js";
import { entity, shellyListingStates } from "./support/real-states.js";

const AT = Date.UTC(2025, 9, 20, 12, 0, 0);
const real = shellyListingStates(AT);
const MAC = "08f9e0e88160";

describe("real Shelly entities", () => {
  it.each([
    [`sensor.shellypro3em_${MAC}_total_active_power`, "power", ranges.GRID_POWER_W, -150.058],
    [`sensor.shellypro3em_${MAC}_phase_a_active_power`, "power", ranges.GRID_POWER_W, 342.8],
    [`sensor.shellypro3em_${MAC}_total_active_energy`, "energy", ranges.ENERGY_COUNTER_WH, 2561515.89],
    [`sensor.shellypro3em_${MAC}_total_active_returned_energy`, "energy", ranges.ENERGY_COUNTER_WH, 443198.49],
    ["sensor.shellyplugsg3_28372f2f1e04_power", "power", ranges.PLUG_POWER_W, 190.8],
    ["sensor.shellyplusplugs_d4d4da363900_power", "power", ranges.PLUG_POWER_W, 43.5],
    ["sensor.shellypmminig3_dcda0ce9c28c_power", "power", ranges.GRID_POWER_W, -504.3],
  ] as const)("%s → %d (canonical unit)", (id, q, range, expected) => {
    const r = readNumber(real, id, q, range);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value).toBeCloseTo(expected, 6);
    expect(r.atMs).toBe(AT);
    expect(r.entityId).toBe(id);
  });

  it.each([
    ["apparent power (VA) read as power", `sensor.shellypro3em_${MAC}_total_apparent_power`, { kind: "unsupported_unit", unit: "VA", expected: ["W", "kW", "MW"] }],
    ["temperature read as power", `sensor.shellypro3em_${MAC}_temperature`, { kind: "unsupported_unit", unit: "°C", expected: ["W", "kW", "MW"] }],
    ["a button's 'unknown'", `button.shellypro3em_${MAC}_reboot`, { kind: "unknown" }],
    ["an update entity's 'off'", `update.shellypro3em_${MAC}_firmware_update`, { kind: "not_numeric", raw: "off" }],
    ["the balcony PV meter (−504 W) as a plug load", "sensor.shellypmminig3_dcda0ce9c28c_power", { kind: "out_of_range", value: -504.3, min: -50, max: 4000 }],
    ["an entity HA does not have", "sensor.shellypro3em_total_active_power", { kind: "no_entity" }],
  ] as const)("%s → missing", (_name, id, cause: MissingCause) => {
    const r = readNumber(real, id, "power", ranges.PLUG_POWER_W);
    expect(r).toMatchObject({ ok: false, cause, entityId: id });
    if (cause.kind !== "no_entity") expect(r.atMs).toBe(AT);
    else expect(r.atMs).toBeNull();
  });

  it("switches read on/off", () => {
    expect(readOnOff(real, "switch.shellyplugsg3_28372f2f1e04")).toEqual({ ok: true, value: true, atMs: AT, entityId: "switch.shellyplugsg3_28372f2f1e04" });
    expect(readOnOff(real, `binary_sensor.shellyplusplugs_d4d4da363900_overcurrent`)).toMatchObject({ ok: true, value: false });
  });
});

describe("broken states never become NaN", () => {
  const at = 1_000;
  const one = (state: string, unit: string | null = "W") =>
    new Map([["sensor.x", entity("sensor.x", state, unit === null ? {} : { unit_of_measurement: unit }, at)]]);

  it.each([
    ["unavailable", { kind: "unavailable" }],
    ["unknown", { kind: "unknown" }],
    ["", { kind: "not_numeric", raw: "" }],
    ["   ", { kind: "not_numeric", raw: "   " }],
    ["abc", { kind: "not_numeric", raw: "abc" }],
    ["12 W", { kind: "not_numeric", raw: "12 W" }],
    ["0x10", { kind: "not_numeric", raw: "0x10" }],
    ["NaN", { kind: "not_numeric", raw: "NaN" }],
    ["inf", { kind: "not_numeric", raw: "inf" }],
    ["Infinity", { kind: "not_numeric", raw: "Infinity" }],
    ["1e999", { kind: "not_numeric", raw: "1e999" }],
    ["60000", { kind: "out_of_range", value: 60000, min: -50000, max: 50000 }],
  ] as const)("%j → %j", (state, cause: MissingCause) => {
    expect(readNumber(one(state), "sensor.x", "power", ranges.GRID_POWER_W)).toEqual({ ok: false, cause, atMs: at, entityId: "sensor.x" });
  });

  it("kW is converted before the range check: 60 kW is out of range, 1.2 kW is 1200 W", () => {
    expect(readNumber(one("60", "kW"), "sensor.x", "power", ranges.GRID_POWER_W)).toMatchObject({ ok: false, cause: { kind: "out_of_range", value: 60000 } });
    expect(readNumber(one("1.2", "kW"), "sensor.x", "power", ranges.GRID_POWER_W)).toMatchObject({ ok: true, value: 1200 });
  });

  it("SOC outside 0..100 is out of range", () => {
    expect(readNumber(one("101", "%"), "sensor.x", "percent", ranges.SOC_PCT)).toMatchObject({ ok: false, cause: { kind: "out_of_range", value: 101 } });
    expect(readNumber(one("-1", "%"), "sensor.x", "percent", ranges.SOC_PCT)).toMatchObject({ ok: false, cause: { kind: "out_of_range", value: -1 } });
  });

  it("an energy counter without a unit is rejected (kWh or Wh is ambiguous)", () => {
    expect(readNumber(one("12.5", null), "sensor.x", "energy", ranges.ENERGY_COUNTER_WH)).toMatchObject({ ok: false, cause: { kind: "unsupported_unit", unit: null } });
  });

  it("switch states other than on/off are missing", () => {
    expect(readOnOff(one("unavailable"), "sensor.x")).toMatchObject({ ok: false, cause: { kind: "unavailable" } });
    expect(readOnOff(one("ON"), "sensor.x")).toMatchObject({ ok: false, cause: { kind: "not_numeric", raw: "ON" } });
  });
});

describe("Zendure AC mode", () => {
  it.each([
    ["input", "input"],
    ["output", "output"],
    // The device's own HA-MQTT mode (zendure/zensdk-local-mqtt-scalar-topics-sf800pro.json: "Output mode").
    ["Output mode", "output"],
    ["Input mode", "input"],
    ["1", "input"],
    ["2", "output"],
  ] as const)("%j → %s", (state, mode) => {
    const states = new Map([["select.m", entity("select.m", state, {}, 5)]]);
    expect(readAcMode(states, "select.m")).toEqual({ ok: true, value: mode, atMs: 5, entityId: "select.m" });
  });

  it.each(["3", "standby", "", "unavailable"])("%j → missing", (state) => {
    const states = new Map([["select.m", entity("select.m", state, {}, 5)]]);
    expect(readAcMode(states, "select.m").ok).toBe(false);
  });
});
