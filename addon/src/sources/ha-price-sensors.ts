import { z } from "zod";
import type { HaClient, PriceKind, PriceSeries, PriceSource, SourceResult, Unsubscribe } from "../domain/index.js";
import { watchEntity, withInferredEnds } from "./ha-entity.js";
import { andThen, isoTime, parseWith, priceSeries } from "./parse.js";

/** A price source fed by an HA entity's attributes; `start` subscribes, its disposer stops. */
export interface HaSensorPriceSource extends PriceSource {
  start(): Unsubscribe;
}

/** HACS custom-components/nordpool sensor: raw_today/raw_tomorrow `[{start,end,value}]`. */
export const nordpoolHacsAttributesSchema = z.object({
  raw_today: z.array(z.object({ start: isoTime, end: isoTime, value: z.number().nullable() })),
  raw_tomorrow: z.array(z.object({ start: isoTime, end: isoTime, value: z.number().nullable() })).default([]),
  currency: z.string().optional(),
  price_in_cents: z.boolean().optional(),
  unit_of_measurement: z.string().optional(),
});

/** HACS JaccoR/hass-entso-e average-price sensor: prices_today/prices_tomorrow or prices `[{time,price}]`. */
export const entsoeHacsAttributesSchema = z.object({
  prices_today: z.array(z.object({ time: isoTime, price: z.number().nullable() })).optional(),
  prices_tomorrow: z.array(z.object({ time: isoTime, price: z.number().nullable() })).optional(),
  prices: z.array(z.object({ time: isoTime, price: z.number().nullable() })).optional(),
});

/** Currency from `SEK/kWh`-style units, else the attribute, else EUR. */
function currencyOf(a: z.infer<typeof nordpoolHacsAttributesSchema>): string {
  const fromUnit = a.unit_of_measurement?.split("/")[0];
  return a.currency ?? (fromUnit !== undefined && /^[A-Z]{3}$/.test(fromUnit) ? fromUnit : "EUR");
}

export function nordpoolHacsToSeries(attributes: unknown, fetchedAtMs: number, kind: PriceKind): SourceResult<PriceSeries> {
  return andThen(parseWith(nordpoolHacsAttributesSchema, attributes, "nordpool (HACS)"), (a) => {
    const divisor = a.price_in_cents === true ? 100 : 1;
    const slots = [...a.raw_today, ...a.raw_tomorrow].flatMap((r) =>
      r.value === null ? [] : [{ startMs: r.start, endMs: r.end, priceEurPerKWh: r.value / divisor }],
    );
    return priceSeries("nordpool_hacs", fetchedAtMs, slots, { kind, currency: currencyOf(a) });
  });
}

export function entsoeHacsToSeries(attributes: unknown, fetchedAtMs: number, kind: PriceKind): SourceResult<PriceSeries> {
  return andThen(parseWith(entsoeHacsAttributesSchema, attributes, "entsoe (HACS)"), (a) => {
    const entries = a.prices_today !== undefined || a.prices_tomorrow !== undefined ? [...(a.prices_today ?? []), ...(a.prices_tomorrow ?? [])] : (a.prices ?? []);
    const points = entries.flatMap((e) => (e.price === null ? [] : [{ startMs: e.time, price: e.price }]));
    return priceSeries("entsoe_hacs", fetchedAtMs, withInferredEnds(points), { kind });
  });
}

type Converter = (attributes: unknown, fetchedAtMs: number, kind: PriceKind) => SourceResult<PriceSeries>;

function sensorSource(id: string, ha: HaClient, entityId: string, kind: PriceKind, convert: Converter): HaSensorPriceSource {
  const watch = watchEntity(ha, entityId);
  return {
    id,
    start: () => watch.start(),
    fetch(_nowMs) {
      const s = watch.latest();
      if (s === undefined) return Promise.resolve({ kind: "error", severity: "transient", message: `${entityId}: no state from HA yet` });
      if (s.state === "unavailable" || s.state === "unknown") {
        return Promise.resolve({ kind: "error", severity: "transient", message: `${entityId} is ${s.state}` });
      }
      // The data is as old as the entity's last update, not the time we read it.
      return Promise.resolve(convert(s.attributes, s.lastUpdatedMs, kind));
    },
  };
}

export function nordpoolHacsSource(ha: HaClient, entityId: string, kind: PriceKind = "spot"): HaSensorPriceSource {
  return sensorSource("nordpool_hacs", ha, entityId, kind, nordpoolHacsToSeries);
}

export function entsoeHacsSource(ha: HaClient, entityId: string, kind: PriceKind = "spot"): HaSensorPriceSource {
  return sensorSource("entsoe_hacs", ha, entityId, kind, entsoeHacsToSeries);
}

/**
 * Octopus Energy integration (BottlecapDave/HomeAssistant-OctopusEnergy): the
 * `event.octopus_energy_electricity_<meter>_current_day_rates` entity (and its `…_next_day_rates`
 * sibling) carry `rates: [{start, end, value_inc_vat}]` in GBP/kWh incl. VAT: retail prices.
 */
export const octopusHaAttributesSchema = z.object({
  rates: z.array(z.object({ start: isoTime, end: isoTime, value_inc_vat: z.number() })),
});

/** The `…_next_day_rates` entity that belongs to a `…_current_day_rates` entity (null if the name differs). */
export function nextDayRatesEntity(currentDayEntity: string): string | null {
  return currentDayEntity.endsWith("_current_day_rates") ? currentDayEntity.replace(/_current_day_rates$/, "_next_day_rates") : null;
}

export function octopusHaSource(ha: HaClient, currentDayEntity: string): HaSensorPriceSource {
  const next = nextDayRatesEntity(currentDayEntity);
  const watches = [watchEntity(ha, currentDayEntity), ...(next === null ? [] : [watchEntity(ha, next)])];
  return {
    id: "octopus_ha",
    start() {
      const stops = watches.map((w) => w.start());
      return () => {
        for (const s of stops) s();
      };
    },
    fetch(_nowMs) {
      const [today, tomorrow] = watches.map((w) => w.latest());
      if (today === undefined) return Promise.resolve({ kind: "error", severity: "transient", message: `${currentDayEntity}: no state from HA yet` });
      // Tomorrow's entity is optional: before publication it is empty or absent (partial day).
      const states = tomorrow === undefined ? [today] : [today, tomorrow];
      const slots = [];
      for (const s of states) {
        const r = parseWith(octopusHaAttributesSchema, s.attributes, `octopus (HA) ${s.entityId}`);
        if (r.kind !== "ok") return Promise.resolve(r);
        slots.push(...r.value.rates.map((x) => ({ startMs: x.start, endMs: x.end, priceEurPerKWh: x.value_inc_vat })));
      }
      return Promise.resolve(priceSeries("octopus_ha", today.lastUpdatedMs, slots, { kind: "retail", currency: "GBP" }));
    },
  };
}
