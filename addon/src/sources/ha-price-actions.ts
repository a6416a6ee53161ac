import { z } from "zod";
import type { EpochMs, HaClient, PriceSeries, PriceSlot, PriceSource, SourceResult } from "../domain/index.js";
import { MS_PER_HOUR } from "../domain/index.js";
import { unwrapServiceResponse, withInferredEnds } from "./ha-entity.js";
import { andThen, isoTime, parseWith, priceSeries } from "./parse.js";
import { perMWhToPerKWh } from "./slot-ops.js";
import { startOfLocalDay, wallTime } from "./zoned-time.js";

/** Core `nordpool.get_prices_for_date` response: `{<area>: [{start, end, price}]}`, price per MWh. */
export const nordpoolActionResponseSchema = z.record(z.string(), z.array(z.object({ start: isoTime, end: isoTime, price: z.number() })));

/** Tibber `tibber.get_prices` response: `{prices: {<home>: [{start_time, price}]}}`, per kWh incl. taxes. */
export const tibberActionResponseSchema = z.object({
  prices: z.record(z.string(), z.array(z.object({ start_time: isoTime, price: z.number() }))),
});

export function nordpoolActionToSlots(response: unknown, area: string): SourceResult<PriceSlot[]> {
  return andThen(parseWith(nordpoolActionResponseSchema, unwrapServiceResponse(response), "nordpool action"), (r) => {
    const entries = r[area];
    if (entries === undefined) return { kind: "error", severity: "permanent", message: `nordpool action: area ${area} not in response` };
    return { kind: "ok", value: entries.map((e) => ({ startMs: e.start, endMs: e.end, priceEurPerKWh: perMWhToPerKWh(e.price) })) };
  });
}

export function tibberActionToSeries(response: unknown, home: string | undefined, fetchedAtMs: EpochMs): SourceResult<PriceSeries> {
  return andThen(parseWith(tibberActionResponseSchema, unwrapServiceResponse(response), "tibber action"), (r) => {
    const key = home ?? Object.keys(r.prices)[0];
    const list = key === undefined ? undefined : r.prices[key];
    if (list === undefined) return { kind: "error", severity: "permanent", message: `tibber action: home ${home ?? "(first)"} not in response` };
    const points = list.map((p) => ({ startMs: p.start_time, price: p.price }));
    return priceSeries("tibber", fetchedAtMs, withInferredEnds(points), { kind: "retail" });
  });
}

function isoDate(atMs: EpochMs, timeZone: string): string {
  const w = wallTime(atMs, timeZone);
  return `${w.year}-${String(w.month).padStart(2, "0")}-${String(w.day).padStart(2, "0")}`;
}

export interface NordpoolActionOptions {
  readonly ha: HaClient;
  /** The Nord Pool config entry id (HA requires it). */
  readonly configEntry: string;
  readonly area: string;
  readonly currency: string;
  /** Zone that defines "today"/"tomorrow" for the delivery dates (Nord Pool uses CET). */
  readonly timeZone: string;
}

/**
 * Nord Pool core integration: asks for today and tomorrow. Tomorrow fails until ~13:00 CET
 * (HA raises a validation error): that is a partial day, not a failure; only a failed *today*
 * is an error.
 */
export function nordpoolActionSource(opts: NordpoolActionOptions): PriceSource {
  const call = async (date: string) =>
    opts.ha.callService({
      domain: "nordpool",
      service: "get_prices_for_date",
      serviceData: { config_entry: opts.configEntry, date, areas: opts.area, currency: opts.currency },
      returnResponse: true,
    });
  return {
    id: "nordpool",
    async fetch(nowMs) {
      const today = startOfLocalDay(nowMs, opts.timeZone);
      const tomorrow = startOfLocalDay(today + 36 * MS_PER_HOUR, opts.timeZone);
      const [a, b] = await Promise.all([call(isoDate(today, opts.timeZone)), call(isoDate(tomorrow, opts.timeZone))]);
      if (!a.ok) return { kind: "error", severity: "transient", message: `nordpool action: ${a.code}: ${a.message}` };
      const first = nordpoolActionToSlots(a.response, opts.area);
      if (first.kind !== "ok") return first;
      const second = b.ok ? nordpoolActionToSlots(b.response, opts.area) : null;
      const slots = second?.kind === "ok" ? [...first.value, ...second.value] : first.value;
      return priceSeries("nordpool", nowMs, slots, { currency: opts.currency });
    },
  };
}

export interface TibberActionOptions {
  readonly ha: HaClient;
  /** Home nickname as in the response; the first home when not given. */
  readonly home?: string;
}

/** Tibber via HA: `tibber.get_prices` from the current hour to +48 h (retail prices). */
export function tibberActionSource(opts: TibberActionOptions): PriceSource {
  return {
    id: "tibber",
    async fetch(nowMs) {
      const startMs = Math.floor(nowMs / MS_PER_HOUR) * MS_PER_HOUR;
      const r = await opts.ha.callService({
        domain: "tibber",
        service: "get_prices",
        serviceData: { start: new Date(startMs).toISOString(), end: new Date(startMs + 48 * MS_PER_HOUR).toISOString() },
        returnResponse: true,
      });
      if (!r.ok) return { kind: "error", severity: "transient", message: `tibber action: ${r.code}: ${r.message}` };
      return tibberActionToSeries(r.response, opts.home, nowMs);
    },
  };
}
