import { z } from "zod";
import type { Tariff } from "../../insight/tariff.js";
import { priceOptions } from "../../sources/options.js";
import { floatIn, timeOfDay } from "../fields.js";

/**
 * `tariffs`: candidate electricity contracts for the tariff comparison (`sunshift tariffs`, the
 * `tariff_recommendation` sensor). Each candidate is a fixed price, a day/night time-of-use
 * price (one off-peak window in local time), or dynamic (spot + grid fee + taxes, × VAT), with
 * a standing charge per month and a fixed or spot-based feed-in price. Four common examples are
 * the default; the sensor is off until `enabled`.
 */
const FORMULA_KEYS = [
  "grid_fee_eur_per_kwh", "taxes_eur_per_kwh", "vat_pct", "export_mode", "feed_in_eur_per_kwh",
  "export_spot_factor", "export_offset_eur_per_kwh", "export_floor_at_zero",
] as const;
type PriceShape = typeof priceOptions.in.shape;

/** The import and export formula fields, exactly as the `prices` options define them. */
const formulaFields = Object.fromEntries(FORMULA_KEYS.map((k) => [k, priceOptions.in.shape[k]])) as Pick<PriceShape, (typeof FORMULA_KEYS)[number]>;

const candidate = z
  .strictObject({
    name: z.string().min(1).max(64),
    enabled: z.boolean().default(true),
    kind: z.enum(["fixed", "tou", "dynamic"]),
    /** fixed: the price; tou: the price outside the off-peak window. */
    price_eur_per_kwh: floatIn(-1, 5, 0.3),
    offpeak_price_eur_per_kwh: z.number().min(-1).max(5).optional(),
    offpeak_from: timeOfDay("22:00"),
    offpeak_to: timeOfDay("06:00"),
    standing_eur_per_month: floatIn(0, 500, 0),
    ...formulaFields,
  })
  .superRefine((c, ctx) => {
    if (c.kind === "tou" && c.offpeak_price_eur_per_kwh === undefined) {
      ctx.addIssue({ code: "custom", path: ["offpeak_price_eur_per_kwh"], input: undefined, message: "is required when kind is tou" });
    }
  });

type CandidateOptions = z.output<typeof candidate>;

/** A candidate's options → the insight module's Tariff. */
export function tariffOf(c: CandidateOptions): Tariff {
  const exp: Tariff["export"] =
    c.export_mode === "fixed"
      ? { kind: "fixed", feedInEurPerKWh: c.feed_in_eur_per_kwh }
      : { kind: "spot", factor: c.export_spot_factor, offsetEurPerKWh: c.export_offset_eur_per_kwh, floorAtZero: c.export_floor_at_zero };
  const standingEurPerMonth = c.standing_eur_per_month;
  switch (c.kind) {
    case "fixed":
      return { name: c.name, import: { kind: "fixed", priceEurPerKWh: c.price_eur_per_kwh }, export: exp, standingEurPerMonth };
    case "tou": {
      const band = { from: c.offpeak_from, to: c.offpeak_to, priceEurPerKWh: c.offpeak_price_eur_per_kwh ?? c.price_eur_per_kwh };
      return { name: c.name, import: { kind: "tou", bands: [band], defaultPriceEurPerKWh: c.price_eur_per_kwh }, export: exp, standingEurPerMonth };
    }
    case "dynamic": {
      const formula = { gridFeeEurPerKWh: c.grid_fee_eur_per_kwh, taxesEurPerKWh: c.taxes_eur_per_kwh, vatPct: c.vat_pct };
      return { name: c.name, import: { kind: "dynamic", formula }, export: exp, standingEurPerMonth };
    }
  }
}

/** The shipped examples (German price levels of 2025, rounded; adjust to your offers). */
export const EXAMPLE_CANDIDATES: z.input<typeof candidate>[] = [
  { name: "Fixed price", kind: "fixed", price_eur_per_kwh: 0.32, standing_eur_per_month: 12, feed_in_eur_per_kwh: 0.08 },
  { name: "Day/night", kind: "tou", price_eur_per_kwh: 0.34, offpeak_price_eur_per_kwh: 0.26, standing_eur_per_month: 14, feed_in_eur_per_kwh: 0.08 },
  { name: "Dynamic, spot feed-in", kind: "dynamic", grid_fee_eur_per_kwh: 0.12, taxes_eur_per_kwh: 0.035, vat_pct: 19, standing_eur_per_month: 15, export_mode: "spot" },
  { name: "Dynamic, fixed feed-in", kind: "dynamic", grid_fee_eur_per_kwh: 0.12, taxes_eur_per_kwh: 0.035, vat_pct: 19, standing_eur_per_month: 15, feed_in_eur_per_kwh: 0.08 },
];

export const tariffsOptions = z
  .strictObject({
    /** Publish the tariff_recommendation sensor (recomputed once a day from the history store). */
    enabled: z.boolean().default(false),
    candidates: z.array(candidate).max(12).prefault(EXAMPLE_CANDIDATES),
  })
  .transform((o) => ({
    enabled: o.enabled,
    candidates: o.candidates.filter((c) => c.enabled).map(tariffOf),
  }));

export type TariffsConfig = z.output<typeof tariffsOptions>;
