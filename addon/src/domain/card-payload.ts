import { z } from "zod";

/**
 * The compact plan the Lovelace card reads from the plan sensor's attributes (issue 5). HA's
 * recorder drops all attributes of a state whose attribute JSON exceeds 16384 bytes, so every
 * per-slot value is a small integer in a parallel array, and reasons are compact typed items
 * merged over runs of slots. Units of the short keys:
 *   p…  price, ct/kWh × 10 (tenths of a cent; 0.2345 EUR/kWh → 235)
 *   w…  power, W (integer)
 *   t…  instant, minutes after `startMs`
 *   c…  money, euro cents
 * A reason item covers slots [i, i + n) of the arrays; its numbers are those of its first slot
 * (the per-slot prices and powers are in the arrays). Plan-level reasons cover the whole plan.
 */

/** HA recorder limit on a state's attribute JSON (core recorder `MAX_STATE_ATTRS_BYTES`). */
export const HA_ATTRIBUTES_LIMIT_BYTES = 16_384;
/** Our budget for the card payload: the limit less room for HA's own attributes (friendly_name, icon). */
export const CARD_PAYLOAD_BUDGET_BYTES = 15_360;
export const CARD_PAYLOAD_VERSION = 1;

const int = z.int();
const span = { i: z.int().min(0), n: z.int().min(1) };

export const fallbackCauseSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("solver_timeout"), solver: z.string(), timeLimitMs: z.number() }),
  z.strictObject({ kind: z.literal("solver_infeasible"), solver: z.string() }),
  z.strictObject({ kind: z.literal("solver_error"), solver: z.string(), message: z.string() }),
  z.strictObject({ kind: z.literal("invalid_solution"), solver: z.string(), check: z.string(), violation: z.number() }),
  z.strictObject({ kind: z.literal("missing_data"), field: z.string(), fromMs: z.number() }),
]);

/** Compact ReplanTrigger (replan.ts); energies in Wh. */
export const replanTriggerSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("start") }),
  z.strictObject({ kind: z.literal("schedule") }),
  z.strictObject({ kind: z.literal("command"), command: z.enum(["replan", "set_mode", "set_reserve_soc", "set_grid_target", "set_optimizer_enabled"]) }),
  z.strictObject({ kind: z.literal("prices_changed"), slotsBefore: int, slotsAfter: int }),
  z.strictObject({ kind: z.literal("forecast_changed"), energyBeforeWh: int, energyAfterWh: int }),
  z.strictObject({ kind: z.literal("soc_off_plan"), plannedSocPct: int, observedSocPct: int }),
]);

/** Compact InputStatus (slots.ts); ages in whole seconds. */
export const cardInputStatusSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("fresh"), ageS: int }),
  z.strictObject({ kind: z.literal("stale"), ageS: int, maxAgeS: int }),
  z.strictObject({ kind: z.literal("missing"), cause: z.string() }),
  z.strictObject({ kind: z.literal("substituted"), by: z.string(), cause: z.string() }),
]);

const ruleName = z.enum(["self_consumption", "cheap_charge", "dear_discharge", "safe_state", "no_battery"]);
const curtailCause = z.enum(["battery_full", "export_capped", "negative_export_price", "charge_limit"]);

