import type { Command, CommandReason } from "../domain/index.js";

/**
 * The fast loop's control law. The hub set-point is signed: + W = AC output to the home
 * (discharge or PV pass-through), − W = AC charging from the grid.
 *
 * The household load is estimated as filtered grid power + the hub's observed AC power, so the
 * set-point that brings the grid to its target is `load − target`. Using the *observed* hub
 * power (not the last command) keeps the estimate right while the device is still ramping and
 * when it cannot deliver (empty battery), which is what makes the loop calm without an
 * integrator to wind up.
 */
export interface ControlTuning {
  /** Grid power to aim for, W (+ import). Slightly positive avoids exporting on noise. */
  readonly targetGridW: number;
  /** No write while the set-point would change by less than this, W. */
  readonly deadbandW: number;
  /** Largest set-point change per write, W (slew limit). */
  readonly maxStepW: number;
  /** Set-points are multiples of this, W (fewer, cleaner writes). */
  readonly quantumW: number;
  /** Minimum time between two writes, ms (device write-rate limit). */
  readonly minWriteIntervalMs: number;
  /** |set-point| below this becomes 0, W: avoids flapping between input and output mode. */
  readonly zeroBandW: number;
}

/** What the plan (or the mode) allows in the current slot, W. minW ≤ 0 ≤ maxW. */
export interface SetpointBounds {
  /** Most negative set-point allowed (− max AC charge), 0 when grid charging is not allowed. */
  readonly minW: number;
  /** Largest AC output allowed, 0 when the battery must hold. */
  readonly maxW: number;
}

export interface ControlInput {
  readonly nowMs: number;
  readonly gridW: number;
  readonly filteredGridW: number;
  /** Observed hub AC power, signed like the set-point; null when unknown (then the last set-point is used). */
  readonly observedHubW: number | null;
  readonly bounds: SetpointBounds;
  readonly tuning: ControlTuning;
}

export interface ControlState {
  /** Last set-point written, W (signed), null before the first write. */
  readonly setpointW: number | null;
  readonly lastWriteMs: number | null;
}

export const initialControlState: ControlState = { setpointW: null, lastWriteMs: null };

export type ControlDecision =
  | { readonly kind: "write"; readonly setpointW: number; readonly desiredW: number; readonly command: Command }
  | { readonly kind: "hold"; readonly desiredW: number; readonly why: "deadband" | "rate_limit" | "unchanged" };

export function clamp(value: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, value));
}

/** The set-point (W, signed) that would bring the grid to its target, within bounds and quantized. */
export function desiredSetpointW(input: ControlInput, state: ControlState): number {
  const hubW = input.observedHubW ?? state.setpointW ?? 0;
  const loadW = input.filteredGridW + hubW;
  const raw = clamp(loadW - input.tuning.targetGridW, input.bounds.minW, input.bounds.maxW);
  if (Math.abs(raw) < input.tuning.zeroBandW) return 0;
  const q = input.tuning.quantumW > 0 ? Math.round(raw / input.tuning.quantumW) * input.tuning.quantumW : raw;
  return clamp(q, input.bounds.minW, input.bounds.maxW);
}

/** One fast-loop step: decide whether to write a new set-point. Pure. */
export function controlStep(input: ControlInput, state: ControlState): ControlDecision {
  const desiredW = desiredSetpointW(input, state);
  const current = state.setpointW;
  const { tuning } = input;
  if (current !== null && desiredW === current) return { kind: "hold", desiredW, why: "unchanged" };
  // Bounds shrinking (a new slot forbids discharge) must be applied even inside the deadband.
  const outOfBounds = current !== null && (current > input.bounds.maxW || current < input.bounds.minW);
  if (current !== null && !outOfBounds && Math.abs(desiredW - current) < tuning.deadbandW && desiredW !== 0) {
    return { kind: "hold", desiredW, why: "deadband" };
  }
  if (!outOfBounds && state.lastWriteMs !== null && input.nowMs - state.lastWriteMs < tuning.minWriteIntervalMs) {
    return { kind: "hold", desiredW, why: "rate_limit" };
  }
  const from = current ?? 0;
  const stepped = outOfBounds ? desiredW : from + clamp(desiredW - from, -tuning.maxStepW, tuning.maxStepW);
  const setpointW = clamp(stepped, input.bounds.minW, input.bounds.maxW);
  return { kind: "write", setpointW, desiredW, command: setpointCommand(setpointW, reasonFor(input)) };
}

function reasonFor(input: ControlInput): CommandReason {
  const kind = input.tuning.targetGridW === 0 ? "zero_feed_in" : "grid_target";
  return { kind, gridPowerW: input.gridW, targetW: input.tuning.targetGridW, filteredGridW: Math.round(input.filteredGridW) };
}

/** Signed set-point → device command. */
export function setpointCommand(setpointW: number, reason: CommandReason): Command {
  if (setpointW > 0) return { kind: "battery_discharge", powerW: setpointW, reason };
  if (setpointW < 0) return { kind: "battery_ac_charge", powerW: -setpointW, reason };
  return { kind: "battery_idle", reason };
}

export function applyDecision(state: ControlState, decision: ControlDecision, nowMs: number): ControlState {
  return decision.kind === "write" ? { setpointW: decision.setpointW, lastWriteMs: nowMs } : state;
}
