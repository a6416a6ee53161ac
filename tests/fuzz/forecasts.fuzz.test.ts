// Property-based fuzzing of every PV forecast source's parser (issue 8 §3), through each
// source's public fetch(nowMs): recorded payloads with values changed, dropped or duplicated,
// and random JSON. Whatever arrives: no throw, and either a power series that keeps the slot
// preconditions with finite, non-negative PV power, or an error/rate-limit value with its reason.
// Seeds (real payloads, /work/shared/data/forecast/): open-meteo-hourly-radiation-berlin-2023-01-01-02.json,
// open-meteo-minutely15-irradiance-raw-response-emhass.json, forecast-solar-api-forecast.json,
// forecast-solar-api-ratelimit.json, solcast-rooftop-forecasts-raw-response-2022-10-24-emhass.json,
// ha-weather-get-forecasts-response-open-meteo-ha-core-snapshot.json.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PowerSeries, PvForecastSource, SourceResult } from "../../addon/src/domain/index.js";
import { openMeteoSource } from "../../addon/src/sources/open-meteo.js";
import { forecastSolarSource } from "../../addon/src/sources/forecast-solar.js";
import { solcastHaSource } from "../../addon/src/sources/solcast.js";
import { weatherFallbackSource } from "../../addon/src/sources/weather-fallback.js";
import { forecastSolarHaSource } from "../../addon/src/sources/forecast-solar-ha.js";
import type { PvSite } from "../../addon/src/sources/pv-model.js";
import { FakeHaClient } from "../support/fake-ha-client.js";
import { fakeFetch, haAnswering, haWithEntity, httpReply } from "./support/fake-sources.js";
import { resultProblems } from "./support/invariants.js";
import { mutated, nastyValue, type Json } from "./support/json-mutate.js";
import { FORECAST_SOURCES_FUZZED, RUNS, TOTAL_CASES } from "./support/runs.js";

const DATA = "/work/shared/data/forecast/";
const json = (name: string): Json => JSON.parse(readFileSync(`${DATA}${name}`, "utf8")) as Json;
const NOW = Date.parse("2024-04-26T08:00:00Z");
const params = { numRuns: RUNS.forecastPerSource };
const SITE: PvSite = { latitudeDeg: 52.5, longitudeDeg: 13.4, planes: [{ tiltDeg: 30, azimuthDeg: 180, peakPowerW: 800 }, { tiltDeg: 90, azimuthDeg: 90, peakPowerW: 400 }] };

let outcomes = { ok: 0, rejected: 0 };

async function fetchWith(source: PvForecastSource): Promise<void> {
  const r: SourceResult<PowerSeries> = await source.fetch(NOW);
  const problems = resultProblems(r, (s) => s.powerW);
  if (r.kind === "ok") r.value.slots.forEach((s, i) => {
    if (s.powerW < 0) problems.push(`slot ${i}: negative PV power ${s.powerW} W`);
  });
  expect(problems).toEqual([]);
  if (r.kind === "ok") outcomes.ok++;
  else outcomes.rejected++;
}

beforeEach(() => {
  outcomes = { ok: 0, rejected: 0 };
});

afterEach(() => {
  expect(outcomes.ok, "accepted payloads").toBeGreaterThan(RUNS.forecastPerSource / 20);
  expect(outcomes.rejected, "rejected payloads").toBeGreaterThan(RUNS.forecastPerSource / 20);
});

