import { z } from "zod";

/**
 * The typed interface between Sunshift and its Home Assistant entities (MQTT discovery, issue 5).
 * Inbound: `EntityCommand` (what a user or automation asked for through a select/number/switch/
 * button). Outbound: `EntitiesState` (what the entities show) and `CardPayload` (the compact
 * plan the card reads from the plan sensor's attributes). Schemas are the single source; types
 * are inferred (STYLE.md P7).
 */

export const SUNSHIFT_MODES = ["auto", "self_consumption", "charge", "discharge", "hold", "off"] as const;
export const sunshiftModeSchema = z.enum(SUNSHIFT_MODES);
/** auto = follow the plan; the others override it until set back to auto. */
export type SunshiftMode = z.infer<typeof sunshiftModeSchema>;

/** Bounds of the settings HA can change. The number entities announce the same min/max/step. */
export const RESERVE_SOC_LIMITS = { minPct: 0, maxPct: 100, stepPct: 1 } as const;
/** Grid target of the fast loop, W (+ import). 0 = zero feed-in. */
export const GRID_TARGET_LIMITS = { minW: -1000, maxW: 1000, stepW: 10 } as const;

export const entityCommandSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("set_mode"), mode: sunshiftModeSchema }),
  z.strictObject({
    kind: z.literal("set_reserve_soc"),
    socPct: z.int().min(RESERVE_SOC_LIMITS.minPct).max(RESERVE_SOC_LIMITS.maxPct),
  }),
  z.strictObject({
    kind: z.literal("set_grid_target"),
    powerW: z.int().min(GRID_TARGET_LIMITS.minW).max(GRID_TARGET_LIMITS.maxW),
  }),
  z.strictObject({ kind: z.literal("set_optimizer_enabled"), enabled: z.boolean() }),
  z.strictObject({ kind: z.literal("replan") }),
]);
/** A command from HA, already parsed and range-checked at the MQTT edge. */
export type EntityCommand = z.infer<typeof entityCommandSchema>;

/** Inputs whose data age Sunshift reports (one diagnostic sensor each). */
export const DATA_INPUTS = ["grid_meter", "battery", "prices", "pv_forecast", "load_forecast"] as const;
export type DataInput = (typeof DATA_INPUTS)[number];

/** HA caps a state at 255 characters. */
export const MAX_STATE_CHARS = 255;

const nullableFinite = z.number().nullable();

/** The tariff_recommendation sensor: state = the best candidate; one short row per candidate (EUR/year, whole euros). */
export const tariffRecommendationSchema = z.strictObject({
  best: z.string().min(1).max(MAX_STATE_CHARS),
  summary: z.string().max(2000),
  daysUsed: z.int().min(0),
  monthsExtrapolated: z.array(z.int().min(1).max(12)),
  candidates: z.array(
    z.strictObject({ name: z.string(), rank: z.int().min(1), yearlyEur: z.number(), standingEur: z.number(), batterySavingEur: z.number() }),
  ),
});
export type TariffRecommendation = z.infer<typeof tariffRecommendationSchema>;

export const entitiesStateSchema = z.strictObject({
  mode: sunshiftModeSchema,
  reserveSocPct: z.number().min(0).max(100),
  gridTargetW: z.number(),
  optimizerEnabled: z.boolean(),
  /** Current action as a sentence, ≤ 255 characters (the plan sensor's state). */
  currentAction: z.string().max(MAX_STATE_CHARS),
  problem: z.discriminatedUnion("active", [
    z.strictObject({ active: z.literal(false) }),
    z.strictObject({ active: z.literal(true), cause: z.string().max(MAX_STATE_CHARS) }),
  ]),
  /** Age of each input in seconds; null = never received. */
  dataAgeS: z.strictObject({
    grid_meter: nullableFinite,
    battery: nullableFinite,
    prices: nullableFinite,
    pv_forecast: nullableFinite,
    load_forecast: nullableFinite,
  }),
  /** Saving against the no-battery counterfactual, EUR, today and this month (local time). */
  savingsTodayEur: nullableFinite,
  savingsMonthEur: nullableFinite,
  /** The optimizer's part of this month's saving: against a plain self-consumption battery, EUR. */
  optimizerShareMonthEur: nullableFinite,
  /** Grid import today, kWh: measured, and what it would have been without the battery. */
  importTodayKWh: nullableFinite,
  importTodayNoBatteryKWh: nullableFinite,
  /** Local midnight starting today and this month (the `last_reset` of the savings sensors). */
  periodStartMs: z.strictObject({ dayMs: z.int(), monthMs: z.int() }).nullable(),
  /** The tariff recommendation (issue 7 §3), null until one was computed. */
  tariff: tariffRecommendationSchema.nullable(),
  /** Next cheap charging window [startMs, endMs), or null when none is planned. */
  nextCheapWindow: z.strictObject({ startMs: z.int(), endMs: z.int() }).nullable(),
  /** Live site values for the card. batteryW: + discharge; gridW: + import. */
  live: z.strictObject({
    socPct: nullableFinite,
    batteryW: nullableFinite,
    pvW: nullableFinite,
    homeLoadW: nullableFinite,
    gridW: nullableFinite,
  }),
});
export type EntitiesState = z.infer<typeof entitiesStateSchema>;

/** Payload of the `plan changed` event entity (HA automations trigger on it). */
export interface PlanChangedSummary {
  readonly status: "optimal" | "feasible" | "fallback";
  readonly generatedAtMs: number;
  readonly currentAction: string;
  readonly objectiveEur: number;
}

/** The four settings an entity command can change. */
export type EntitySettings = Pick<EntitiesState, "mode" | "reserveSocPct" | "gridTargetW" | "optimizerEnabled">;

/**
 * The settings after a command: used by the service for its runtime settings and by the MQTT
 * bridge for the echoed state, so HA sees its change at once. Other fields pass through.
 */
export function applyEntityCommand<S extends EntitySettings>(state: S, command: EntityCommand): S {
  switch (command.kind) {
    case "set_mode":
      return { ...state, mode: command.mode };
    case "set_reserve_soc":
      return { ...state, reserveSocPct: command.socPct };
    case "set_grid_target":
      return { ...state, gridTargetW: command.powerW };
    case "set_optimizer_enabled":
      return { ...state, optimizerEnabled: command.enabled };
    case "replan":
      return state;
  }
}

export * from "./card-payload.js";
export * from "./card-reasons.js";
