import type { HaClient, PriceSource, PvForecastSource, Unsubscribe } from "../domain/index.js";
import { ConfigError } from "../domain/index.js";
import { awattarSource } from "./awattar.js";
import { entsoeSource } from "./entsoe-a44.js";
import { forecastSolarSource } from "./forecast-solar.js";
import { forecastSolarHaSource } from "./forecast-solar-ha.js";
import { nordpoolActionSource, tibberActionSource } from "./ha-price-actions.js";
import { entsoeHacsSource, nordpoolHacsSource, octopusHaSource } from "./ha-price-sensors.js";
import type { FetchLike } from "./http.js";
import { octopusSource } from "./octopus.js";
import { openMeteoSource } from "./open-meteo.js";
import type { PriceConfig, PvForecastConfig } from "./options.js";
import type { PvSite } from "./pv-model.js";
import { solcastHaSource } from "./solcast.js";
import { tariffSource } from "./tariffs.js";
import { weatherFallbackSource } from "./weather-fallback.js";

/** What the composition root hands the sources. */
export interface SourceDeps {
  readonly fetch: FetchLike;
  readonly ha: HaClient;
  /** HA's configured zone (get_config `time_zone`), for local days and TOU bands. */
  readonly timeZone: string;
  /** HA's configured location, used when the options give none. */
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
}

/** A built source plus its subscription lifecycle (a no-op for HTTP sources). */
export interface Built<S> {
  readonly source: S;
  start(): Unsubscribe;
}

const noStart = (): Unsubscribe => () => undefined;

function needed(value: string | null, what: string): string {
  // The option schema already reported a missing value; this only guards direct callers.
  if (value === null) throw new ConfigError([`${what}: required for the selected source`]);
  return value;
}

/** The one price source the options select. Throws only on a config the schema would refuse. */
export function buildPriceSource(cfg: PriceConfig, deps: SourceDeps): Built<PriceSource> {
  const plain = (source: PriceSource): Built<PriceSource> => ({ source, start: noStart });
  switch (cfg.source) {
    case "fixed":
      return plain(tariffSource([], cfg.fixedPriceEurPerKWh, deps.timeZone, cfg.currency));
    case "tou":
      return plain(tariffSource(cfg.touBands, cfg.fixedPriceEurPerKWh, deps.timeZone, cfg.currency));
    case "awattar":
      return plain(awattarSource({ country: cfg.awattarCountry, fetch: deps.fetch }));
    case "entsoe":
      return plain(entsoeSource({ fetch: deps.fetch, token: needed(cfg.entsoeToken, "prices.entsoe_token"), area: cfg.entsoeArea }));
    case "nordpool":
      return plain(
        nordpoolActionSource({
          ha: deps.ha,
          configEntry: needed(cfg.nordpoolConfigEntry, "prices.nordpool_config_entry"),
          area: cfg.nordpoolArea,
          currency: cfg.currency,
          timeZone: "Europe/Stockholm", // Nord Pool delivery days follow CET/CEST.
        }),
      );
    case "nordpool_hacs": {
      const s = nordpoolHacsSource(deps.ha, needed(cfg.priceEntity, "prices.price_entity"), cfg.priceEntityKind);
      return { source: s, start: () => s.start() };
    }
    case "entsoe_hacs": {
      const s = entsoeHacsSource(deps.ha, needed(cfg.priceEntity, "prices.price_entity"), cfg.priceEntityKind);
      return { source: s, start: () => s.start() };
    }
    case "tibber":
      return plain(tibberActionSource({ ha: deps.ha, ...(cfg.tibberHome === null ? {} : { home: cfg.tibberHome }) }));
    case "octopus_ha": {
      const s = octopusHaSource(deps.ha, needed(cfg.priceEntity, "prices.price_entity"));
      return { source: s, start: () => s.start() };
    }
    case "octopus":
      return plain(
        octopusSource({ fetch: deps.fetch, product: needed(cfg.octopusProduct, "prices.octopus_product"), tariff: needed(cfg.octopusTariff, "prices.octopus_tariff") }),
      );
  }
}

export function pvSite(cfg: PvForecastConfig, deps: SourceDeps): PvSite {
  return {
    latitudeDeg: cfg.latitudeDeg ?? deps.latitudeDeg,
    longitudeDeg: cfg.longitudeDeg ?? deps.longitudeDeg,
    planes: cfg.planes,
    systemLoss: cfg.systemLoss,
  };
}

/** PV sources in order of preference: the configured provider, then the weather fallback. */
export function buildPvSources(cfg: PvForecastConfig, deps: SourceDeps): Built<PvForecastSource>[] {
  const site = pvSite(cfg, deps);
  const out: Built<PvForecastSource>[] = [];
  switch (cfg.source) {
    case "open_meteo":
      out.push({ source: openMeteoSource({ fetch: deps.fetch, site, resolution: cfg.openMeteoResolution }), start: noStart });
      break;
    case "forecast_solar":
      out.push({
        source: forecastSolarSource({
          fetch: deps.fetch,
          latitudeDeg: site.latitudeDeg,
          longitudeDeg: site.longitudeDeg,
          planes: cfg.planes,
          ...(cfg.forecastSolarApiKey === null ? {} : { apiKey: cfg.forecastSolarApiKey }),
        }),
        start: noStart,
      });
      break;
    case "forecast_solar_ha": {
      const s = forecastSolarHaSource(deps.ha, cfg.forecastSolarHaEntities, site, deps.timeZone);
      out.push({ source: s, start: () => s.start() });
      break;
    }
    case "solcast_ha": {
      const s = solcastHaSource(deps.ha, cfg.solcastEntities, cfg.solcastEstimate);
      out.push({ source: s, start: () => s.start() });
      break;
    }
    case "none":
      break;
  }
  if (cfg.fallback === "weather") out.push({ source: weatherFallbackSource(deps.ha, cfg.weatherEntity, site), start: noStart });
  return out;
}
