// One planning run's inputs: aWATTar prices (recorded) through the formula, PV with a failed
// provider replaced by the fallback, load from history; freshness says what happened.
// Data: /work/shared/data/prices/awattar-api-at-v1-marketdata-raw-2023-07-02-negative-prices.json
import { describe, expect, it } from "vitest";
import type { PowerSeries, PriceSeries, SourceResult } from "../../addon/src/domain/index.js";
import { gatherPlannerInputs } from "../../addon/src/forecast/planner-inputs.js";
import { typicalForecaster } from "../../addon/src/forecast/load-forecasters.js";
import { MemoryHistory, quarterAggregate } from "../../addon/src/forecast/memory-history.js";
import { awattarResponseSchema, awattarToSeries } from "../../addon/src/sources/awattar.js";
import { CachedSource } from "../../addon/src/sources/cached-source.js";
import { readData } from "../sources/support/recorded-server.js";

const H = 3_600_000;
const NOW = 1688248800000 + 6 * H; // 2023-07-02 04:00 UTC
const policy = { refreshMs: H, maxAgeMs: 6 * H, backoffBaseMs: 60_000, backoffMaxMs: H };
const clock = { nowMs: () => NOW };

function fixed<T>(id: string, r: SourceResult<T>) {
  return { id, fetch: () => Promise.resolve(r) };
}

describe("gatherPlannerInputs", () => {
  it("prices on the planner's grid with the import formula; PV substituted; load from history", async () => {
    const prices = awattarToSeries(awattarResponseSchema.parse(JSON.parse(readData("prices/awattar-api-at-v1-marketdata-raw-2023-07-02-negative-prices.json"))), NOW - 10 * 60_000);
    const pvFallback: PowerSeries = { source: "weather_fallback", fetchedAtMs: NOW, slots: [{ startMs: NOW - H, endMs: NOW + 48 * H, powerW: 100 }] };
    const history = new MemoryHistory().add(Array.from({ length: 14 * 96 }, (_, i) => quarterAggregate("base_load_w", NOW - 14 * 24 * H + i * 900_000, 250)));
    const inputs = await gatherPlannerInputs(
      {
        prices: new CachedSource(fixed<PriceSeries>("awattar", prices), clock, policy),
        pv: [
          new CachedSource(fixed<PowerSeries>("forecast_solar", { kind: "rate_limited", retryAfterMs: H, message: "429" }), clock, policy),
          new CachedSource(fixed<PowerSeries>("weather_fallback", { kind: "ok", value: pvFallback }), clock, policy),
        ],
        history,
        loadForecaster: typicalForecaster,
      },
      {
        nowMs: NOW,
        horizonMs: 24 * H,
        stepMs: 30 * 60_000,
        timeZone: "Europe/Vienna",
        importFormula: { gridFeeEurPerKWh: 0.1, taxesEurPerKWh: 0, vatPct: 20 },
        exportFormula: { kind: "spot", factor: 1, offsetEurPerKWh: 0, floorAtZero: true },
        loadMaxAgeMs: H,
      },
    );
    // aWATTar data ends at 2023-07-02T22:00Z: 18 h from 04:00 at 30 min = 36 slots (partial horizon).
    expect(inputs.prices?.importSlots).toHaveLength(36);
    const minSpot = -0.5; // −500 EUR/MWh at one hour of that day
    const imports = inputs.prices!.importSlots.map((s) => s.priceEurPerKWh);
    expect(Math.min(...imports)).toBeCloseTo((minSpot + 0.1) * 1.2, 9);
    expect(Math.min(...inputs.prices!.exportSlots.map((s) => s.priceEurPerKWh))).toBe(0);
    expect(inputs.pvSlots).toHaveLength(48);
    expect(inputs.loadSlots.every((s) => s.powerW === 250)).toBe(true);
    expect(inputs.freshness.state).toBe("degraded");
    expect(inputs.freshness.problems).toEqual(["pv_forecast: replaced by weather_fallback (forecast_solar: rate limited: 429)"]);
  });

  it("no prices and old load history: prices null and reported missing, load stale", async () => {
    const history = new MemoryHistory().add([quarterAggregate("base_load_w", NOW - 3 * H, 400)]);
    const inputs = await gatherPlannerInputs(
      {
        prices: new CachedSource(fixed<PriceSeries>("entsoe", { kind: "error", severity: "permanent", message: "HTTP 401: bad token" }), clock, policy),
        pv: [],
        history,
        loadForecaster: typicalForecaster,
      },
      {
        nowMs: NOW,
        horizonMs: 2 * H,
        stepMs: H,
        timeZone: "UTC",
        importFormula: { gridFeeEurPerKWh: 0, taxesEurPerKWh: 0, vatPct: 0 },
        exportFormula: { kind: "fixed", feedInEurPerKWh: 0 },
        loadMaxAgeMs: H,
      },
    );
    expect(inputs.prices).toBeNull();
    expect(inputs.pvSlots).toEqual([]);
    expect(inputs.freshness.state).toBe("missing");
    expect(inputs.freshness.inputs.map((r) => [r.input, r.status.kind])).toEqual([
      ["prices", "missing"],
      ["pv_forecast", "missing"],
      ["load_forecast", "stale"],
    ]);
    expect(inputs.freshness.problems[0]).toBe("prices: missing (entsoe: HTTP 401: bad token)");
    // No same-weekday history: the forecaster falls back to the history mean (400 W).
    expect(inputs.loadSlots.map((s) => s.powerW)).toEqual([400, 400]);
  });
});
