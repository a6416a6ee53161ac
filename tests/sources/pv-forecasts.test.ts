// PV forecast sources against recorded payloads (local HTTP server / HA fake) and the PV model.
// Data: /work/shared/data/forecast/open-meteo-hourly-radiation-berlin-2023-01-01-02.json,
//   open-meteo-minutely15-irradiance-raw-response-emhass.json, forecast-solar-api-forecast.json,
//   forecast-solar-api-ratelimit.json, forecast-solar-api-response-2022-10-24-emhass.json,
//   solcast-rooftop-forecasts-raw-response-2022-10-24-emhass.json,
//   ha-weather-get-forecasts-response-open-meteo-ha-core-snapshot.json (see data/PROVENANCE.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceResult } from "../../addon/src/domain/index.js";
import { forecastSolarSchema, forecastSolarSource, forecastSolarToSlots } from "../../addon/src/sources/forecast-solar.js";
import { forecastSolarHaSource } from "../../addon/src/sources/forecast-solar-ha.js";
import { openMeteoSchema, openMeteoSource, openMeteoToSlots } from "../../addon/src/sources/open-meteo.js";
import { dcPowerW, planeIrradiance, sunPosition, temperatureFactor, type PvSite } from "../../addon/src/sources/pv-model.js";
import { solcastApiSchema, solcastApiToSlots, solcastHaSource } from "../../addon/src/sources/solcast.js";
import { weatherFallbackSource } from "../../addon/src/sources/weather-fallback.js";
import { FakeHa } from "./support/fake-ha.js";
import { readData, startRecordedServer, type RecordedServer } from "./support/recorded-server.js";

const H = 3_600_000;
const RAD = Math.PI / 180;

