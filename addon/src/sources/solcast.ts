import { z } from "zod";
import type { EpochMs, HaClient, PowerSeries, PowerSlot, PvForecastSource, SourceResult, Unsubscribe } from "../domain/index.js";
import { watchEntity } from "./ha-entity.js";
import { resolutionMs } from "./entsoe-a44.js";
import { powerSeries } from "./open-meteo.js";
import { andThen, isoTime, parseWith } from "./parse.js";

/** Which Solcast estimate to plan with: median, or the 10th/90th percentile. */
export type SolcastEstimate = "pv_estimate" | "pv_estimate10" | "pv_estimate90";

/** Solcast rooftop API: `{forecasts:[{pv_estimate…(kW), period_end (UTC), period "PT30M"}]}`. */
export const solcastApiSchema = z.object({
  forecasts: z.array(
    z.object({ pv_estimate: z.number(), pv_estimate10: z.number(), pv_estimate90: z.number(), period_end: isoTime, period: z.string() }),
  ),
});

/** HA Solcast integration (BJReplay/ha-solcast-solar): `detailedForecast:[{period_start, pv_estimate…}]`, kW, 30 min. */
export const solcastHaAttributesSchema = z.object({
  detailedForecast: z.array(
    z.object({ period_start: isoTime, pv_estimate: z.number(), pv_estimate10: z.number(), pv_estimate90: z.number() }),
  ),
});

export function solcastApiToSlots(payload: z.infer<typeof solcastApiSchema>, estimate: SolcastEstimate = "pv_estimate"): PowerSlot[] {
  return payload.forecasts.flatMap((f) => {
    const len = resolutionMs(f.period);
    return len === null ? [] : [{ startMs: f.period_end - len, endMs: f.period_end, powerW: f[estimate] * 1000 }];
  });
}

export function solcastHaToSlots(attributes: unknown, estimate: SolcastEstimate = "pv_estimate"): SourceResult<PowerSlot[]> {
  return andThen(parseWith(solcastHaAttributesSchema, attributes, "solcast (HA)"), (a) => ({
    kind: "ok",
    value: a.detailedForecast.map((f) => ({ startMs: f.period_start, endMs: f.period_start + 30 * 60_000, powerW: f[estimate] * 1000 })),
  }));
}

/** A PV source fed by HA entities; `start` subscribes, its disposer unsubscribes. */
export interface HaPvSource extends PvForecastSource {
  start(): Unsubscribe;
}

/**
 * Solcast via HA: the integration's `…_forecast_today` and `…_forecast_tomorrow` sensors (their
 * `detailedForecast`). The integration itself manages Solcast's 10 calls/day; our age is the
 * oldest entity's last update.
 */
export function solcastHaSource(ha: HaClient, entityIds: readonly string[], estimate: SolcastEstimate = "pv_estimate"): HaPvSource {
  const watches = entityIds.map((id) => watchEntity(ha, id));
  return {
    id: "solcast_ha",
    start() {
      const stops = watches.map((w) => w.start());
      return () => {
        for (const s of stops) s();
      };
    },
    fetch(_nowMs: EpochMs): Promise<SourceResult<PowerSeries>> {
      const slots: PowerSlot[] = [];
      let oldest = Infinity;
      for (const [i, w] of watches.entries()) {
        const s = w.latest();
        if (s === undefined) return Promise.resolve({ kind: "error", severity: "transient", message: `${entityIds[i] ?? "?"}: no state from HA yet` });
        const r = solcastHaToSlots(s.attributes, estimate);
        if (r.kind !== "ok") return Promise.resolve(r);
        slots.push(...r.value);
        oldest = Math.min(oldest, s.lastUpdatedMs);
      }
      return Promise.resolve(powerSeries("solcast_ha", oldest, slots));
    },
  };
}
