/**
 * Shared set-up of the MQTT fault tests: the simulated home playing HA's MQTT integration and
 * the whole Sunshift service on one broker, plus a loopback relay whose connections can be cut
 * (an unclean drop between a client and the broker: the broker then sends the client's will).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startService, type RunningService } from "../../addon/src/app/service.js";
import { parseOptions } from "../../addon/src/config/index.js";
import { createHaClient } from "../../addon/src/ha/index.js";
import { startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { openHistoryStore } from "../../addon/src/store/index.js";
import { silentLogger } from "../../addon/src/domain/index.js";
import { systemScheduler } from "../../addon/src/system/clock.js";
import { recordingLogger } from "../mqtt/helpers.js";
import { startTcpProxy } from "../real-ha/tcp-proxy.js";
import { simSeries } from "../sim/helpers.js";

export interface MqttHome {
  readonly sim: SimulatedHome;
  readonly service: RunningService;
  readonly logger: ReturnType<typeof recordingLogger>;
  /** State of an MQTT entity as the simulated HA holds it. */
  state(entityId: string): string | undefined;
  stop(): Promise<void>;
}

export interface MqttHomeOptions {
  /** The broker the simulated HA uses. */
  readonly brokerUrl: string;
  /** The broker Sunshift uses (a relay in front of the same broker); default brokerUrl. */
  readonly sunshiftBrokerUrl?: string;
  /** Fixed install id, written into the store before the service starts. */
  readonly installId: string;
  readonly discoveryPrefix?: string;
  /** Sim seconds per wall second (default 20). */
  readonly speed?: number;
  /** Runs once the simulated home is up, before the service starts. */
  readonly beforeService?: (sim: SimulatedHome) => Promise<void>;
}

/** Sim at `speed` (default 20×) with the MQTT side, and the service with MQTT on. */
export async function startMqttHome(o: MqttHomeOptions): Promise<MqttHome> {
  const prefix = o.discoveryPrefix ?? "homeassistant";
  const sim = await startSimulatedHome({
    token: "t", startAt: "2024-06-15T17:30:00Z", speed: o.speed ?? 20, series: simSeries(),
    mqtt: { url: o.brokerUrl, reconnectPeriodMs: 200, discoveryPrefix: prefix, clientId: `sim_ha_${o.installId}` },
  });
  await o.beforeService?.(sim);
  const dir = mkdtempSync(join(tmpdir(), "sunshift-mqtt-fault-"));
  const seed = openHistoryStore({ path: join(dir, "sunshift.db"), logger: silentLogger });
  seed.setSetting("install_id", o.installId);
  seed.close();
  const parsed = parseOptions({ plugs: [], mqtt: { discovery_prefix: prefix } });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  const url = new URL(o.sunshiftBrokerUrl ?? o.brokerUrl);
  const logger = recordingLogger();
  const ha = createHaClient({ baseUrl: sim.url, token: sim.token, logger: silentLogger, clock: sim.clock, scheduler: systemScheduler });
  const service = await startService({
    config: parsed.config, ha, clock: sim.clock, scheduler: sim.clock, logger, dataDir: dir, version: "test",
    api: { host: "127.0.0.1", port: 0 }, timeZone: "Europe/Paris",
    mqtt: { kind: "broker", source: "options", url: url.href, host: url.hostname, port: Number(url.port), tls: false, username: null, password: null },
  });
  return {
    sim,
    service,
    logger,
    state: (id) => sim.mqtt?.entities().find((e) => e.entityId === id)?.state,
    async stop() {
      await service.stop();
      await sim.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A loopback relay in front of the broker whose connections can be cut (tests/real-ha/tcp-proxy.ts). */
export interface TcpRelay {
  /** `mqtt://127.0.0.1:<relay port>` */
  readonly url: string;
  /** Destroys every relayed connection on both sides (no DISCONNECT reaches the broker). */
  cut(): void;
  close(): Promise<void>;
}

export async function startTcpRelay(targetPort: number): Promise<TcpRelay> {
  const proxy = await startTcpProxy(targetPort);
  return {
    url: proxy.url.replace(/^http:/, "mqtt:"),
    cut: () => {
      proxy.dropAll();
    },
    close: () => proxy.close(),
  };
}
