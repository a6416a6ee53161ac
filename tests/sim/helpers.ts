/** Shared helpers of the sim and ha tests: series loaded once, a wall-clock scheduler, waits. */
import { createConnection, type Connection } from "home-assistant-js-websocket";
import type { Clock, Scheduler } from "../../addon/src/domain/index.js";
import { openHaSocket, wsUrlFor } from "../../addon/src/ha/socket.js";
import { loadSeriesFiles, type LoadPvSeries, type PriceSeries } from "../../addon/src/sim/series.js";

let cached: { loadPv: LoadPvSeries; prices: PriceSeries } | null = null;

/** addon/data series (emhass-long-train-data.csv, awattar-at-dayahead-hourly-2024-2025.csv). */
export function simSeries(): { loadPv: LoadPvSeries; prices: PriceSeries } {
  cached ??= loadSeriesFiles(new URL("../../addon/data/", import.meta.url));
  return cached;
}

export const realClock: Clock = { nowMs: () => Date.now() };

export const realScheduler: Scheduler = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    return () => {
      clearTimeout(t);
    };
  },
  setInterval: (fn, ms) => {
    const t = setInterval(fn, ms);
    return () => {
      clearInterval(t);
    };
  },
};

/** A real home-assistant-js-websocket Connection to `baseUrl`, through our ws-based socket. */
export function hawsConnect(baseUrl: string, token: string): Promise<Connection> {
  return createConnection({
    setupRetry: 0,
    createSocket: () =>
      openHaSocket({ wsUrl: wsUrlFor(baseUrl), token, scheduler: realScheduler, handshakeTimeoutMs: 2000, authTimeoutMs: 2000, supportedFeatures: true }),
  });
}

/** Polls `cond` every 10 ms until true or `timeoutMs` passes (then throws with `what`). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 3000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
