// Option groups `prices` and `pv_forecast`: defaults, cross-field rules, and the sources they build.
import { describe, expect, it } from "vitest";
import { buildPriceSource, buildPvSources } from "../../addon/src/sources/build.js";
import { priceOptions, pvForecastOptions, PRICE_SOURCES, PV_SOURCES } from "../../addon/src/sources/options.js";
import { FakeHa } from "./support/fake-ha.js";

const deps = { fetch, ha: new FakeHa(), timeZone: "Europe/Berlin", latitudeDeg: 52.5, longitudeDeg: 13.4 };

describe("prices options", () => {
  it("defaults: a fixed 0.30 tariff, import = spot, export fixed 0", () => {
    const c = priceOptions.parse({});
    expect(c.source).toBe("fixed");
    expect(c.fixedPriceEurPerKWh).toBe(0.3);
    expect(c.importFormula).toEqual({ gridFeeEurPerKWh: 0, taxesEurPerKWh: 0, vatPct: 0 });
    expect(c.exportFormula).toEqual({ kind: "fixed", feedInEurPerKWh: 0 });
    expect(c.maxAgeMs).toBe(36 * 3_600_000);
  });

  it("every missing setting of the chosen source is reported with its path", () => {
    const r = priceOptions.safeParse({ source: "octopus" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["octopus_product", "is required when prices.source is octopus"],
      ["octopus_tariff", "is required when prices.source is octopus"],
    ]);
    expect(priceOptions.safeParse({ source: "tou" }).error?.issues[0]?.path).toEqual(["tou_bands"]);
    expect(priceOptions.safeParse({ source: "entsoe", entsoe_token: "abcdefgh", entsoe_area: "DE" }).error?.issues[0]?.path).toEqual(["entsoe_area"]);
  });

  it("spot export formula and TOU bands are converted to camelCase", () => {
    const c = priceOptions.parse({
      source: "tou",
      tou_bands: [{ from: "22:00", to: "06:00", price_eur_per_kwh: 0.2 }],
      export_mode: "spot",
      export_spot_factor: 0.9,
      vat_pct: 19,
    });
    expect(c.touBands).toEqual([{ from: "22:00", to: "06:00", priceEurPerKWh: 0.2 }]);
    expect(c.exportFormula).toEqual({ kind: "spot", factor: 0.9, offsetEurPerKWh: 0, floorAtZero: true });
    expect(c.importFormula.vatPct).toBe(19);
  });

  it("each source kind builds a source with its id", () => {
    const extra = {
      entsoe_token: "token123",
      nordpool_config_entry: "01J",
      price_entity: "event.octopus_energy_electricity_22l_current_day_rates",
      octopus_product: "AGILE",
      octopus_tariff: "E-1R-AGILE-C",
      tou_bands: [{ from: "22:00", to: "06:00", price_eur_per_kwh: 0.2 }],
    };
    const ids = PRICE_SOURCES.map((source) => buildPriceSource(priceOptions.parse({ source, ...extra }), deps).source.id);
    expect(ids).toEqual(["fixed_tariff", "tou_tariff", "awattar", "entsoe", "nordpool", "nordpool_hacs", "entsoe_hacs", "tibber", "octopus", "octopus_ha"]);
  });
});

describe("pv_forecast options", () => {
  it("defaults: Open-Meteo on one 800 Wp south plane at 30°, weather fallback, HA's location", () => {
    const c = pvForecastOptions.parse({});
    expect(c.planes).toEqual([{ tiltDeg: 30, azimuthDeg: 180, peakPowerW: 800 }]);
    expect(c.systemLoss).toBeCloseTo(0.14, 12);
    expect(buildPvSources(c, deps).map((b) => b.source.id)).toEqual(["open_meteo", "weather_fallback"]);
  });

  it("solcast via HA without fallback subscribes to its entities on start", () => {
    const ha = new FakeHa();
    const built = buildPvSources(pvForecastOptions.parse({ source: "solcast_ha", fallback: "none" }), { ...deps, ha });
    expect(built.map((b) => b.source.id)).toEqual(["solcast_ha"]);
    const stop = built[0]!.start();
    expect(ha.listenerCount).toBe(2);
    stop();
    expect(ha.listenerCount).toBe(0);
  });

  it("each PV source kind builds its provider, followed by the weather fallback", () => {
    const ids = PV_SOURCES.map((source) => buildPvSources(pvForecastOptions.parse({ source }), deps).map((b) => b.source.id));
    expect(ids).toEqual([
      ["open_meteo", "weather_fallback"],
      ["forecast_solar", "weather_fallback"],
      ["forecast_solar_ha", "weather_fallback"],
      ["solcast_ha", "weather_fallback"],
      ["weather_fallback"],
    ]);
  });

  it("rejects impossible planes", () => {
    const r = pvForecastOptions.safeParse({ planes: [{ tilt_deg: 120, azimuth_deg: 180, peak_power_w: 400 }] });
    expect(r.error?.issues[0]?.path).toEqual(["planes", 0, "tilt_deg"]);
  });
});
