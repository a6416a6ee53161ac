// Invariants over arbitrary inputs (fast-check): a state never becomes NaN or an out-of-range
// value, and no command ever yields a set-point outside the configured device limits.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseOptions, type Config } from "../../addon/src/config/index.js";
import { commandToCalls, ingestSite, readNumber, readSite, ranges } from "../../addon/src/devices/index.js";
import type { Command } from "../../addon/src/domain/command.js";
import { entity } from "./support/real-states.js";

function config(raw: unknown): Config {
  const r = parseOptions(raw);
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}

const stateText = fc.oneof(
  fc.string(),
  fc.double().map(String),
  fc.constantFrom("unavailable", "unknown", "", "NaN", "inf", "-inf", "1e400", "0x1F", " 5", "5 ", "+3.5", ".5", "5."),
);
const unit = fc.constantFrom("W", "kW", "MW", "Wh", "kWh", "%", "VA", "", null);

describe("readNumber", () => {
  it("is present with a finite value inside the range, or missing with a cause", () => {
    fc.assert(
      fc.property(stateText, unit, fc.constantFrom<"power" | "energy" | "percent">("power", "energy", "percent"), (state, u, q) => {
        const states = new Map([["sensor.x", entity("sensor.x", state, u === null ? {} : { unit_of_measurement: u }, 7)]]);
        const range = q === "percent" ? ranges.SOC_PCT : q === "energy" ? ranges.ENERGY_COUNTER_WH : ranges.GRID_POWER_W;
        const r = readNumber(states, "sensor.x", q, range);
        if (r.ok) {
          expect(Number.isFinite(r.value)).toBe(true);
          expect(r.value).toBeGreaterThanOrEqual(range.min);
          expect(r.value).toBeLessThanOrEqual(range.max);
        } else expect(r.cause.kind).not.toBe("stale");
        expect(r.atMs).toBe(7);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("commandToCalls", () => {
  const power = fc.oneof(fc.double(), fc.integer({ min: -5000, max: 5000 }));
  const command: fc.Arbitrary<Command> = fc.oneof(
    power.map((powerW) => ({ kind: "battery_discharge" as const, powerW, reason: { kind: "startup_sync" as const } })),
    power.map((powerW) => ({ kind: "battery_ac_charge" as const, powerW, reason: { kind: "startup_sync" as const } })),
    fc.constant({ kind: "battery_idle" as const, reason: { kind: "startup_sync" as const } }),
  );
  const limits = fc.record({ max_output_w: fc.integer({ min: 0, max: 2400 }), max_ac_charge_w: fc.integer({ min: 0, max: 2400 }) });

  it("every number.set_value is a whole number within the device limits, on both paths", () => {
    fc.assert(
      fc.property(command, limits, fc.constantFrom("device", "manager"), (cmd, lim, path) => {
        const cfg = config({ battery: { ...lim, control_path: path } });
        for (const call of commandToCalls(cmd, cfg)) {
          if (call.service !== "set_value") continue;
          const value = call.serviceData?.value;
          expect(Number.isInteger(value)).toBe(true);
          const v = value as number;
          if (path === "manager") {
            expect(v).toBeGreaterThanOrEqual(-lim.max_ac_charge_w);
            expect(v).toBeLessThanOrEqual(lim.max_output_w);
          } else {
            expect(v).toBeGreaterThanOrEqual(0);
            expect(v).toBeLessThanOrEqual(Math.max(lim.max_output_w, lim.max_ac_charge_w));
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("ingestSite", () => {
  it("never emits a non-finite sample, whatever the states", () => {
    const cfg = config({
      plugs: [{ id: "p", name: "P", switch_entity: "switch.p", power_entity: "sensor.p_power", power_w: 100, run_minutes: 30 }],
    });
    const ids = ["sensor.shellypro3em_total_active_power", "sensor.solarflow_800_pro_output_home_power", "sensor.solarflow_800_pro_grid_input_power", "sensor.p_power", "sensor.solarflow_800_pro_electric_level"];
    fc.assert(
      fc.property(fc.array(stateText, { minLength: ids.length, maxLength: ids.length }), unit, (texts, u) => {
        const states = new Map(ids.map((id, i) => [id, entity(id, texts[i] ?? "", u === null ? {} : { unit_of_measurement: u }, 1)]));
        for (const s of ingestSite(readSite(states, cfg), 1)) expect(Number.isFinite(s.value)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
