import { z } from "zod";
import type { EpochMs, HaClient, PowerSeries, PowerSlot, PvForecastSource, SourceResult } from "../domain/index.js";
import { MS_PER_HOUR } from "../domain/index.js";
import { unwrapServiceResponse } from "./ha-entity.js";
import { powerSeries } from "./open-meteo.js";
import { andThen, isoTime, parseWith } from "./parse.js";
import { cloudyIrradiance, dcPowerW, sunPosition, type PvSite } from "./pv-model.js";

/** `weather.get_forecasts` response: `{<entity>: {forecast: [{datetime, condition, cloud_coverage?, temperature?}]}}`. */
export const weatherForecastsSchema = z.record(
  z.string(),
  z.object({
    forecast: z.array(
      z.object({
        datetime: isoTime,
        condition: z.string().nullable().optional(),
        cloud_coverage: z.number().nullable().optional(),
        temperature: z.number().nullable().optional(),
      }),
    ),
  }),
);

/** Cloud cover (%) assumed for an HA condition when the entity gives no `cloud_coverage`. */
export const CONDITION_CLOUD_PCT: Readonly<Record<string, number>> = {
  sunny: 5,
  "clear-night": 5,
  partlycloudy: 50,
  cloudy: 90,
  fog: 100,
  rainy: 95,
  pouring: 100,
  snowy: 100,
  "snowy-rainy": 100,
  hail: 100,
  lightning: 90,
  "lightning-rainy": 100,
  windy: 40,
  "windy-variant": 60,
  exceptional: 80,
};

/**
 * A rough PV forecast from hourly weather (fallback when no PV provider answers): clear-sky
 * irradiance scaled by cloud cover (pv-model.ts `cloudyIrradiance`) on the configured planes.
 * Each hourly entry covers [datetime, datetime + 1 h).
 */
export function weatherToSlots(response: unknown, entityId: string, site: PvSite): SourceResult<PowerSlot[]> {
  return andThen(parseWith(weatherForecastsSchema, unwrapServiceResponse(response), "weather.get_forecasts"), (r) => {
    const entry = r[entityId];
    if (entry === undefined) return { kind: "error", severity: "permanent", message: `weather.get_forecasts: ${entityId} not in response` };
    const slots = entry.forecast.map((f) => {
      const cloud = f.cloud_coverage ?? CONDITION_CLOUD_PCT[f.condition ?? ""] ?? 70;
      const sun = sunPosition(f.datetime + MS_PER_HOUR / 2, site.latitudeDeg, site.longitudeDeg);
      const powerW = dcPowerW(site, cloudyIrradiance(sun, cloud), sun, f.temperature ?? 15);
      return { startMs: f.datetime, endMs: f.datetime + MS_PER_HOUR, powerW };
    });
    return { kind: "ok", value: slots };
  });
}

/** The fallback as a PV source over HA (`weather.get_forecasts`, type hourly). */
export function weatherFallbackSource(ha: HaClient, entityId: string, site: PvSite): PvForecastSource {
  return {
    id: "weather_fallback",
    async fetch(nowMs: EpochMs): Promise<SourceResult<PowerSeries>> {
      const r = await ha.callService({
        domain: "weather",
        service: "get_forecasts",
        target: { entity_id: entityId },
        serviceData: { type: "hourly" },
        returnResponse: true,
      });
      if (!r.ok) return { kind: "error", severity: "transient", message: `weather.get_forecasts: ${r.code}: ${r.message}` };
      return andThen(weatherToSlots(r.response, entityId, site), (slots) => powerSeries("weather_fallback", nowMs, slots));
    },
  };
}
