import { describeMissing, fresh, type ConnectionStatus, type MissingCause, type SiteReadings } from "../domain/index.js";
import type { NotAnswering } from "./executor.js";
import { clamp, type SetpointBounds } from "./zero-feed-in.js";

/**
 * Safety of the fast loop (DESIGN.md "Two loops", issue 5 §5): what is wrong right now, and
 * what the hub may still do. Pure; the fast loop asks on every step, so normal control resumes
 * by itself on the first step after the cause is gone.
 *
 * - `stop` causes (HA disconnected, meter missing or stale, hub not answering): the defined
 *   safe state is battery output 0 and no AC charging (set-point 0). Plugs are left as they are.
 * - `limit` causes (SOC outside the configured window): below it no discharge (PV may still pass
 *   through), above it no AC charging.
 * Every cause switches the `problem` entity on with its text.
 */
export type SafetyCause =
  | { readonly kind: "ha_disconnected"; readonly status: ConnectionStatus["kind"] }
  | { readonly kind: "meter_missing"; readonly cause: MissingCause }
  | { readonly kind: "device_not_answering"; readonly entityId: string; readonly sinceMs: number }
  | { readonly kind: "soc_low"; readonly socPct: number; readonly minPct: number }
  | { readonly kind: "soc_high"; readonly socPct: number; readonly maxPct: number };

export interface SafetyInput {
  readonly nowMs: number;
  readonly connection: ConnectionStatus["kind"];
  readonly site: SiteReadings;
  readonly maxMeterAgeMs: number;
  /** The battery window of the options, %. */
  readonly socMinPct: number;
  readonly socMaxPct: number;
  /** Hub entities whose last write went unconfirmed (the battery executor's). */
  readonly notAnswering: readonly NotAnswering[];
  /**
   * When the meter last changed by *our* clock. The meter's own timestamps come from HA's clock:
   * after our clock jumps back they lie in the future and never look old, so a silent meter is
   * also caught by how long we have not seen it change.
   */
  readonly meterSeenAtMs?: number;
}

/** The hub's hard limits, W: never command beyond them. */
export interface DeviceLimits {
  readonly maxOutputW: number;
  readonly maxAcChargeW: number;
}

/**
 * SOC readings may pass the window by this much before it counts as a problem: the hub stops
 * at its own limit and reports ±1 % around it in normal operation.
 */
export const SOC_MARGIN_PCT = 1;

/** Every cause that holds now, stop causes first. Empty = normal control. */
export function assessSafety(input: SafetyInput): readonly SafetyCause[] {
  if (input.connection !== "connected") return [{ kind: "ha_disconnected", status: input.connection }];
  const causes: SafetyCause[] = [];
  const grid = fresh(input.site.meter.gridPowerW, input.nowMs, input.maxMeterAgeMs);
  const unseenMs = input.meterSeenAtMs === undefined ? 0 : input.nowMs - input.meterSeenAtMs;
  if (!grid.ok) causes.push({ kind: "meter_missing", cause: grid.cause });
  else if (unseenMs > input.maxMeterAgeMs) causes.push({ kind: "meter_missing", cause: { kind: "stale", ageMs: unseenMs, maxAgeMs: input.maxMeterAgeMs } });
  for (const n of input.notAnswering) causes.push({ kind: "device_not_answering", entityId: n.entityId, sinceMs: n.sinceMs });
  const soc = input.site.battery.socPct;
  if (soc.ok && soc.value < input.socMinPct - SOC_MARGIN_PCT) causes.push({ kind: "soc_low", socPct: soc.value, minPct: input.socMinPct });
  if (soc.ok && soc.value > input.socMaxPct + SOC_MARGIN_PCT) causes.push({ kind: "soc_high", socPct: soc.value, maxPct: input.socMaxPct });
  return causes;
}

/** Whether the cause puts the hub into the safe state (set-point 0) rather than narrowing its bounds. */
export function stops(cause: SafetyCause): boolean {
  switch (cause.kind) {
    case "ha_disconnected":
    case "meter_missing":
    case "device_not_answering":
      return true;
    case "soc_low":
    case "soc_high":
      return false;
  }
}

/**
 * The bounds the hub may use given the causes: {0, 0} for a stop cause; for SOC causes the
 * plan's bounds narrowed (below the window: output only up to the PV power, no battery
 * discharge; above it: no AC charging). Always within the device limits.
 */
export function safeBounds(causes: readonly SafetyCause[], bounds: SetpointBounds, limits: DeviceLimits, pvW: number | null): SetpointBounds {
  if (causes.some(stops)) return { minW: 0, maxW: 0 };
  let { minW, maxW } = withinDeviceLimits(bounds, limits);
  for (const c of causes) {
    if (c.kind === "soc_low") maxW = Math.min(maxW, clamp(pvW ?? 0, 0, limits.maxOutputW));
    if (c.kind === "soc_high") minW = Math.max(minW, 0);
  }
  return { minW: Math.min(minW, maxW), maxW };
}

/** Bounds intersected with [−maxAcChargeW, maxOutputW]; an empty or inverted range collapses to a point inside. */
export function withinDeviceLimits(bounds: SetpointBounds, limits: DeviceLimits): SetpointBounds {
  const lo = -Math.max(0, limits.maxAcChargeW);
  const hi = Math.max(0, limits.maxOutputW);
  const minW = clamp(Number.isFinite(bounds.minW) ? bounds.minW : 0, lo, hi);
  const maxW = clamp(Number.isFinite(bounds.maxW) ? bounds.maxW : 0, lo, hi);
  return { minW: Math.min(minW, maxW), maxW };
}

/**
 * What identifies a situation regardless of the numbers in it (a stale meter's age grows every
 * step): a new key means a new safe state worth an event, the same key only a fresher text.
 */
export function causeKey(causes: readonly SafetyCause[]): string {
  return causes.map((c) => (c.kind === "device_not_answering" ? `${c.kind}:${c.entityId}` : c.kind)).join("|");
}

/** One line for the `problem` entity, the activity log and the history ("; "-joined causes). */
export function describeSafety(causes: readonly SafetyCause[]): string {
  return causes.map(describeCause).join("; ");
}

function describeCause(c: SafetyCause): string {
  switch (c.kind) {
    case "ha_disconnected":
      return `Home Assistant ${c.status === "connecting" ? "not connected yet" : c.status}`;
    case "meter_missing":
      return `meter: ${describeMissing(c.cause)}`;
    case "device_not_answering":
      return `${c.entityId} not answering`;
    case "soc_low":
      return `SOC ${c.socPct} % below the minimum ${c.minPct} %: no discharge`;
    case "soc_high":
      return `SOC ${c.socPct} % above the maximum ${c.maxPct} %: no charging from the grid`;
  }
}
