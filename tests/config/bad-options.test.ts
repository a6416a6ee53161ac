// Bad input (issue 8 §3): kinds of invalid add-on options not covered by options.test.ts —
// price and PV forecast sources, storage, plug extras, InfluxDB, standalone keys — each must give
// exactly one message that names the option path, says what is expected, and says how to fix it
// (never the generic "see DOCS.md" fallback), and never echoes a secret.
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../addon/src/config/index.js";

const GENERIC_HINT = "see the option's description in DOCS.md";

const plug = { id: "kettle", name: "Kettle", switch_entity: "switch.kettle", power_entity: "sensor.kettle_power", power_w: 2000, run_minutes: 30 };

/** [kind, options, path, what the expectation part must say, what the fix must say]. */
const CASES: readonly (readonly [string, unknown, string, RegExp, RegExp])[] = [
  ["unknown price source", { prices: { source: "epex" } }, "prices.source", /must be one of fixed, tou, awattar, .*\(got "epex"\)/, /DOCS\.md names the settings/],
  ["ENTSO-E without its token", { prices: { source: "entsoe" } }, "prices.entsoe_token", /is required when prices\.source is entsoe/, /security token from the ENTSO-E/],
  ["ENTSO-E area not an EIC code", { prices: { entsoe_area: "DE" } }, "prices.entsoe_area", /16-character EIC code .*\(got "DE"\)/, /10Y1001A1001A82H for DE-LU/],
  ["Nord Pool area in lower case", { prices: { nordpool_area: "se3" } }, "prices.nordpool_area", /delivery area like SE3/, /in capitals/],
  ["Nord Pool action without config entry", { prices: { source: "nordpool" } }, "prices.nordpool_config_entry", /is required when prices\.source is nordpool/, /config entry id/],
  ["currency as a word", { prices: { currency: "euro" } }, "prices.currency", /3-letter currency code .*\(got "euro"\)/, /ISO 4217/],
  ["price entity of the wrong domain", { prices: { source: "nordpool_hacs", price_entity: "number.price" } }, "prices.price_entity", /sensor\.\* or event\.\* entity id/, /Settings → Entities/],
  ["VAT above 50 %", { prices: { vat_pct: 60 } }, "prices.vat_pct", /must be ≤ 50 \(got 60\)/, /percentage/],
  ["time-of-use band hour without minutes", { prices: { source: "tou", tou_bands: [{ from: "7", to: "09:00", price_eur_per_kwh: 0.2 }] } }, "prices.tou_bands[0].from", /HH:MM.*\(got "7"\)/, /"07:00"/],
  ["time-of-use source without bands", { prices: { source: "tou" } }, "prices.tou_bands", /is required when prices\.source is tou/, /at least one band/],
  ["Octopus without tariff", { prices: { source: "octopus", octopus_product: "AGILE-FLEX-22-11-25" } }, "prices.octopus_tariff", /is required when prices\.source is octopus/, /tariff code/],
  ["feed-in tariff of 3 EUR", { prices: { feed_in_eur_per_kwh: 3 } }, "prices.feed_in_eur_per_kwh", /must be ≤ 2 \(got 3\)/, /feed-in tariff in EUR per kWh/],
  ["unknown export mode", { prices: { export_mode: "net" } }, "prices.export_mode", /must be one of fixed, spot \(got "net"\)/, /share of the spot price/],
  ["price max age 0 h", { prices: { max_age_h: 0 } }, "prices.max_age_h", /must be ≥ 1 \(got 0\)/, /1 to 72 hours/],
  ["latitude 95°", { pv_forecast: { latitude: 95 } }, "pv_forecast.latitude", /must be ≤ 90 \(got 95\)/, /site's latitude/],
  ["no PV plane", { pv_forecast: { planes: [] } }, "pv_forecast.planes", /at least 1/, /1 to 4 planes/],
  ["panel tilt 100°", { pv_forecast: { planes: [{ tilt_deg: 100, azimuth_deg: 180, peak_power_w: 800 }] } }, "pv_forecast.planes[0].tilt_deg", /must be ≤ 90 \(got 100\)/, /0 \(flat\) to 90/],
  ["Solcast entity of the wrong domain", { pv_forecast: { solcast_entities: ["weather.home"] } }, "pv_forecast.solcast_entities[0]", /sensor\.\* entity id \(got "weather\.home"\)/, /Solcast integration/],
  ["weather entity of the wrong domain", { pv_forecast: { weather_entity: "sensor.weather" } }, "pv_forecast.weather_entity", /weather\.\* entity id/, /Settings → Entities/],
  ["PV refresh every minute", { pv_forecast: { refresh_min: 1 } }, "pv_forecast.refresh_min", /must be ≥ 5 \(got 1\)/, /12 calls an hour/],
  ["raw retention of 400 days", { storage: { raw_retention_days: 400 } }, "storage.raw_retention_days", /must be ≤ 365 \(got 400\)/, /1 to 365 days/],
  ["planner time limit 0 s", { planner: { time_limit_s: 0 } }, "planner.time_limit_s", /must be ≥ 1 \(got 0\)/, /seconds/],
  ["negative import limit", { planner: { max_import_w: -1 } }, "planner.max_import_w", /must be ≥ 0 \(got -1\)/, /power in W/],
  ["slew limit 5 W", { control: { max_step_w: 5 } }, "control.max_step_w", /must be ≥ 10 \(got 5\)/, /power in W/],
  ["inverter limit 3 kW", { battery: { max_output_w: 3000 } }, "battery.max_output_w", /must be ≤ 2400 \(got 3000\)/, /800 for a SolarFlow 800/],
  ["plug allowed no start", { plugs: [{ ...plug, max_starts: 0 }] }, "plugs[0].max_starts", /must be ≥ 1 \(got 0\)/, /at least 1 start/],
  ["plug without a name", { plugs: [{ ...plug, name: "" }] }, "plugs[0].name", /must not be empty/, /display name/],
  ["status light of the wrong domain", { light: { entity: "switch.led" } }, "light.entity", /light\.\* entity id .*\(got "switch\.led"\)/, /Settings → Entities/],
  ["empty data directory", { data_dir: "" }, "data_dir", /must not be empty/, /writable directory/],
  ["InfluxDB URL without scheme", { influxdb: { url: "influx.local" } }, "influxdb.url", /must be an http\(s\) URL/, /http\(s\):\/\/host:port/],
];

/** Secret options given wrong: the message names them and never echoes the value. */
const SECRETS: readonly (readonly [string, unknown, string, string])[] = [
  ["ENTSO-E token too short", { prices: { source: "entsoe", entsoe_token: "tok-123" } }, "prices.entsoe_token", "tok-123"],
  ["Forecast.Solar API key too short", { pv_forecast: { forecast_solar_api_key: "k9z" } }, "pv_forecast.forecast_solar_api_key", "k9z"],
  ["InfluxDB API token as a number", { influxdb: { api_token: 48151623 } }, "influxdb.api_token", "48151623"],
  ["InfluxDB password as a number", { influxdb: { password: 90210 } }, "influxdb.password", "90210"],
];

function problemsOf(raw: unknown): readonly string[] {
  const r = parseOptions(raw);
  return r.ok ? [] : r.problems;
}

describe(`bad options: ${CASES.length + SECRETS.length} kinds, one clear message each`, () => {
  it.each(CASES)("%s", (_kind, raw, path, expectation, fix) => {
    const problems = problemsOf(raw);
    expect(problems, problems.join("\n")).toHaveLength(1);
    const [p = ""] = problems;
    expect(p.startsWith(`${path}: `), p).toBe(true);
    const [what = "", how = ""] = p.slice(path.length + 2).split("; ");
    expect(what).toMatch(expectation);
    expect(how).toMatch(fix);
    expect(how).not.toBe(GENERIC_HINT);
  });

  it.each(SECRETS)("%s: named, not echoed", (_kind, raw, path, secret) => {
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    const [p = ""] = problems;
    expect(p.startsWith(`${path}: `), p).toBe(true);
    expect(p).not.toContain(secret);
    expect(p.split("; ")[1]).not.toBe(GENERIC_HINT);
  });

  it("covers at least 20 kinds", () => {
    expect(CASES.length + SECRETS.length).toBeGreaterThanOrEqual(20);
  });

  it("all of them at once: one message per option, in one go", () => {
    const merged = { prices: { source: "entsoe", entsoe_area: "DE", vat_pct: 60, currency: "euro" }, storage: { raw_retention_days: 400 }, pv_forecast: { refresh_min: 1 } };
    const paths = problemsOf(merged).map((p) => p.slice(0, p.indexOf(": ")));
    expect(paths.sort()).toEqual(["prices.currency", "prices.entsoe_area", "prices.entsoe_token", "prices.vat_pct", "pv_forecast.refresh_min", "storage.raw_retention_days"].sort());
  });
});