const openMeteo = [json("open-meteo-hourly-radiation-berlin-2023-01-01-02.json"), json("open-meteo-minutely15-irradiance-raw-response-emhass.json")];
const forecastSolar = json("forecast-solar-api-forecast.json");
const rateLimit = JSON.stringify(json("forecast-solar-api-ratelimit.json"));
const weather = (json("ha-weather-get-forecasts-response-open-meteo-ha-core-snapshot.json") as { response_hourly_first_21: Json }).response_hourly_first_21;
/** The Solcast HA integration's detailedForecast, built from the recorded rooftop API response. */
const solcastAttrs: Json = {
  detailedForecast: (json("solcast-rooftop-forecasts-raw-response-2022-10-24-emhass.json") as { forecasts: { pv_estimate: number; pv_estimate10: number; pv_estimate90: number; period_end: string }[] }).forecasts
    .slice(0, 16)
    .map((f) => ({ period_start: new Date(Date.parse(f.period_end) - 1_800_000).toISOString(), pv_estimate: f.pv_estimate, pv_estimate10: f.pv_estimate10, pv_estimate90: f.pv_estimate90 })),
};

describe(`PV forecast payload fuzzing: ${FORECAST_SOURCES_FUZZED} sources × ${RUNS.forecastPerSource} cases (${TOTAL_CASES} fuzz cases in tests/fuzz)`, () => {
  it("Open-Meteo (HTTP, hourly and 15-min)", async () => {
    const body = fc.constantFrom(...openMeteo).chain((p) => mutated(p)).map((p) => JSON.stringify(p));
    await fc.assert(fc.asyncProperty(httpReply(body), fc.constantFrom("hourly" as const, "minutely_15" as const), async (reply, resolution) => {
      await fetchWith(openMeteoSource({ fetch: fakeFetch(reply), site: SITE, resolution }));
    }), params);
  });

  it("Forecast.Solar (HTTP, one call per plane, 429 with retry-at)", async () => {
    const body = fc.oneof({ weight: 5, arbitrary: mutated(forecastSolar).map((p) => JSON.stringify(p)) }, { weight: 1, arbitrary: fc.constant(rateLimit) });
    await fc.assert(fc.asyncProperty(httpReply(body), async (reply) => {
      await fetchWith(forecastSolarSource({ fetch: fakeFetch(reply), latitudeDeg: 52.5, longitudeDeg: 13.4, planes: SITE.planes }));
    }), params);
  });

  it("Solcast HA integration (detailedForecast attributes)", async () => {
    await fc.assert(fc.asyncProperty(mutated(solcastAttrs), async (a) => {
      const src = solcastHaSource(haWithEntity("sensor.solcast_today", "4.2", a, NOW), ["sensor.solcast_today"]);
      const stop = src.start();
      await fetchWith(src);
      stop();
    }), params);
  });

  it("weather.get_forecasts fallback", async () => {
    const response = fc.oneof({ weight: 6, arbitrary: mutated(weather) }, { weight: 1, arbitrary: nastyValue });
    await fc.assert(fc.asyncProperty(response, fc.integer({ min: 0, max: 9 }), async (r, n) => {
      await fetchWith(weatherFallbackSource(haAnswering(r, n === 0), "weather.home", SITE));
    }), params);
  });

  it("Forecast.Solar HA integration (daily energy sensors)", async () => {
    const state = fc.oneof(fc.double({ min: -50, max: 200, noNaN: true }).map(String), fc.constantFrom("unavailable", "unknown", "", "NaN", "1e309", "-0", " 3.2", "4,5"));
    const unit = fc.constantFrom<unknown>("kWh", "kWh", "kWh", "Wh", "Wh", "MWh", null, 3, "");
    await fc.assert(fc.asyncProperty(state, state, unit, unit, async (today, tomorrow, u1, u2) => {
      const ha = new FakeHaClient();
      ha.setState("sensor.energy_production_today_remaining", today, { unit_of_measurement: u1 }, NOW - 60_000);
      ha.setState("sensor.energy_production_tomorrow", tomorrow, { unit_of_measurement: u2 }, NOW - 60_000);
      const src = forecastSolarHaSource(ha, { todayRemaining: "sensor.energy_production_today_remaining", tomorrow: "sensor.energy_production_tomorrow" }, SITE, "Europe/Berlin");
      const stop = src.start();
      await fetchWith(src);
      stop();
    }), params);
  });
});
