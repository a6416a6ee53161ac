// Property-based fuzzing of inbound MQTT command payloads (issue 8 §3): random keys and payload
// texts into mqtt/commands.ts parseCommand, then into the runtime settings. No throw; an
// accepted command passes the domain schema and keeps every setting inside the limits the
// number entities announce; a refused one carries its key, its payload and a reason. Payload
// forms follow HA's MQTT select/number/switch/button (HA-CONVENTIONS §9).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { COMMAND_KEYS, parseCommand } from "../../addon/src/mqtt/commands.js";
import { applyEntityCommand, entityCommandSchema, GRID_TARGET_LIMITS, RESERVE_SOC_LIMITS, SUNSHIFT_MODES, type EntitySettings } from "../../addon/src/domain/entities.js";
import { RUNS, TOTAL_CASES } from "./support/runs.js";

const key = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...COMMAND_KEYS) }, { weight: 1, arbitrary: fc.constantFrom("Mode", "mode ", "__proto__", "constructor", "toString", "", "plan") }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) });

const payload = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SUNSHIFT_MODES, "ON", "OFF", "PRESS", "on", "Press", " auto ", "AUTO", "auto\n") },
  { weight: 3, arbitrary: fc.double({ min: -5000, max: 5000, noNaN: true }).map((v) => String(v)) },
  { weight: 2, arbitrary: fc.integer({ min: -2000, max: 2000 }).map((v) => [String(v), `${v}.0`, ` ${v} `, `+${v}`][Math.abs(v) % 4] ?? String(v)) },
  { weight: 2, arbitrary: fc.constantFrom("", " ", "NaN", "Infinity", "-Infinity", "1e3", "1e309", "0x10", "12,5", "100.5", "99.5", "-0", "0.4999", "1000.4", "1000.5", "-1000.5", "null", "{}", '{"value":5}', "∞") },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 16 }).map((b) => Buffer.from(b).toString("latin1")) },
);

/** Payloads near what each key takes (valid, at the bounds, just beyond). */
function near(k: string): fc.Arbitrary<string> {
  switch (k) {
    case "mode":
      return fc.constantFrom(...SUNSHIFT_MODES, " hold", "Hold", "self-consumption");
    case "reserve_soc":
      return fc.double({ min: -10, max: 110, noNaN: true }).map((v) => String(Math.round(v * 10) / 10));
    case "grid_target":
      return fc.double({ min: -1200, max: 1200, noNaN: true }).map((v) => String(Math.round(v * 10) / 10));
    case "optimizer":
      return fc.constantFrom("ON", "OFF", " ON", "on", "1");
    default:
      return fc.constantFrom("PRESS", " PRESS ", "press", "");
  }
}

const pair = fc.oneof(fc.tuple(key, payload), fc.constantFrom(...COMMAND_KEYS).chain((k) => fc.tuple(fc.constant<string>(k), near(k))));

const settings: EntitySettings = { mode: "auto", reserveSocPct: 20, gridTargetW: 0, optimizerEnabled: true };

describe(`MQTT command fuzzing: ${RUNS.mqttCommands} payloads (${TOTAL_CASES} fuzz cases in tests/fuzz)`, () => {
  it("accepted commands are valid and in range; refused ones say which key, which payload and why", () => {
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(pair, ([k, p]) => {
        const r = parseCommand(k, p);
        if (!r.ok) {
          refused++;
          expect(r.key).toBe(k);
          expect(r.payload).toBe(p);
          expect(r.reason.trim().length).toBeGreaterThan(0);
          return;
        }
        accepted++;
        expect(entityCommandSchema.safeParse(r.command).success).toBe(true);
        const next = applyEntityCommand(settings, r.command);
        expect(SUNSHIFT_MODES).toContain(next.mode);
        expect(Number.isInteger(next.reserveSocPct) && next.reserveSocPct >= RESERVE_SOC_LIMITS.minPct && next.reserveSocPct <= RESERVE_SOC_LIMITS.maxPct).toBe(true);
        expect(Number.isInteger(next.gridTargetW) && next.gridTargetW >= GRID_TARGET_LIMITS.minW && next.gridTargetW <= GRID_TARGET_LIMITS.maxW).toBe(true);
        // The command belongs to the key it arrived on.
        const kindOf: Readonly<Record<string, string>> = { mode: "set_mode", reserve_soc: "set_reserve_soc", grid_target: "set_grid_target", optimizer: "set_optimizer_enabled", replan: "replan" };
        expect(r.command.kind).toBe(kindOf[k]);
      }),
      { numRuns: RUNS.mqttCommands },
    );
    expect(accepted).toBeGreaterThan(RUNS.mqttCommands / 10);
    expect(refused).toBeGreaterThan(RUNS.mqttCommands / 10);
  });
});
