import type { EpochMs, PriceSeries, PriceSlot, PriceSource } from "../domain/index.js";
import { MS_PER_HOUR, MS_PER_MINUTE } from "../domain/index.js";
import { normalizeSlots } from "./slot-ops.js";
import { wallTime } from "./zoned-time.js";

/** A time-of-use band in local wall time, `from` inclusive, `to` exclusive; "00:00" as `to` = midnight. */
export interface TouBand {
  readonly from: string;
  readonly to: string;
  readonly priceEurPerKWh: number;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

/** Price for a local minute-of-day; bands may wrap midnight (22:00→06:00). First match wins. */
function bandPrice(bands: readonly TouBand[], minute: number, fallback: number): number {
  for (const b of bands) {
    const from = minutesOf(b.from);
    const to = minutesOf(b.to) === 0 ? 24 * 60 : minutesOf(b.to);
    const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
    if (inside) return b.priceEurPerKWh;
  }
  return fallback;
}

/**
 * Time-of-use slots from `fromMs` for `hours`, on a `stepMin` grid, in local time `timeZone`.
 * Each slot takes the band at its local start, so band edges must lie on the grid; on DST days
 * the local day has 23/25 hours and the bands follow the wall clock.
 */
export function touSlots(
  bands: readonly TouBand[],
  defaultPriceEurPerKWh: number,
  timeZone: string,
  fromMs: EpochMs,
  hours: number,
  stepMin = 15,
): PriceSlot[] {
  const step = stepMin * MS_PER_MINUTE;
  const start = Math.floor(fromMs / step) * step;
  const slots: PriceSlot[] = [];
  for (let t = start; t < start + hours * MS_PER_HOUR; t += step) {
    const w = wallTime(t, timeZone);
    slots.push({ startMs: t, endMs: t + step, priceEurPerKWh: bandPrice(bands, w.hour * 60 + w.minute, defaultPriceEurPerKWh) });
  }
  return normalizeSlots(slots, (s) => s.priceEurPerKWh);
}

/** A fixed or TOU tariff as a source (retail prices, never stale: valid 48 h ahead of now). */
export function tariffSource(bands: readonly TouBand[], defaultPriceEurPerKWh: number, timeZone: string, currency = "EUR"): PriceSource {
  return {
    id: bands.length === 0 ? "fixed_tariff" : "tou_tariff",
    fetch(nowMs) {
      const slots = touSlots(bands, defaultPriceEurPerKWh, timeZone, nowMs, 48);
      const series: PriceSeries = {
        source: bands.length === 0 ? "fixed_tariff" : "tou_tariff",
        fetchedAtMs: nowMs,
        validUntilMs: nowMs + 48 * MS_PER_HOUR,
        kind: "retail",
        currency,
        slots,
      };
      return Promise.resolve({ kind: "ok", value: series });
    },
  };
}
