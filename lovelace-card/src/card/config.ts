import * as z from "zod";

/**
 * THE card config (STYLE.md P7, P14): `setConfig` and the editor both validate through this
 * schema. Unknown keys (HA adds `grid_options`, `view_layout`, `visibility`) pass through
 * untouched; the editor never drops them.
 */
export const CARD_TYPE = "sunshift-card";

export const cardConfigSchema = z.object({
  type: z.string().optional(),
  title: z.string().max(60, "at most 60 characters").optional(),
  /** Entities are `<domain>.<prefix>_<key>`, e.g. sensor.sunshift_plan. */
  prefix: z.string().regex(/^[a-z0-9_]+$/, "lower-case letters, digits and _ only (e.g. sunshift)").default("sunshift"),
  /** Hours of plan the chart shows from the current slot. */
  hours: z.int("must be a whole number").min(6, "must be at least 6").max(48, "must be at most 48").default(24),
  show_flow: z.boolean("must be true or false").default(true),
  show_controls: z.boolean("must be true or false").default(true),
  /** Data-age thresholds after which a badge turns to a warning. */
  stale_prices_h: z.number("must be a number").positive("must be > 0").max(168, "must be at most 168").default(26),
  stale_pv_forecast_h: z.number("must be a number").positive("must be > 0").max(168, "must be at most 168").default(6),
  stale_meter_s: z.int("must be a whole number").positive("must be > 0").max(86_400, "must be at most 86400").default(120),
});
export type CardConfig = z.output<typeof cardConfigSchema>;

export type ConfigResult = { readonly ok: true; readonly config: CardConfig } | { readonly ok: false; readonly error: string };

/** Parses a raw config; the error names every bad field with its path ("hours: must be at most 48"). */
export function parseCardConfig(raw: unknown): ConfigResult {
  const r = cardConfigSchema.safeParse(raw);
  if (r.success) return { ok: true, config: r.data };
  const error = r.error.issues.map((i) => `${i.path.length === 0 ? "config" : i.path.join(".")}: ${i.message}`).join("; ");
  return { ok: false, error };
}

/**
 * The raw config after one editor edit: an emptied field removes its key (so the default
 * applies); numbers arrive as input strings. Other keys are kept as they were.
 */
export function applyEdit(raw: Readonly<Record<string, unknown>>, key: string, value: string | boolean, kind: "text" | "number" | "bool"): Record<string, unknown> {
  const rest = Object.fromEntries(Object.entries(raw).filter(([k]) => k !== key));
  return value === "" ? rest : { ...rest, [key]: kind === "number" ? Number(value) : value };
}

/** The config the card picker shows (HA `getStubConfig`). */
export function stubConfig(): Record<string, unknown> {
  return { type: `custom:${CARD_TYPE}`, prefix: "sunshift", hours: 24 };
}

/** HA entity ids the card reads or controls, from the prefix. */
export function entityIds(prefix: string) {
  return {
    plan: `sensor.${prefix}_plan`,
    mode: `select.${prefix}_mode`,
    replan: `button.${prefix}_replan`,
    problem: `binary_sensor.${prefix}_problem`,
    soc: `sensor.${prefix}_soc`,
    batteryW: `sensor.${prefix}_battery_power`,
    pvW: `sensor.${prefix}_pv_power`,
    homeW: `sensor.${prefix}_home_load`,
    gridW: `sensor.${prefix}_grid_power`,
    savingsToday: `sensor.${prefix}_savings_today`,
    savingsMonth: `sensor.${prefix}_savings_month`,
    agePrices: `sensor.${prefix}_data_age_prices`,
    agePvForecast: `sensor.${prefix}_data_age_pv_forecast`,
    ageGridMeter: `sensor.${prefix}_data_age_grid_meter`,
  } as const;
}
export type CardEntityIds = ReturnType<typeof entityIds>;
