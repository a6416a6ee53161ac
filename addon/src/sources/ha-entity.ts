import type { EpochMs, HaClient, HaEntityState, PriceSlot, Unsubscribe } from "../domain/index.js";
import { MS_PER_HOUR } from "../domain/index.js";

/**
 * Keeps the latest state of one HA entity (STYLE.md P10: `start` returns its own disposer).
 * HA-sensor sources read it in `fetch`, so a fetch never waits on the network.
 */
export interface EntityWatch {
  start(): Unsubscribe;
  latest(): HaEntityState | undefined;
}

export function watchEntity(ha: HaClient, entityId: string): EntityWatch {
  let latest: HaEntityState | undefined;
  return {
    start() {
      return ha.subscribeEntities([entityId], (states) => {
        latest = states.get(entityId);
      });
    },
    latest: () => latest,
  };
}

/** A price point with only a start (HACS ENTSO-E, Tibber action): the end is inferred. */
export interface StartPoint {
  readonly startMs: EpochMs;
  readonly price: number;
}

/**
 * Gives each point an end: the next point's start when it follows within an hour (so a day
 * mixing 60- and 15-min entries works), otherwise the smallest spacing seen (one hour when
 * there is only one point). Prices are divided by `divisor` (e.g. 1000 for per-MWh).
 */
export function withInferredEnds(points: readonly StartPoint[], divisor = 1): PriceSlot[] {
  const sorted = [...points].sort((a, b) => a.startMs - b.startMs);
  let step = MS_PER_HOUR;
  for (let i = 1; i < sorted.length; i++) {
    const d = (sorted[i]?.startMs ?? 0) - (sorted[i - 1]?.startMs ?? 0);
    if (d > 0 && d < step) step = d;
  }
  return sorted.map((p, i) => {
    const next = sorted[i + 1];
    const gap = next === undefined ? Infinity : next.startMs - p.startMs;
    const endMs = gap > 0 && gap <= MS_PER_HOUR ? p.startMs + gap : p.startMs + step;
    return { startMs: p.startMs, endMs, priceEurPerKWh: p.price / divisor };
  });
}

/**
 * HA returns an action's data under `response` on the WebSocket and `service_response` over
 * REST; the HaClient port should already unwrap it, but accept all three forms.
 */
export function unwrapServiceResponse(response: unknown): unknown {
  if (typeof response === "object" && response !== null) {
    const r = response as Record<string, unknown>;
    if ("service_response" in r) return r.service_response;
    if ("response" in r && Object.keys(r).every((k) => k === "response" || k === "context")) return r.response;
  }
  return response;
}
