import { z } from "zod";
import { floatIn, intIn, requiredEntityId, timeOfDay } from "../config/fields.js";
import type { ExportFormula, ImportFormula } from "./price-formula.js";
import type { PvPlane } from "./pv-model.js";
import type { TouBand } from "./tariffs.js";

/**
 * Option groups `prices` and `pv_forecast` (snake_case like the rest of the add-on options;
 * the root schema mounts them). options.manifest.md holds the matching config.yaml lines.
 */

export const PRICE_SOURCES = ["fixed", "tou", "awattar", "entsoe", "nordpool", "nordpool_hacs", "entsoe_hacs", "tibber", "octopus", "octopus_ha"] as const;
export type PriceSourceKind = (typeof PRICE_SOURCES)[number];

const touBand = z.strictObject({
  from: timeOfDay("00:00"),
  to: timeOfDay("00:00"),
  price_eur_per_kwh: z.number().min(-1).max(5),
});

/** Each source's required settings, checked once the source is chosen (every problem, with its path). */
const REQUIRED: Readonly<Record<PriceSourceKind, readonly string[]>> = {
  fixed: [],
  tou: ["tou_bands"],
  awattar: [],
  entsoe: ["entsoe_token"],
  nordpool: ["nordpool_config_entry"],
  nordpool_hacs: ["price_entity"],
  entsoe_hacs: ["price_entity"],
  tibber: [],
  octopus: ["octopus_product", "octopus_tariff"],
  octopus_ha: ["price_entity"],
};

/** `prices`: where spot/retail prices come from and how they become import/export prices. */
export const priceOptions = z
  .strictObject({
    source: z.enum(PRICE_SOURCES).default("fixed"),
    awattar_country: z.enum(["de", "at"]).default("de"),
    entsoe_token: z.string().min(8).optional(),
    /** EIC code of the bidding zone; default DE-LU. */
    entsoe_area: z.string().regex(/^[0-9A-Z-]{16}$/, "must be a 16-character EIC code like 10Y1001A1001A82H").default("10Y1001A1001A82H"),
    nordpool_config_entry: z.string().min(1).optional(),
    nordpool_area: z.string().regex(/^[A-Z][A-Z0-9]{1,4}$/, "must be a Nord Pool delivery area like SE3, NO1, FI, NL or GER").default("SE3"),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be a 3-letter currency code like EUR").default("EUR"),
    /** HACS Nord Pool / ENTSO-E sensor, or the Octopus integration's `event.…_current_day_rates`. */
    price_entity: requiredEntityId(["sensor", "event"], "sensor.nordpool_kwh_nl_eur_3_10_021").optional(),
    /** Whether an HA price sensor shows spot (fees still to add) or the final retail price. */
    price_entity_kind: z.enum(["spot", "retail"]).default("spot"),
    tibber_home: z.string().min(1).optional(),
    octopus_product: z.string().min(1).optional(),
    octopus_tariff: z.string().min(1).optional(),
    fixed_price_eur_per_kwh: floatIn(-1, 5, 0.3),
    tou_bands: z.array(touBand).max(12).default([]),
    grid_fee_eur_per_kwh: floatIn(0, 2, 0),
    taxes_eur_per_kwh: floatIn(0, 2, 0),
    vat_pct: floatIn(0, 50, 0),
    export_mode: z.enum(["fixed", "spot"]).default("fixed"),
    feed_in_eur_per_kwh: floatIn(-1, 2, 0),
    export_spot_factor: floatIn(0, 2, 1),
    export_offset_eur_per_kwh: floatIn(-1, 1, 0),
    export_floor_at_zero: z.boolean().default(true),
    /** Hours after which prices count as stale (they also expire at the end of the data). */
    max_age_h: intIn(1, 72, 36),
  })
  .superRefine((o, ctx) => {
    for (const key of REQUIRED[o.source]) {
      const v = o[key as keyof typeof o];
      if (v === undefined || (Array.isArray(v) && v.length === 0)) {
        ctx.addIssue({ code: "custom", path: [key], input: v, message: `is required when prices.source is ${o.source}` });
      }
    }
  })
  .transform((o) => ({
    source: o.source,
    awattarCountry: o.awattar_country,
    entsoeToken: o.entsoe_token ?? null,
    entsoeArea: o.entsoe_area,
    nordpoolConfigEntry: o.nordpool_config_entry ?? null,
    nordpoolArea: o.nordpool_area,
    currency: o.currency,
    priceEntity: o.price_entity ?? null,
    priceEntityKind: o.price_entity_kind,
    tibberHome: o.tibber_home ?? null,
    octopusProduct: o.octopus_product ?? null,
    octopusTariff: o.octopus_tariff ?? null,
    fixedPriceEurPerKWh: o.fixed_price_eur_per_kwh,
    touBands: o.tou_bands.map((b): TouBand => ({ from: b.from, to: b.to, priceEurPerKWh: b.price_eur_per_kwh })),
    importFormula: { gridFeeEurPerKWh: o.grid_fee_eur_per_kwh, taxesEurPerKWh: o.taxes_eur_per_kwh, vatPct: o.vat_pct } satisfies ImportFormula,
    exportFormula: exportFormulaOf(o),
    maxAgeMs: o.max_age_h * 3_600_000,
  }));

