/**
 * Sunshift as `sunshift run` wires it (cli/run-command.ts), pointed at a real HA Core: options
 * parsed by parseOptions, the production HA client (default heartbeat and backoff), the system
 * clock and scheduler, the MQTT broker from the options. Only the ingress port is free (0) and
 * the data dir is a temp dir.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brokerFromOptions, parseOptions, type Config } from "../../addon/src/config/index.js";
import { createHaClient, type ManagedHaClient } from "../../addon/src/ha/index.js";
import { startService, type RunningService } from "../../addon/src/app/service.js";
import { systemClock, systemScheduler } from "../../addon/src/system/clock.js";
import { recordingLogger, type LogEntry } from "../mqtt/helpers.js";
import { standInOptions } from "./standins.js";

export interface SunshiftUnderTest {
  readonly config: Config;
  readonly service: RunningService;
  readonly ha: ManagedHaClient;
  readonly log: readonly LogEntry[];
  /** Stops the service and removes its data dir. */
  stop(): Promise<void>;
}

export function standInConfig(mqttPort: number | null): Config {
  const parsed = parseOptions(standInOptions(mqttPort));
  if (!parsed.ok) throw new Error(`stand-in options rejected: ${parsed.problems.join("; ")}`);
  return parsed.config;
}

/** Starts Sunshift against `haUrl` (HA Core, or a proxy in front of it). */
export async function startSunshift(haUrl: string, token: string, mqttPort: number | null): Promise<SunshiftUnderTest> {
  const config = standInConfig(mqttPort);
  const logger = recordingLogger();
  const dir = mkdtempSync(join(tmpdir(), "sunshift-real-ha-"));
  const ha = createHaClient({ baseUrl: haUrl, token, logger, clock: systemClock, scheduler: systemScheduler });
  const service = await startService({
    config,
    ha,
    clock: systemClock,
    scheduler: systemScheduler,
    logger,
    dataDir: dir,
    version: "0.0.0-test",
    api: { host: "127.0.0.1", port: 0 },
    mqtt: brokerFromOptions(config.mqtt) ?? { kind: "none", reason: "no broker in this test" },
    timeZone: "Europe/Vienna",
    location: { latitudeDeg: 48.2, longitudeDeg: 16.37 },
  });
  return {
    config,
    service,
    ha,
    log: logger.entries,
    async stop() {
      await service.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
