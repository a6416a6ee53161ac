// devices/units.ts: the one interpretation of HA's unit_of_measurement (W/kW/MW, Wh/kWh/MWh, %).
// Units as they appear in /work/shared/data/shelly/ha-entity-listing-shelly-real-install-2025-10-20.csv
// (W, kWh, VA, °C, none).
import { describe, expect, it } from "vitest";
import { type Quantity, toCanonical, unitOf } from "../../addon/src/devices/index.js";

describe("toCanonical", () => {
  it.each([
    [-150.058, "W", "power", -150.058],
    [1.5, "kW", "power", 1500],
    [0.002, "MW", "power", 2000],
    [2561.51589, "kWh", "energy", 2561515.89],
    [589, "Wh", "energy", 589],
    [0.0125, "MWh", "energy", 12500],
    [73, "%", "percent", 73],
    [240, null, "power", 240],
    [55, null, "percent", 55],
  ] as const)("%d %s as %s → %d", (value, unit, q, expected) => {
    const r = toCanonical(value, unit, q);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toBeCloseTo(expected, 6);
  });

  it.each([
    [989.186, "VA", "power", ["W", "kW", "MW"]],
    [47, "°C", "power", ["W", "kW", "MW"]],
    [1.5, "kw", "power", ["W", "kW", "MW"]],
    [1.5, "W", "energy", ["Wh", "kWh", "MWh"]],
    [7.2, null, "energy", ["Wh", "kWh", "MWh"]],
    [50, "W", "percent", ["%"]],
  ] as const)("%d %s as %s is unsupported", (value, unit, q: Quantity, expected) => {
    expect(toCanonical(value, unit, q)).toEqual({ ok: false, cause: { kind: "unsupported_unit", unit, expected } });
  });
});

describe("unitOf", () => {
  it.each([
    [{ unit_of_measurement: "kWh" }, "kWh"],
    [{ unit_of_measurement: " W " }, "W"],
    [{ unit_of_measurement: "" }, null],
    [{ unit_of_measurement: 5 }, null],
    [{}, null],
  ])("%j → %s", (attrs, unit) => {
    expect(unitOf(attrs)).toBe(unit);
  });
});
