import { MS_PER_HOUR, type EpochMs } from "../../domain/index.js";
import { priceAt, type PriceSeries } from "../series.js";
import { isoWithOffset, localDayStartMs, localParts, nextLocalDayStartMs } from "../tz.js";
import type { StateWrite } from "../registry.js";

/** Local hour after which tomorrow's day-ahead prices are published (Nord Pool: ~12:45 CET). */
export const TOMORROW_PUBLISH_HOUR = 13;

export interface RawPrice {
  readonly start: string;
  readonly end: string;
  readonly value: number;
}

/** Hourly prices of the local day [dayStartMs, nextDayStartMs), EUR/kWh, 23/24/25 entries. */
export function rawDay(prices: PriceSeries, dayStartMs: EpochMs, timeZone: string): RawPrice[] {
  const out: RawPrice[] = [];
  const endMs = nextLocalDayStartMs(dayStartMs, timeZone);
  for (let t = dayStartMs; t < endMs; t += MS_PER_HOUR) {
    out.push({
      start: isoWithOffset(t, timeZone),
      end: isoWithOffset(t + MS_PER_HOUR, timeZone),
      value: eurPerKWh(priceAt(prices, t)),
    });
  }
  return out;
}

function eurPerKWh(eurPerMWh: number): number {
  return Math.round(eurPerMWh * 100) / 100_000;
}

/**
 * `sensor.sim_spot_price` the way the HACS Nord Pool sensor shows it: state = current price
 * (EUR/kWh), `raw_today`/`raw_tomorrow` = [{start, end, value}] in local time, `today`/`tomorrow`
 * plain value lists, `tomorrow_valid` once tomorrow is published (13:00 local).
 */
export function spotPriceState(prices: PriceSeries, nowMs: EpochMs, timeZone: string): StateWrite {
  const todayStart = localDayStartMs(nowMs, timeZone);
  const raw_today = rawDay(prices, todayStart, timeZone);
  const tomorrowValid = localParts(nowMs, timeZone).hour >= TOMORROW_PUBLISH_HOUR;
  const raw_tomorrow = tomorrowValid ? rawDay(prices, nextLocalDayStartMs(nowMs, timeZone), timeZone) : [];
  const current = eurPerKWh(priceAt(prices, nowMs));
  const values = raw_today.map((r) => r.value);
  return {
    state: current.toFixed(5),
    attributes: {
      unit_of_measurement: "EUR/kWh",
      device_class: "monetary",
      state_class: "total",
      unit: "kWh",
      currency: "EUR",
      region: "AT",
      current_price: current,
      average: values.reduce((a, b) => a + b, 0) / Math.max(1, values.length),
      min: Math.min(...values),
      max: Math.max(...values),
      today: values,
      tomorrow: raw_tomorrow.map((r) => r.value),
      tomorrow_valid: tomorrowValid,
      raw_today,
      raw_tomorrow,
      friendly_name: "Sim spot price",
    },
  };
}
