import type { AcMode } from "../domain/site.js";
import type { EntityStates, HaEntityState } from "../domain/ha.js";
import { missing, present, type Reading } from "../domain/reading.js";
import type { Range } from "./ranges.js";
import { type Quantity, toCanonical, unitOf } from "./units.js";

/** A plain decimal number as HA writes states ("12", "-150.058", "2.5e3"); not "0x10", not " 1". */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * The state string of `entityId`, or the missing reading for an absent entity and the
 * `unavailable`/`unknown` states. Every reading carries the state's `lastUpdatedMs`.
 */
function stateOf<T>(states: EntityStates, entityId: string): { ok: true; state: HaEntityState } | { ok: false; reading: Reading<T> } {
  const state = states.get(entityId);
  if (state === undefined) return { ok: false, reading: missing({ kind: "no_entity" }, entityId) };
  if (state.state === "unavailable") return { ok: false, reading: missing({ kind: "unavailable" }, entityId, state.lastUpdatedMs) };
  if (state.state === "unknown") return { ok: false, reading: missing({ kind: "unknown" }, entityId, state.lastUpdatedMs) };
  return { ok: true, state };
}

/**
 * A numeric entity as a reading in W, Wh or % (`quantity`), checked against `range`. Empty,
 * non-numeric and non-finite states, unknown units and implausible values are missing readings
 * with their cause, never NaN.
 */
export function readNumber(states: EntityStates, entityId: string, quantity: Quantity, range: Range): Reading<number> {
  const s = stateOf<number>(states, entityId);
  if (!s.ok) return s.reading;
  const { state } = s;
  const at = state.lastUpdatedMs;
  const raw = state.state.trim();
  const parsed = DECIMAL.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(parsed)) return missing({ kind: "not_numeric", raw: state.state }, entityId, at);
  const converted = toCanonical(parsed, unitOf(state.attributes), quantity);
  if (!converted.ok) return missing(converted.cause, entityId, at);
  const value = converted.value;
  if (value < range.min || value > range.max) {
    return missing({ kind: "out_of_range", value, min: range.min, max: range.max }, entityId, at);
  }
  return present(value, at, entityId);
}

/** A switch or light: `on`/`off`. Any other state is a missing reading. */
export function readOnOff(states: EntityStates, entityId: string): Reading<boolean> {
  const s = stateOf<boolean>(states, entityId);
  if (!s.ok) return s.reading;
  const at = s.state.lastUpdatedMs;
  if (s.state.state === "on") return present(true, at, entityId);
  if (s.state.state === "off") return present(false, at, entityId);
  // MissingCause has no "unrecognised option" variant; not_numeric carries the raw text.
  return missing({ kind: "not_numeric", raw: s.state.state }, entityId, at);
}

/**
 * Zendure AC mode. Zendure-HA's select shows `input`/`output`; the device's own HA-MQTT mode
 * shows "Input mode"/"Output mode"; the zenSDK wire value is 1 (input) / 2 (output).
 */
const AC_MODES: Readonly<Record<string, AcMode>> = {
  input: "input",
  "input mode": "input",
  "1": "input",
  output: "output",
  "output mode": "output",
  "2": "output",
};

export function readAcMode(states: EntityStates, entityId: string): Reading<AcMode> {
  const s = stateOf<AcMode>(states, entityId);
  if (!s.ok) return s.reading;
  const mode = AC_MODES[s.state.state.trim().toLowerCase()];
  const at = s.state.lastUpdatedMs;
  return mode === undefined ? missing({ kind: "not_numeric", raw: s.state.state }, entityId, at) : present(mode, at, entityId);
}
