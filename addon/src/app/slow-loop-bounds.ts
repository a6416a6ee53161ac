import type { BatteryModel, EpochMs, Plan } from "../domain/index.js";
import type { SetpointBounds } from "../control/zero-feed-in.js";

/**
 * Maps the planned action of the slot covering `nowMs` to the fast loop's set-point bounds
 * (W, signed: + AC output, − AC charge). null when no slot covers now (the caller then runs
 * plain zero feed-in).
 *
 * - discharge: output up to the inverter limit, no AC charging: {0, maxOutputW}.
 * - grid_charge at X W: charge at exactly X W from AC: {−X, −X}.
 * - charge (PV into the battery) and idle with a `hold` reason (the stored energy is worth more
 *   later): no AC output beyond what the plan itself schedules, no AC charging: {0, planned acOutW}.
 * - charge and idle without a `hold` reason: self-consumption {0, maxOutputW}. The plan had no
 *   reason to keep the energy (typically the forecast saw no load to cover), so a load the
 *   forecast missed is still served from the battery instead of the grid.
 */
export function boundsForPlan(plan: Plan | null, nowMs: EpochMs, battery: BatteryModel): SetpointBounds | null {
  const slot = plan?.slots.find((s) => s.startMs <= nowMs && nowMs < s.endMs);
  if (slot === undefined) return null;
  switch (slot.action) {
    case "discharge":
      return { minW: 0, maxW: battery.maxOutputW };
    case "grid_charge": {
      const w = Math.min(Math.max(0, slot.acInW), battery.maxAcChargeW);
      return { minW: -w, maxW: -w };
    }
    case "charge":
    case "idle":
      if (!slot.reasons.some((r) => r.kind === "hold")) return { minW: 0, maxW: battery.maxOutputW };
      return { minW: 0, maxW: Math.min(Math.max(0, slot.acOutW), battery.maxOutputW) };
  }
}
