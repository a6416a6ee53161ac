import { z } from "zod";
import type { EpochMs, PowerSeries, PowerSlot, PvForecastSource, SourceResult } from "../domain/index.js";
import { MS_PER_HOUR } from "../domain/index.js";
import { httpGet, parseJson, statusToFailure, type FetchLike } from "./http.js";
import { andThen, parseWith } from "./parse.js";
import { dcPowerW, sunPosition, type PvSite } from "./pv-model.js";
import { normalizeSlots } from "./slot-ops.js";

const nums = z.array(z.number().nullable());

/**
 * Open-Meteo forecast (DEVICES.md §5). Either `hourly` (values are means over the *preceding*
 * hour) or `minutely_15` with `*_instant` variables (values at the indicated time).
 */
export const openMeteoSchema = z.object({
  utc_offset_seconds: z.number().default(0),
  hourly: z.record(z.string(), z.union([z.array(z.string()), nums])).optional(),
  minutely_15: z.record(z.string(), z.union([z.array(z.string()), nums])).optional(),
});

type Block = Readonly<Record<string, readonly (string | number | null)[]>>;

function column(block: Block, ...names: string[]): readonly (number | null)[] | undefined {
  for (const n of names) {
    const c = block[n];
    if (c !== undefined && c.every((v) => typeof v !== "string")) return c;
  }
  return undefined;
}

/**
 * Converts a response to DC power slots. Hourly: slot [t − 1 h, t) with the sun at its middle;
 * 15-min instant: slot [t, t + 15 min) with the sun at t. Null values (past the model's range)
 * become gaps. Time strings carry no offset: `utc_offset_seconds` gives it (we request GMT).
 */
export function openMeteoToSlots(payload: z.infer<typeof openMeteoSchema>, site: PvSite): SourceResult<PowerSlot[]> {
  const hourly = payload.hourly !== undefined;
  const block: Block | undefined = payload.hourly ?? payload.minutely_15;
  const times = block?.time;
  if (block === undefined || times === undefined) return { kind: "error", severity: "permanent", message: "open-meteo: no hourly/minutely_15 block" };
  const suffix = hourly ? "" : "_instant";
  const ghi = column(block, `shortwave_radiation${suffix}`);
  const dni = column(block, `direct_normal_irradiance${suffix}`);
  const dhi = column(block, `diffuse_radiation${suffix}`);
  const temp = column(block, "temperature_2m");
  if (ghi === undefined || dni === undefined || dhi === undefined) {
    return { kind: "error", severity: "permanent", message: "open-meteo: shortwave/direct_normal/diffuse radiation missing" };
  }
  const stepMs = hourly ? MS_PER_HOUR : 15 * 60_000;
  const slots: PowerSlot[] = [];
  times.forEach((t, i) => {
    const stamp = Date.parse(`${String(t)}Z`) - payload.utc_offset_seconds * 1000;
    const g = ghi[i];
    const b = dni[i];
    const d = dhi[i];
    if (!Number.isFinite(stamp) || g == null || b == null || d == null) return;
    const startMs = hourly ? stamp - stepMs : stamp;
    const sun = sunPosition(hourly ? startMs + stepMs / 2 : stamp, site.latitudeDeg, site.longitudeDeg);
    const powerW = dcPowerW(site, { ghiWm2: g, dniWm2: b, dhiWm2: d }, sun, temp?.[i] ?? 25);
    slots.push({ startMs, endMs: startMs + stepMs, powerW });
  });
  return { kind: "ok", value: slots };
}

export interface OpenMeteoOptions {
  readonly fetch: FetchLike;
  readonly site: PvSite;
  /** "hourly" (default) or "minutely_15" (15-min data, Central Europe / North America). */
  readonly resolution?: "hourly" | "minutely_15";
  readonly baseUrl?: string;
}

/** Open-Meteo PV source: 2 forecast days, times requested in GMT. */
export function openMeteoSource(opts: OpenMeteoOptions): PvForecastSource {
  const base = opts.baseUrl ?? "https://api.open-meteo.com";
  const res = opts.resolution ?? "hourly";
  const vars = res === "hourly"
    ? "temperature_2m,shortwave_radiation,direct_normal_irradiance,diffuse_radiation"
    : "temperature_2m,shortwave_radiation_instant,direct_normal_irradiance_instant,diffuse_radiation_instant";
  return {
    id: "open_meteo",
    async fetch(nowMs: EpochMs): Promise<SourceResult<PowerSeries>> {
      const url = `${base}/v1/forecast?latitude=${opts.site.latitudeDeg}&longitude=${opts.site.longitudeDeg}&${res}=${vars}&timezone=GMT&forecast_days=2`;
      const http = await httpGet(opts.fetch, url);
      return andThen(http, (h) => {
        if (h.status !== 200) return statusToFailure(h, 10 * 60_000);
        const parsed = andThen(parseJson(h.body), (j) => parseWith(openMeteoSchema, j, "open-meteo"));
        return andThen(andThen(parsed, (p) => openMeteoToSlots(p, opts.site)), (slots) => powerSeries("open_meteo", nowMs, slots));
      });
    },
  };
}

/** Below this a PV power is corrupt data (a negative energy), not rounding noise, W. */
const NEGATIVE_PV_TOLERANCE_W = -1;

/**
 * Builds a PV series establishing the slot preconditions; empty → transient error. PV power is
 * never negative: slots below −1 W are dropped as invalid (like non-finite ones), rounding noise
 * above that becomes 0 (found by tests/fuzz/forecasts.fuzz.test.ts: a negative energy sensor or
 * Wh period made negative "PV").
 */
export function powerSeries(source: string, fetchedAtMs: EpochMs, slots: readonly PowerSlot[]): SourceResult<PowerSeries> {
  const plausible = slots.flatMap((s) => (s.powerW < NEGATIVE_PV_TOLERANCE_W ? [] : [{ ...s, powerW: Math.max(0, s.powerW) }]));
  const normalized = normalizeSlots(plausible, (s) => s.powerW);
  const last = normalized[normalized.length - 1];
  if (last === undefined) return { kind: "error", severity: "transient", message: `${source}: no forecast values` };
  return { kind: "ok", value: { source, fetchedAtMs, validUntilMs: last.endMs, slots: normalized } };
}