export type PriceConfig = z.output<typeof priceOptions>;

function exportFormulaOf(o: {
  readonly export_mode: "fixed" | "spot";
  readonly feed_in_eur_per_kwh: number;
  readonly export_spot_factor: number;
  readonly export_offset_eur_per_kwh: number;
  readonly export_floor_at_zero: boolean;
}): ExportFormula {
  return o.export_mode === "fixed"
    ? { kind: "fixed", feedInEurPerKWh: o.feed_in_eur_per_kwh }
    : { kind: "spot", factor: o.export_spot_factor, offsetEurPerKWh: o.export_offset_eur_per_kwh, floorAtZero: o.export_floor_at_zero };
}

export const PV_SOURCES = ["open_meteo", "forecast_solar", "forecast_solar_ha", "solcast_ha", "none"] as const;

const plane = z.strictObject({
  tilt_deg: z.number().min(0).max(90),
  /** Degrees clockwise from north: 180 = south, 90 = east, 270 = west. */
  azimuth_deg: z.number().min(0).max(360),
  peak_power_w: z.number().gt(0).max(100_000),
});

/** `pv_forecast`: the PV provider, its fallback and the planes. */
export const pvForecastOptions = z
  .strictObject({
    source: z.enum(PV_SOURCES).default("open_meteo"),
    /** `weather`: when the provider fails, estimate from HA's hourly weather forecast. */
    fallback: z.enum(["weather", "none"]).default("weather"),
    /** Site; absent = Home Assistant's configured location. */
    latitude: z.number().min(-90).max(90).optional(),
    longitude: z.number().min(-180).max(180).optional(),
    planes: z.array(plane).min(1).max(4).default([{ tilt_deg: 30, azimuth_deg: 180, peak_power_w: 800 }]),
    system_loss_pct: floatIn(0, 50, 14),
    open_meteo_resolution: z.enum(["hourly", "minutely_15"]).default("hourly"),
    forecast_solar_api_key: z.string().min(4).optional(),
    solcast_entities: z
      .array(z.string().regex(/^sensor\.[a-z0-9_]+$/, "must be a sensor.* entity id"))
      .min(1)
      .default(["sensor.solcast_pv_forecast_forecast_today", "sensor.solcast_pv_forecast_forecast_tomorrow"]),
    forecast_solar_today_entity: z.string().regex(/^sensor\.[a-z0-9_]+$/, "must be a sensor.* entity id").default("sensor.energy_production_today_remaining"),
    forecast_solar_tomorrow_entity: z.string().regex(/^sensor\.[a-z0-9_]+$/, "must be a sensor.* entity id").default("sensor.energy_production_tomorrow"),
    solcast_estimate: z.enum(["pv_estimate", "pv_estimate10", "pv_estimate90"]).default("pv_estimate"),
    weather_entity: z.string().regex(/^weather\.[a-z0-9_]+$/, "must be a weather.* entity id").default("weather.forecast_home"),
    /** Hours after which a PV forecast counts as stale. */
    max_age_h: intIn(1, 48, 6),
    /** Minutes between provider calls (Forecast.Solar public: 12/h; Solcast via HA: its own schedule). */
    refresh_min: intIn(5, 360, 60),
  })
  .transform((o) => ({
    source: o.source,
    fallback: o.fallback,
    latitudeDeg: o.latitude ?? null,
    longitudeDeg: o.longitude ?? null,
    planes: o.planes.map((p): PvPlane => ({ tiltDeg: p.tilt_deg, azimuthDeg: p.azimuth_deg, peakPowerW: p.peak_power_w })),
    systemLoss: o.system_loss_pct / 100,
    openMeteoResolution: o.open_meteo_resolution,
    forecastSolarApiKey: o.forecast_solar_api_key ?? null,
    forecastSolarHaEntities: { todayRemaining: o.forecast_solar_today_entity, tomorrow: o.forecast_solar_tomorrow_entity },
    solcastEntities: o.solcast_entities,
    solcastEstimate: o.solcast_estimate,
    weatherEntity: o.weather_entity,
    maxAgeMs: o.max_age_h * 3_600_000,
    refreshMs: o.refresh_min * 60_000,
  }));

export type PvForecastConfig = z.output<typeof pvForecastOptions>;