function ok<T>(r: SourceResult<T>): T {
  if (r.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.value;
}

const flat = (lat: number, lon: number, peakPowerW = 1000): PvSite => ({ latitudeDeg: lat, longitudeDeg: lon, planes: [{ tiltDeg: 0, azimuthDeg: 180, peakPowerW }] });

let server: RecordedServer;
beforeAll(async () => {
  server = await startRecordedServer({
    "/v1/forecast": { body: readData("forecast/open-meteo-hourly-radiation-berlin-2023-01-01-02.json") },
    "/estimate/": { body: readData("forecast/forecast-solar-api-forecast.json") },
  });
});
afterAll(async () => server.close());

describe("PV model", () => {
  it("sun at solar noon, Berlin midsummer: zenith = latitude − declination, due south", () => {
    // Solar noon at 13.4° E ≈ 12:00 − 53.6 min + 1.8 min (equation of time) ≈ 11:08 UTC.
    const sun = sunPosition(Date.UTC(2023, 5, 21, 11, 8), 52.52, 13.4);
    expect(sun.zenithDeg).toBeCloseTo(52.52 - 23.44, 0);
    expect(Math.abs(sun.azimuthDeg - 180)).toBeLessThan(1);
    expect(sunPosition(Date.UTC(2023, 5, 21, 23), 52.52, 13.4).zenithDeg).toBeGreaterThan(90);
  });

  it("transposition: flat plane sees DNI·cos z + DHI; a plane facing the sun sees all of DNI", () => {
    const sun = { zenithDeg: 60, azimuthDeg: 200 };
    const irr = { ghiWm2: 400, dniWm2: 500, dhiWm2: 150 };
    expect(planeIrradiance(irr, sun, { tiltDeg: 0, azimuthDeg: 180 })).toBeCloseTo(500 * 0.5 + 150, 9);
    const facing = planeIrradiance(irr, sun, { tiltDeg: 60, azimuthDeg: 200 });
    expect(facing).toBeCloseTo(500 + (150 * 1.5) / 2 + (400 * 0.2 * 0.5) / 2, 9);
  });

  it("temperature derating (NOCT 45 °C, −0.4 %/K) and system losses", () => {
    expect(temperatureFactor(800, 20)).toBeCloseTo(0.92, 12); // cell 45 °C
    // POA 1000 W/m² with the cell at exactly 25 °C: 1 kWp × (1 − 0.14) = 860 W.
    const sun = { zenithDeg: 0, azimuthDeg: 180 };
    expect(dcPowerW(flat(0, 0), { ghiWm2: 1000, dniWm2: 1000, dhiWm2: 0 }, sun, 25 - 1000 * 25 / 800)).toBeCloseTo(860, 9);
  });
});

describe("Open-Meteo", () => {
  it("hourly Berlin: night 0 W; the sun at mid-hour reproduces GHI from DNI and DHI", async () => {
    const site = flat(52.52, 13.42, 2000);
    const s = ok(await openMeteoSource({ fetch, site, baseUrl: server.baseUrl }).fetch(Date.UTC(2023, 0, 1)));
    expect(s.slots).toHaveLength(48);
    expect(s.slots[0]).toMatchObject({ startMs: Date.UTC(2022, 11, 31, 23), endMs: Date.UTC(2023, 0, 1), powerW: 0 });
    expect(server.requests.at(-1)).toContain("timezone=GMT");
    const raw = JSON.parse(readData("forecast/open-meteo-hourly-radiation-berlin-2023-01-01-02.json")) as {
      hourly: { time: string[]; shortwave_radiation: number[]; direct_normal_irradiance: number[]; diffuse_radiation: number[] };
    };
    let checked = 0;
    raw.hourly.time.forEach((t, i) => {
      const dni = raw.hourly.direct_normal_irradiance[i]!;
      if (dni < 20) return;
      const sun = sunPosition(Date.parse(`${t}Z`) - H / 2, 52.52, 13.42);
      const ghi = dni * Math.cos(sun.zenithDeg * RAD) + raw.hourly.diffuse_radiation[i]!;
      expect(Math.abs(ghi - raw.hourly.shortwave_radiation[i]!) / raw.hourly.shortwave_radiation[i]!).toBeLessThan(0.1);
      checked++;
    });
    expect(checked).toBeGreaterThan(3);
    // Peak power stays well below 2 kWp on a winter day in Berlin, above 0.
    const peak = Math.max(...s.slots.map((x) => x.powerW));
    expect(peak).toBeGreaterThan(50);
    expect(peak).toBeLessThan(600);
  });

  it("15-min instant values with a local offset (Europe/Paris, +3600 s)", () => {
    const payload = openMeteoSchema.parse(JSON.parse(readData("forecast/open-meteo-minutely15-irradiance-raw-response-emhass.json")));
    const slots = ok(openMeteoToSlots(payload, flat(45.84, 6.86, 1000)));
    expect(slots).toHaveLength(288);
    expect(slots[0]!.startMs).toBe(Date.UTC(2025, 1, 23, 23));
    expect(slots.every((x) => x.endMs - x.startMs === 15 * 60_000)).toBe(true);
    // The brightest quarter (local 12:45) is near solar noon at 6.86° E (≈ 11:45 UTC).
    const best = slots.reduce((a, b) => (b.powerW > a.powerW ? b : a));
    expect(best.startMs).toBe(Date.UTC(2025, 1, 26, 11, 45));
  });

  it("a missing radiation variable is a permanent error", () => {
    expect(openMeteoToSlots({ utc_offset_seconds: 0, hourly: { time: ["2023-01-01T00:00"] } }, flat(0, 0)).kind).toBe("error");
  });
});

describe("Forecast.Solar", () => {
  it("Wh per period → mean power; energy is conserved; nights are 0 W", () => {
    const payload = forecastSolarSchema.parse(JSON.parse(readData("forecast/forecast-solar-api-forecast.json")));
    const slots = forecastSolarToSlots(payload);
    const wh = slots.reduce((a, x) => a + (x.powerW * (x.endMs - x.startMs)) / H, 0);
    expect(wh).toBeCloseTo(6660 + 5338, 6);
    // First period: 89 Wh between 06:20:17 and 07:00 local (+02:00).
    const first = slots[0]!;
    expect(first.startMs).toBe(Date.UTC(2024, 3, 26, 4, 20, 17));
    expect(first.powerW).toBeCloseTo((89 * 3600) / (39 * 60 + 43), 6);
    const night = slots.find((x) => x.startMs === Date.UTC(2024, 3, 26, 18, 59, 23))!;
    expect(night.powerW).toBe(0);
    expect(night.endMs).toBe(Date.UTC(2024, 3, 27, 4, 18, 17));
  });

  it("2022 answer without offsets is read in the response's time zone (Europe/Paris)", () => {
    const payload = forecastSolarSchema.parse(JSON.parse(readData("forecast/forecast-solar-api-response-2022-10-24-emhass.json")));
    expect(forecastSolarToSlots(payload)[0]!.startMs).toBe(Date.UTC(2022, 9, 24, 6, 4));
  });

  it("two planes: one request each, powers added; azimuth converted to the API's south = 0", async () => {
    const planes = [
      { tiltDeg: 30, azimuthDeg: 90, peakPowerW: 400 },
      { tiltDeg: 30, azimuthDeg: 270, peakPowerW: 400 },
    ];
    const before = server.requests.length;
    const s = ok(await forecastSolarSource({ fetch, latitudeDeg: 52.16, longitudeDeg: 4.47, planes, baseUrl: server.baseUrl }).fetch(Date.UTC(2024, 3, 26, 17)));
    expect(server.requests.slice(before)).toEqual(["/estimate/52.16/4.47/30/-90/0.4", "/estimate/52.16/4.47/30/90/0.4"]);
    const single = forecastSolarToSlots(forecastSolarSchema.parse(JSON.parse(readData("forecast/forecast-solar-api-forecast.json"))));
    expect(s.slots[1]!.powerW).toBeCloseTo(2 * single[1]!.powerW, 9);
  });

  it("429 → rate_limited until the body's retry-at", async () => {
    server.route("/estimate/", { status: 429, body: readData("forecast/forecast-solar-api-ratelimit.json") });
    const now = Date.UTC(2024, 3, 27, 0, 30);
    const r = await forecastSolarSource({ fetch, latitudeDeg: 1, longitudeDeg: 2, planes: [{ tiltDeg: 30, azimuthDeg: 180, peakPowerW: 800 }], baseUrl: server.baseUrl }).fetch(now);
    // retry-at 2024-04-27T02:48:53+02:00 = 00:48:53Z.
    expect(r).toEqual({ kind: "rate_limited", retryAfterMs: Date.UTC(2024, 3, 27, 0, 48, 53) - now, message: "forecast.solar: rate limit reached" });
  });
});

describe("Solcast", () => {
  it("API answer: period_end − 30 min, kW → W, P10/P90 selectable", () => {
    const payload = solcastApiSchema.parse(JSON.parse(readData("forecast/solcast-rooftop-forecasts-raw-response-2022-10-24-emhass.json")));
    const p50 = solcastApiToSlots(payload);
    const p10 = solcastApiToSlots(payload, "pv_estimate10");
    expect(p50).toHaveLength(49);
    expect(p50[0]).toEqual({ startMs: Date.UTC(2022, 9, 24, 20, 30), endMs: Date.UTC(2022, 9, 24, 21), powerW: 0 });
    const i = payload.forecasts.findIndex((f) => f.pv_estimate > 0);
    expect(p50[i]!.powerW).toBeCloseTo(payload.forecasts[i]!.pv_estimate * 1000, 9);
    expect(p10.every((x, k) => x.powerW <= p50[k]!.powerW)).toBe(true);
  });

  it("HA integration sensors (detailedForecast with period_start; built from the API answer)", async () => {
    const payload = solcastApiSchema.parse(JSON.parse(readData("forecast/solcast-rooftop-forecasts-raw-response-2022-10-24-emhass.json")));
    const detailed = payload.forecasts.map((f) => ({ ...f, period_start: new Date(f.period_end - 30 * 60_000).toISOString() }));
    const ha = new FakeHa();
    const src = solcastHaSource(ha, ["sensor.solcast_today", "sensor.solcast_tomorrow"]);
    const stop = src.start();
    ha.setState("sensor.solcast_today", "3.8", { detailedForecast: detailed.slice(0, 20) }, 1000);
    expect((await src.fetch(2000)).kind).toBe("error"); // tomorrow's sensor not seen yet
    ha.setState("sensor.solcast_tomorrow", "2.4", { detailedForecast: detailed.slice(20) }, 500);
    const s = ok(await src.fetch(2000));
    expect(s.slots).toHaveLength(49);
    expect(s.fetchedAtMs).toBe(500);
    stop();
    expect(ha.listenerCount).toBe(0);
  });
});

describe("weather.get_forecasts fallback", () => {
  it("night hours 0 W; a sunny noon gives more than a cloudy one", async () => {
    const snap = JSON.parse(readData("forecast/ha-weather-get-forecasts-response-open-meteo-ha-core-snapshot.json")) as {
      response_hourly_first_21: { "weather.home": { forecast: { condition: string; datetime: string }[] } };
    };
    const forecast = snap.response_hourly_first_21["weather.home"].forecast;
    const sunny = forecast.map((f) => ({ ...f, condition: "sunny" }));
    const site = flat(52.52, 13.4, 1000);
    const run = async (list: unknown[]) => {
      const ha = new FakeHa(() => ({ ok: true, response: { "weather.home": { forecast: list } } }));
      const s = ok(await weatherFallbackSource(ha, "weather.home", site).fetch(0));
      expect(ha.calls[0]).toMatchObject({ domain: "weather", service: "get_forecasts", target: { entity_id: "weather.home" }, returnResponse: true });
      return s.slots;
    };
    const cloudy = await run(forecast);
    const clear = await run(sunny);
    expect(cloudy).toHaveLength(21);
    expect(cloudy[0]!.powerW).toBe(0); // 03:00 UTC in November
    const noon = cloudy.findIndex((x) => x.startMs === Date.UTC(2021, 10, 24, 11));
    expect(clear[noon]!.powerW).toBeGreaterThan(2 * cloudy[noon]!.powerW);
    expect(clear[noon]!.powerW).toBeLessThan(1000);
  });
});

describe("Forecast.Solar integration (HA)", () => {
  it("spreads today's remaining and tomorrow's energy over the clear-sky shape; energy conserved", async () => {
    const ha = new FakeHa();
    const site: PvSite = { latitudeDeg: 52.16, longitudeDeg: 4.47, planes: [{ tiltDeg: 30, azimuthDeg: 180, peakPowerW: 800 }] };
    const src = forecastSolarHaSource(ha, { todayRemaining: "sensor.energy_production_today_remaining", tomorrow: "sensor.energy_production_tomorrow" }, site, "Europe/Amsterdam");
    src.start();
    expect((await src.fetch(0)).kind).toBe("error");
    ha.setState("sensor.energy_production_today_remaining", "1.2", { unit_of_measurement: "kWh" }, 10);
    ha.setState("sensor.energy_production_tomorrow", "5338", { unit_of_measurement: "Wh" }, 20);
    const now = Date.UTC(2024, 3, 26, 12, 5); // 14:05 local
    const s = ok(await src.fetch(now));
    const localMidnight = Date.UTC(2024, 3, 26, 22);
    const wh = (from: number, to: number) => s.slots.filter((x) => x.startMs >= from && x.startMs < to).reduce((a, x) => a + (x.powerW * (x.endMs - x.startMs)) / H, 0);
    expect(s.slots[0]!.startMs).toBe(Date.UTC(2024, 3, 26, 12));
    expect(wh(0, localMidnight)).toBeCloseTo(1200, 6);
    expect(wh(localMidnight, localMidnight + 24 * H)).toBeCloseTo(5338, 6);
    expect(s.slots.at(-1)!.endMs).toBe(localMidnight + 24 * H);
    // Night is 0 W; tomorrow's peak is near solar noon (≈ 11:45 UTC at 4.47° E).
    expect(s.slots.find((x) => x.startMs === localMidnight + 2 * H)!.powerW).toBe(0);
    const tomorrow = s.slots.filter((x) => x.startMs >= localMidnight);
    const peak = tomorrow.reduce((a, b) => (b.powerW > a.powerW ? b : a));
    expect(Math.abs(peak.startMs - Date.UTC(2024, 3, 27, 11, 45))).toBeLessThanOrEqual(30 * 60_000);
    expect(s.fetchedAtMs).toBe(10);
  });
});
