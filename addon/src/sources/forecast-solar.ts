import { z } from "zod";
import type { EpochMs, PowerSeries, PowerSlot, PvForecastSource, SourceResult } from "../domain/index.js";
import { httpGet, parseJson, statusToFailure, type FetchLike } from "./http.js";
import { andThen, parseWith } from "./parse.js";
import { powerSeries } from "./open-meteo.js";
import type { PvPlane } from "./pv-model.js";
import { parseIsoMs } from "./zoned-time.js";

/** Forecast.Solar success (DEVICES.md §5): `watt_hours_period` = Wh in the period *ending* at the key. */
export const forecastSolarSchema = z.object({
  result: z.object({ watt_hours_period: z.record(z.string(), z.number()) }),
  message: z.object({ info: z.object({ timezone: z.string().optional() }).optional() }).optional(),
});

/** Forecast.Solar 429: `message.ratelimit["retry-at"]`. */
export const forecastSolarRateLimitSchema = z.object({
  message: z.object({ code: z.literal(429), ratelimit: z.object({ "retry-at": z.string().optional() }).optional() }),
});

/**
 * Wh-per-period → mean-power slots [previous key, key). Keys without an offset (older API
 * answers) are read in the response's `info.timezone`. Between sunset and the next sunrise
 * the period holds 0 Wh, so nights become explicit 0 W slots.
 */
export function forecastSolarToSlots(payload: z.infer<typeof forecastSolarSchema>): PowerSlot[] {
  const zone = payload.message?.info?.timezone;
  const points = Object.entries(payload.result.watt_hours_period)
    .map(([k, wh]) => ({ atMs: parseIsoMs(k, zone), wh }))
    .filter((p): p is { atMs: number; wh: number } => p.atMs !== null)
    .sort((a, b) => a.atMs - b.atMs);
  const slots: PowerSlot[] = [];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (a === undefined || b === undefined || b.atMs <= a.atMs) continue;
    slots.push({ startMs: a.atMs, endMs: b.atMs, powerW: (b.wh * 3_600_000) / (b.atMs - a.atMs) });
  }
  return slots;
}

/** Retry delay from a 429 body: until `retry-at`, at least a minute; an hour when absent. */
export function forecastSolarRetryMs(body: unknown, nowMs: EpochMs): number | null {
  const r = forecastSolarRateLimitSchema.safeParse(body);
  if (!r.success) return null;
  const at = r.data.message.ratelimit?.["retry-at"];
  const atMs = at === undefined ? null : parseIsoMs(at);
  return atMs === null ? 3_600_000 : Math.max(60_000, atMs - nowMs);
}

export interface ForecastSolarOptions {
  readonly fetch: FetchLike;
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
  readonly planes: readonly PvPlane[];
  /** Personal/professional API key (30-min resolution); the public zone has 12 calls/hour. */
  readonly apiKey?: string;
  readonly baseUrl?: string;
}

/** Forecast.Solar's azimuth: 0 = south, −90 = east, 90 = west (ours: 180 = south, clockwise from north). */
export function toForecastSolarAzimuth(azimuthDeg: number): number {
  return azimuthDeg - 180;
}

/** One request per plane (the public API takes one plane per URL); powers are added slot by slot. */
export function forecastSolarSource(opts: ForecastSolarOptions): PvForecastSource {
  const base = opts.baseUrl ?? "https://api.forecast.solar";
  const prefix = opts.apiKey === undefined ? base : `${base}/${encodeURIComponent(opts.apiKey)}`;
  return {
    id: "forecast_solar",
    async fetch(nowMs): Promise<SourceResult<PowerSeries>> {
      const perPlane: PowerSlot[][] = [];
      for (const p of opts.planes) {
        const url = `${prefix}/estimate/${opts.latitudeDeg}/${opts.longitudeDeg}/${p.tiltDeg}/${toForecastSolarAzimuth(p.azimuthDeg)}/${p.peakPowerW / 1000}`;
        const r = andThen(await httpGet(opts.fetch, url, {}, undefined, opts.apiKey === undefined ? [] : [opts.apiKey]), (h) => planeResult(h.status, h.body, nowMs));
        if (r.kind !== "ok") return r;
        perPlane.push(r.value);
      }
      return powerSeries("forecast_solar", nowMs, sumPlanes(perPlane));
    },
  };
}

function planeResult(status: number, body: string, nowMs: EpochMs): SourceResult<PowerSlot[]> {
  const json = parseJson(body);
  if (status === 429) {
    const retry = json.kind === "ok" ? forecastSolarRetryMs(json.value, nowMs) : null;
    return { kind: "rate_limited", retryAfterMs: retry ?? 3_600_000, message: "forecast.solar: rate limit reached" };
  }
  if (status !== 200) return statusToFailure({ status, body, retryAfterHeader: null }, 3_600_000);
  return andThen(andThen(json, (j) => parseWith(forecastSolarSchema, j, "forecast.solar")), (p) => ({ kind: "ok", value: forecastSolarToSlots(p) }));
}

/** Adds plane series that share their keys (same site, same API call times). */
function sumPlanes(planes: readonly PowerSlot[][]): PowerSlot[] {
  const byStart = new Map<number, PowerSlot>();
  for (const slots of planes) {
    for (const s of slots) {
      const prev = byStart.get(s.startMs);
      byStart.set(s.startMs, prev === undefined ? s : { ...prev, powerW: prev.powerW + s.powerW });
    }
  }
  return [...byStart.values()];
}
