import type { CommandReason, Reading } from "../domain/index.js";

/**
 * Plug control (issue 5 §4), pure: the plan's slot says on or off; minimum on/off times are
 * respected; a switch a person flipped is left alone for a while. Only differences are sent.
 *
 * A change of the observed switch state is *ours* when it matches our last command (sent within
 * `PENDING_MS`), otherwise it is *manual*: the plug is then left alone for `overrideMs`, after
 * which the plan takes over again (reason `override_ended`).
 */
export interface PlugRules {
  readonly id: string;
  /** Shortest run once on, ms (0 = none). */
  readonly minOnMs: number;
  /** Shortest pause once off, ms (0 = none). */
  readonly minOffMs: number;
  /** How long a manual toggle is respected, ms. */
  readonly overrideMs: number;
}

/** What the controller remembers about one plug. */
export interface PlugMemory {
  /** Last observed state; null until the switch was seen once. */
  readonly observedOn: boolean | null;
  /** When the observed state last changed (min on/off times count from here). */
  readonly changedAtMs: number | null;
  /** Our last command until the switch shows it (or it expires). */
  readonly commanded: { readonly on: boolean; readonly atMs: number } | null;
  /** A person switched it: hands off until `untilMs`. */
  readonly override: { readonly untilMs: number; readonly on: boolean } | null;
}

export const initialPlugMemory: PlugMemory = { observedOn: null, changedAtMs: null, commanded: null, override: null };

/** A command not shown by the switch within this time is forgotten (and may be sent again). */
export const PENDING_MS = 60_000;

/** Why a switch command is sent. */
export type PlugReason =
  | { readonly kind: "plan_slot"; readonly slotStartMs: number }
  | { readonly kind: "override_ended"; readonly slotStartMs: number };

export type PlugDecision =
  | { readonly kind: "switch"; readonly on: boolean; readonly reason: PlugReason }
  | { readonly kind: "leave"; readonly why: "matches" | "pending" | "no_plan" | "unknown_state" }
  | { readonly kind: "leave"; readonly why: "min_on" | "min_off" | "manual_override"; readonly untilMs: number };

/** The plan's wish for this plug now: null when no plan slot covers now. */
export type PlanWish = { readonly on: boolean; readonly slotStartMs: number } | null;

export type ObservedChange = "none" | "first_seen" | "ours" | "manual";

/**
 * Folds one observation of the switch in. A change not explained by our pending command is a
 * manual toggle and starts the override.
 */
export function observePlug(mem: PlugMemory, on: Reading<boolean>, nowMs: number, rules: PlugRules): { readonly mem: PlugMemory; readonly change: ObservedChange } {
  const commanded = mem.commanded !== null && nowMs - mem.commanded.atMs > PENDING_MS ? null : mem.commanded;
  if (!on.ok) return { mem: { ...mem, commanded }, change: "none" };
  if (mem.observedOn === null) return { mem: { ...mem, observedOn: on.value, changedAtMs: on.atMs, commanded }, change: "first_seen" };
  if (on.value === mem.observedOn) return { mem: { ...mem, commanded }, change: "none" };
  const base = { ...mem, observedOn: on.value, changedAtMs: nowMs, commanded: null };
  if (commanded?.on === on.value) return { mem: base, change: "ours" };
  return { mem: { ...base, override: { untilMs: nowMs + rules.overrideMs, on: on.value } }, change: "manual" };
}

/** What to do with the plug now. Pure. */
export function decidePlug(mem: PlugMemory, wish: PlanWish, rules: PlugRules, nowMs: number): PlugDecision {
  if (mem.observedOn === null || mem.changedAtMs === null) return { kind: "leave", why: "unknown_state" };
  if (mem.override !== null && nowMs < mem.override.untilMs) return { kind: "leave", why: "manual_override", untilMs: mem.override.untilMs };
  if (wish === null) return { kind: "leave", why: "no_plan" };
  if (wish.on === mem.observedOn) return { kind: "leave", why: "matches" };
  if (mem.commanded?.on === wish.on && nowMs - mem.commanded.atMs <= PENDING_MS) return { kind: "leave", why: "pending" };
  const minMs = mem.observedOn ? rules.minOnMs : rules.minOffMs;
  const untilMs = mem.changedAtMs + minMs;
  if (nowMs < untilMs) return { kind: "leave", why: mem.observedOn ? "min_on" : "min_off", untilMs };
  const reason: PlugReason = mem.override === null ? { kind: "plan_slot", slotStartMs: wish.slotStartMs } : { kind: "override_ended", slotStartMs: wish.slotStartMs };
  return { kind: "switch", on: wish.on, reason };
}

/** The memory after acting on `decision` (a sent switch is pending; an ended override is cleared once the plan agrees). */
export function afterDecision(mem: PlugMemory, decision: PlugDecision, nowMs: number): PlugMemory {
  if (decision.kind === "switch") return { ...mem, commanded: { on: decision.on, atMs: nowMs }, override: null };
  if (decision.why === "matches" && mem.override !== null && nowMs >= mem.override.untilMs) return { ...mem, override: null };
  return mem;
}

/**
 * The command reason for the executor and the activity log. The domain's reasons have no
 * plug-specific variant; `plan` with an action text carries both cases.
 */
export function commandReasonOf(reason: PlugReason, on: boolean): CommandReason {
  const action = on ? "plug_on" : "plug_off";
  switch (reason.kind) {
    case "plan_slot":
      return { kind: "plan", slotStartMs: reason.slotStartMs, action };
    case "override_ended":
      return { kind: "plan", slotStartMs: reason.slotStartMs, action: `${action} (manual override ended)` };
  }
}
