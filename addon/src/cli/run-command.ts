import { readFile } from "node:fs/promises";
import pkg from "../../../package.json" with { type: "json" };
import { ConfigError, type Logger } from "../domain/index.js";
import { loadConfig, redactConfig } from "../config/index.js";
import { createHaClient, type ManagedHaClient } from "../ha/index.js";
import { startService } from "../app/service.js";
import { tariffProcessRunner } from "../app/tariff-process.js";
import { join } from "node:path";
import { systemClock, systemScheduler } from "../system/clock.js";
import { bundledPlanWorker } from "../system/worker-replanner.js";
import { createLogger } from "../system/logger.js";
import { waitForShutdown } from "./shutdown.js";

/**
 * `sunshift run`: the add-on service. Inside HA (SUPERVISOR_TOKEN set) it reads
 * /data/options.json and serves ingress on 0.0.0.0:8099 (only 172.30.32.2 and loopback are
 * answered); outside, it reads the file given and serves on 127.0.0.1:8099.
 */
/**
 * Home Assistant's time zone and location (for PV forecasts), read once at start: waits up to
 * 20 s for the first connection; without it Sunshift starts anyway (TZ from the environment,
 * PV forecast location from the options) and says so.
 */
async function homeLocation(ha: ManagedHaClient, logger: Logger): Promise<{ timeZone: string; location: { latitudeDeg: number; longitudeDeg: number } } | null> {
  await ha.start();
  for (let i = 0; i < 40 && ha.status().kind !== "connected"; i++) await new Promise((r) => setTimeout(r, 500));
  try {
    const c = await ha.getConfig();
    return { timeZone: c.time_zone, location: { latitudeDeg: c.latitude, longitudeDeg: c.longitude } };
  } catch (err) {
    logger.warn("could not read Home Assistant's location and time zone; using TZ and the pv_forecast options", { error: String(err) });
    return null;
  }
}

export async function runService(args: { readonly configPath: string | undefined }): Promise<number> {
  let loaded;
  try {
    loaded = await loadConfig({ env: process.env, ...(args.configPath === undefined ? {} : { argvPath: args.configPath }), readFile: (p) => readFile(p, "utf8"), fetch });
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`sunshift: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  const { config, runtime } = loaded;
  const logger = createLogger({ level: config.logLevel, clock: systemClock, write: (l) => process.stdout.write(l), timeZone: process.env.TZ ?? "UTC" });
  logger.info(`Sunshift ${pkg.version} starting`, { runtime: runtime.kind, options: redactConfig(config) });
  const ha = createHaClient({ baseUrl: runtime.haUrl, token: runtime.haToken, logger, clock: systemClock, scheduler: systemScheduler });
  const home = await homeLocation(ha, logger);
  const timeZone = home?.timeZone ?? process.env.TZ ?? "UTC";
  const entry = process.argv[1];
  const tariffs = entry === undefined ? {} : { tariffs: tariffProcessRunner({ entry, optionsPath: loaded.sourcePath, dbPath: join(runtime.dataDir, "sunshift.db"), timeZone, logger }) };
  const planWorker = bundledPlanWorker();
  if (planWorker === null) logger.warn("dist/plan-worker.mjs is missing: plans are solved in the service's thread");
  const service = await startService({
    config,
    ha,
    clock: systemClock,
    scheduler: systemScheduler,
    logger,
    dataDir: runtime.dataDir,
    version: pkg.version,
    api: { host: runtime.kind === "addon" ? "0.0.0.0" : "127.0.0.1", port: 8099 },
    mqtt: loaded.mqtt,
    timeZone,
    ...(home === null ? {} : { location: home.location }),
    ...tariffs,
    ...(planWorker === null ? {} : { planWorker }),
  });
  await waitForShutdown(logger);
  await service.stop();
  return 0;
}
