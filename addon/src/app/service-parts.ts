import type { IncomingMessage, ServerResponse } from "node:http";
import type { HaClient, Logger, Unsubscribe } from "../domain/index.js";
import type { Config } from "../config/index.js";
import { cardAssetRoutes, type CardDemoTarget } from "../api/card-assets.js";
import { registerCardResourceOnConnect, type EnsureResourceResult } from "../ha/lovelace-resources.js";
import type { WsCommandPort } from "../ha/ws-command.js";
import { createSiteExport, type SiteExport } from "../export/index.js";
import type { Clock, Scheduler } from "../domain/index.js";

/**
 * The optional parts of the service, each from its options: the card's HTTP routes and its
 * Lovelace resource (issue 6 §4), and the InfluxDB export (issue 7 §4).
 */
export type Route = (req: IncomingMessage, res: ServerResponse) => void;

export interface CardServing {
  /** Directory with the built card (system/paths.ts distDir). */
  readonly distDir: URL;
  /** The live home the demo page connects to; null in the add-on (the page is served without one). */
  readonly demo: CardDemoTarget | null;
}

/**
 * The API server's extra routes merged with the caller's: the card module (`/sunshift-card.js`)
 * always; the card demo pages (`/card`, `/card-demo…`, linked from the status page) only with a
 * live home to show (the demo), since in the add-on the dashboard is the place for the card.
 */
export function apiRoutes(card: CardServing, version: string, extra: ReadonlyMap<string, Route> | undefined): Map<string, Route> {
  const all = cardAssetRoutes({ distDir: card.distDir, version, demo: card.demo });
  const served = card.demo === null ? [...all].filter(([path]) => path === "/sunshift-card.js") : [...all];
  return new Map<string, Route>([...served, ...(extra ?? [])]);
}

/** Registers the card as a Lovelace resource on connect when `card.register_resource` is on. */
export function cardResource(config: Config, ha: HaClient, version: string, logger: Logger, onResult?: (r: EnsureResourceResult) => void): Unsubscribe {
  const port = ha as HaClient & Partial<WsCommandPort>;
  if (!config.card.registerResource) return () => undefined;
  if (typeof port.sendCommand !== "function") {
    logger.warn("card.register_resource is on, but this Home Assistant connection cannot send WebSocket commands");
    return () => undefined;
  }
  const ws: WsCommandPort & Pick<HaClient, "onStatus"> = { sendCommand: port.sendCommand.bind(ha), onStatus: ha.onStatus.bind(ha) };
  return registerCardResourceOnConnect(ws, { url: config.card.resourceUrl, version, logger, ...(onResult === undefined ? {} : { onResult }) });
}

/** The InfluxDB export (a no-op unless `influxdb.enabled`), spooling in the data directory. */
export function siteExport(config: Config, dataDir: string, clock: Clock, scheduler: Scheduler, logger: Logger): SiteExport {
  if (config.influxdb.enabled) logger.info("InfluxDB export on", { version: config.influxdb.target.version, url: config.influxdb.target.url });
  return createSiteExport({ config: config.influxdb, spoolDir: dataDir, clock, scheduler, logger });
}
