/**
 * The states a Home Assistant with Sunshift shows, as the card receives them in `hass.states`:
 * the plan sensor carries the real CardPayload (real-plan.ts) in its attributes next to HA's
 * own (friendly_name, icon), the other sensors carry plausible values for the same instant.
 */
import type { CardPayload } from "../../../addon/src/domain/card-payload.js";
import { SUNSHIFT_MODES } from "../../../addon/src/domain/entities.js";
import type { HassEntity } from "../../../lovelace-card/src/card/hass.js";

export const HOME_ZONE = "Europe/Paris";

function entity(entity_id: string, state: string, attributes: Record<string, unknown> = {}, atMs = 0): HassEntity {
  const iso = new Date(atMs).toISOString();
  return { entity_id, state, attributes, last_changed: iso, last_updated: iso };
}

export interface RecordedValues {
  readonly socPct: number;
  readonly batteryW: number;
  readonly pvW: number;
  readonly homeW: number;
  readonly gridW: number;
  readonly ageS: { readonly prices: number; readonly pv_forecast: number; readonly grid_meter: number };
  readonly problem: string | null;
}

export const DEFAULT_VALUES: RecordedValues = {
  socPct: 62,
  batteryW: 410,
  pvW: 120,
  homeW: 530,
  gridW: 0,
  ageS: { prices: 5400, pv_forecast: 30_000, grid_meter: 3 },
  problem: null,
};

export function recordedStates(payload: CardPayload, nowMs: number, v: RecordedValues = DEFAULT_VALUES): Record<string, HassEntity> {
  const list = [
    entity("sensor.sunshift_plan", "discharge 410 W: grid costs 0.35 €/kWh", { ...payload, friendly_name: "Sunshift Plan", icon: "mdi:calendar-clock" }, payload.generatedAtMs),
    entity("select.sunshift_mode", "auto", { options: [...SUNSHIFT_MODES], friendly_name: "Sunshift Mode" }, nowMs),
    entity("button.sunshift_replan", "unknown", { friendly_name: "Sunshift Re-plan" }, nowMs),
    entity("binary_sensor.sunshift_problem", v.problem === null ? "off" : "on", { cause: v.problem, device_class: "problem" }, nowMs),
    entity("sensor.sunshift_soc", String(v.socPct), { unit_of_measurement: "%" }, nowMs),
    entity("sensor.sunshift_battery_power", String(v.batteryW), { unit_of_measurement: "W" }, nowMs),
    entity("sensor.sunshift_pv_power", String(v.pvW), { unit_of_measurement: "W" }, nowMs),
    entity("sensor.sunshift_home_load", String(v.homeW), { unit_of_measurement: "W" }, nowMs),
    entity("sensor.sunshift_grid_power", String(v.gridW), { unit_of_measurement: "W" }, nowMs),
    entity("sensor.sunshift_savings_today", "0.42", { unit_of_measurement: "EUR" }, nowMs),
    entity("sensor.sunshift_savings_month", "7.85", { unit_of_measurement: "EUR" }, nowMs),
    entity("sensor.sunshift_data_age_prices", String(v.ageS.prices), { unit_of_measurement: "s" }, nowMs),
    entity("sensor.sunshift_data_age_pv_forecast", String(v.ageS.pv_forecast), { unit_of_measurement: "s" }, nowMs),
    entity("sensor.sunshift_data_age_grid_meter", String(v.ageS.grid_meter), { unit_of_measurement: "s" }, nowMs),
    entity("sensor.kitchen_temperature", "21.5", { unit_of_measurement: "°C" }, nowMs),
  ];
  return Object.fromEntries(list.map((e) => [e.entity_id, e]));
}
