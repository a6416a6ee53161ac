import type { EpochMs, HaClient, HaEntityState, PowerSeries, PowerSlot, SourceResult } from "../domain/index.js";
import { MS_PER_HOUR } from "../domain/index.js";
import { watchEntity } from "./ha-entity.js";
import { powerSeries } from "./open-meteo.js";
import { cloudyIrradiance, dcPowerW, sunPosition, type PvSite } from "./pv-model.js";
import type { HaPvSource } from "./solcast.js";
import { startOfLocalDay } from "./zoned-time.js";

const STEP_MS = 15 * 60_000;

/** Entities of HA's core Forecast.Solar integration that carry daily energies (kWh or Wh). */
export interface ForecastSolarHaEntities {
  /** e.g. `sensor.energy_production_today_remaining` */
  readonly todayRemaining: string;
  /** e.g. `sensor.energy_production_tomorrow` */
  readonly tomorrow: string;
}

/** State in Wh, or null when not a number or in an unknown unit. */
function energyWh(s: HaEntityState | undefined): number | null {
  if (s === undefined) return null;
  const v = Number(s.state);
  if (s.state.trim() === "" || !Number.isFinite(v)) return null;
  const unit = s.attributes.unit_of_measurement;
  if (unit === "kWh") return v * 1000;
  if (unit === "Wh") return v;
  return null;
}

/** The clear-sky DC power shape of the site on a 15-min grid over [fromMs, toMs). */
function clearSkyShape(site: PvSite, fromMs: EpochMs, toMs: EpochMs): PowerSlot[] {
  const out: PowerSlot[] = [];
  for (let t = Math.floor(fromMs / STEP_MS) * STEP_MS; t < toMs; t += STEP_MS) {
    const sun = sunPosition(t + STEP_MS / 2, site.latitudeDeg, site.longitudeDeg);
    out.push({ startMs: t, endMs: t + STEP_MS, powerW: dcPowerW(site, cloudyIrradiance(sun, 0), sun, 20) });
  }
  return out;
}

/**
 * Spreads a day's energy over the clear-sky shape: the integration only exposes daily totals,
 * so the profile is the clear-sky curve of the configured planes scaled to that energy.
 */
export function spreadEnergy(site: PvSite, fromMs: EpochMs, toMs: EpochMs, energyWhTotal: number): PowerSlot[] {
  const shape = clearSkyShape(site, fromMs, toMs);
  const shapeWh = shape.reduce((a, s) => a + (s.powerW * STEP_MS) / MS_PER_HOUR, 0);
  const k = shapeWh > 0 ? energyWhTotal / shapeWh : 0;
  return shape.map((s) => ({ ...s, powerW: s.powerW * k }));
}

/**
 * HA core Forecast.Solar integration as a PV source: today's remaining energy is spread from
 * the current quarter hour to local midnight, tomorrow's over the whole local day.
 */
export function forecastSolarHaSource(ha: HaClient, entities: ForecastSolarHaEntities, site: PvSite, timeZone: string): HaPvSource {
  const today = watchEntity(ha, entities.todayRemaining);
  const tomorrow = watchEntity(ha, entities.tomorrow);
  return {
    id: "forecast_solar_ha",
    start() {
      const stops = [today.start(), tomorrow.start()];
      return () => {
        for (const s of stops) s();
      };
    },
    fetch(nowMs: EpochMs): Promise<SourceResult<PowerSeries>> {
      const remainingWh = energyWh(today.latest());
      const tomorrowWh = energyWh(tomorrow.latest());
      if (remainingWh === null || tomorrowWh === null) {
        return Promise.resolve({ kind: "error", severity: "transient", message: "forecast.solar (HA): energy sensors unavailable or not in kWh/Wh" });
      }
      // +26 h from a local midnight always lands in the next local day (days last 23–25 h).
      const midnight = startOfLocalDay(startOfLocalDay(nowMs, timeZone) + 26 * MS_PER_HOUR, timeZone);
      const nextMidnight = startOfLocalDay(midnight + 26 * MS_PER_HOUR, timeZone);
      const from = Math.floor(nowMs / STEP_MS) * STEP_MS;
      const slots = [...spreadEnergy(site, from, midnight, remainingWh), ...spreadEnergy(site, midnight, nextMidnight, tomorrowWh)];
      const updated = Math.min(today.latest()?.lastUpdatedMs ?? nowMs, tomorrow.latest()?.lastUpdatedMs ?? nowMs);
      return Promise.resolve(powerSeries("forecast_solar_ha", updated, slots));
    },
  };
}