export const cardReasonSchema = z.discriminatedUnion("k", [
  z.strictObject({ k: z.literal("grid_charge"), ...span, w: int, p: int, pLater: int, tLater: int, lossPct: int }),
  z.strictObject({ k: z.literal("discharge"), ...span, w: int, p: int, pStored: int }),
  z.strictObject({ k: z.literal("store_pv"), ...span, w: int, pExport: int, pLater: int, tLater: int }),
  z.strictObject({ k: z.literal("hold"), ...span, p: int, pLater: int, tLater: int }),
  z.strictObject({ k: z.literal("idle"), ...span, pSpread: int, pNeeded: int }),
  z.strictObject({ k: z.literal("curtail"), ...span, w: int, cause: curtailCause, wExportLimit: int, pExport: int }),
  z.strictObject({ k: z.literal("export"), ...span, w: int, pExport: int }),
  z.strictObject({ k: z.literal("negative_price"), ...span, p: int, w: int }),
  z.strictObject({ k: z.literal("plug_on"), ...span, plug: z.string(), p: int, pWindow: int }),
  z.strictObject({ k: z.literal("rule"), ...span, rule: ruleName, p: int, pLow: int, pHigh: int }),
  z.strictObject({ k: z.literal("fallback"), ...span, cause: fallbackCauseSchema }),
  z.strictObject({
    k: z.literal("solved"),
    ...span,
    solver: z.string(),
    status: z.enum(["optimal", "feasible"]),
    binaries: int,
  }),
  z.strictObject({ k: z.literal("plan_kept"), ...span, cKept: int, cCandidate: int, cMargin: int }),
  z.strictObject({ k: z.literal("plan_replaced"), ...span, cKept: int, cCandidate: int, stickySlots: int }),
  z.strictObject({ k: z.literal("off_plan"), ...span, socPlannedPct: int, socObservedPct: int }),
  z.strictObject({ k: z.literal("replanned"), ...span, trigger: replanTriggerSchema }),
  z.strictObject({ k: z.literal("input_status"), ...span, input: z.string(), source: z.string().nullable(), status: cardInputStatusSchema }),
]);
export type CardReason = z.infer<typeof cardReasonSchema>;

/** A controlled plug's planned runs: [first slot index, slot count] pairs, sorted. */
export const cardPlugSchema = z.strictObject({
  id: z.string(),
  w: int,
  runs: z.array(z.tuple([z.int().min(0), z.int().min(1)])),
});

/**
 * One planner input as the plan sensor's `dataStatus` attribute shows it: where the value came
 * from, its age (s; null when unknown or missing), whether it was not fresh, and what the
 * planner used instead (a substitute provider, `pv_persistence`, `rules`), null when nothing.
 */
export const cardDataStatusSchema = z.strictObject({
  input: z.string(),
  source: z.string().nullable(),
  ageS: int.nullable(),
  stale: z.boolean(),
  usedInstead: z.string().nullable(),
});
export type CardDataStatus = z.infer<typeof cardDataStatusSchema>;

const perSlot = z.array(int);
const perSlotNullable = z.array(int.nullable());

export const cardPayloadSchema = z
  .strictObject({
    v: z.literal(CARD_PAYLOAD_VERSION),
    status: z.enum(["optimal", "feasible", "fallback"]),
    generatedAtMs: int,
    /** Start of the first slot, epoch ms. */
    startMs: int,
    /** Slot length, minutes (15, 30 or 60). */
    stepMin: z.int().min(1),
    /** Import price per slot, ct/kWh × 10; null where no price was known. */
    importP: perSlotNullable,
    /** SOC at the end of each slot, %. */
    socPct: perSlot,
    /** Planned battery power, W, + discharge. */
    batteryW: perSlot,
    /** PV forecast (DC, before the inverter limit), W; null where unknown. */
    pvW: perSlotNullable,
    /** Household load forecast without the plugs, W; null where unknown. */
    loadW: perSlotNullable,
    /** Planned grid power, W, + import. */
    gridW: perSlot,
    plugs: z.array(cardPlugSchema),
    reasons: z.array(cardReasonSchema),
    planReasons: z.array(cardReasonSchema),
    /** How many slot reasons were left out to stay within the budget (0 normally). */
    reasonsDropped: z.int().min(0),
    /** Freshness of the planner's inputs in the run that made this plan (absent from older add-ons). */
    dataStatus: z.array(cardDataStatusSchema).optional(),
  })
  .refine((p) => [p.importP, p.batteryW, p.pvW, p.loadW, p.gridW].every((a) => a.length === p.socPct.length), {
    message: "per-slot arrays must have the same length",
  });
export type CardPayload = z.infer<typeof cardPayloadSchema>;

/** Size of the payload as HA stores it (UTF-8 JSON bytes). */
export function cardPayloadBytes(payload: CardPayload): number {
  return new TextEncoder().encode(JSON.stringify(payload)).length;
}

/** True when the payload fits our budget under HA's 16 KiB attribute limit. */
export function cardPayloadFits(payload: CardPayload): boolean {
  return cardPayloadBytes(payload) <= CARD_PAYLOAD_BUDGET_BYTES;
}
