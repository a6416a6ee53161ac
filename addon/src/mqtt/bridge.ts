import { connect, type IClientOptions, type IPublishPacket, type MqttClient } from "mqtt";
import {
  applyEntityCommand,
  cardPayloadBytes,
  cardPayloadFits,
  type CardPayload,
  type EntitiesState,
  type EntityCommand,
  type PlanChangedSummary,
} from "../domain/entities.js";
import { ConfigError, type Logger, type Unsubscribe } from "../domain/index.js";
import type { MqttBridge, MqttBridgeOptions, MqttStatus } from "./bridge-types.js";
import { parseCommand } from "./commands.js";
import { createConfigSync, type ConfigSync } from "./config-sync.js";
import { buildDiscovery } from "./discovery.js";
import { PLAN_CHANGED_EVENT } from "./entity-table.js";
import { createListeners, type Listeners } from "./listeners.js";
import { toStateDoc } from "./state-doc.js";
import { AVAILABLE, NOT_AVAILABLE, commandKeyOf, isValidInstallId, topicsFor, type Topics } from "./topics.js";

export type { ConnectFn, MqttBridge, MqttBridgeOptions, MqttStatus } from "./bridge-types.js";

/**
 * Creates the bridge (not connected yet). Throws ConfigError for an install id HA cannot use.
 *
 * The MQTT adapter: Sunshift's entities in HA via discovery (HA-CONVENTIONS §9, STYLE.md P10,
 * P11). Connection loss is a state (onStatus, the availability topic), never an exception; the
 * mqtt package reconnects, and every (re)connect re-announces `online`, re-learns which of our
 * configs the broker holds, publishes what is missing or changed, and re-sends the states.
 */

export function createMqttBridge(opts: MqttBridgeOptions): MqttBridge {
  // Programming or config error at the composition root, not an expected runtime failure.
  if (!isValidInstallId(opts.installId)) throw new ConfigError([`mqtt: install id "${opts.installId}" may only contain [A-Za-z0-9_-]`]);
  return new Bridge(opts);
}

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

class Bridge implements MqttBridge {
  readonly topics: Topics;
  private readonly log: Logger;
  private readonly sync: ConfigSync;
  private readonly commands: Listeners<EntityCommand>;
  private readonly statuses: Listeners<MqttStatus>;
  private status: MqttStatus = { kind: "stopped" };
  private client: MqttClient | null = null;
  private stopping = false;
  private scanning = false;
  private lastError: string | null = null;
  private state: EntitiesState | null = null;
  private stateSent: string | null = null;
  private plan: string | null = null;
  private planSent: string | null = null;
  private cancelScan: (() => void) | null = null;
  private cancelBirth: (() => void) | null = null;

  constructor(private readonly opts: MqttBridgeOptions) {
    this.topics = topicsFor(opts.discoveryPrefix, opts.installId);
    this.log = opts.logger;
    const ctx = {
      topics: this.topics,
      installId: opts.installId,
      version: opts.version,
      ...(opts.configurationUrl === undefined ? {} : { configurationUrl: opts.configurationUrl }),
    };
    this.sync = createConfigSync(this.topics, buildDiscovery(ctx));
    this.commands = createListeners<EntityCommand>(this.log, "command");
    this.statuses = createListeners<MqttStatus>(this.log, "status");
  }

  async start(): Promise<void> {
    if (this.client !== null) return;
    this.stopping = false;
    this.setStatus({ kind: "connecting" });
    const client = (this.opts.connect ?? connect)(this.opts.url, this.clientOptions());
    this.client = client;
    client.on("connect", () => {
      this.onConnect(client);
    });
    client.on("message", (topic, payload, packet) => {
      this.onMessage(topic, payload.toString("utf8"), packet);
    });
    client.on("reconnect", () => {
      this.setStatus({ kind: "connecting" });
    });
    client.on("error", (err) => {
      // Reconnect attempts repeat the same error every period: warn once per distinct error.
      const repeated = err.message === this.lastError;
      this.lastError = err.message;
      if (repeated) this.log.debug("mqtt: client error", { error: err.message });
      else this.log.warn("mqtt: client error", { error: err.message });
    });
    client.on("close", () => {
      if (!this.stopping) this.setStatus({ kind: "disconnected", cause: this.lastError ?? "connection closed" });
    });
    await new Promise<void>((resolve) => {
      client.once("connect", () => {
        resolve();
      });
      client.once("close", () => {
        resolve();
      });
    });
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (client === null) return;
    this.stopping = true;
    this.cancelTimers();
    try {
      // The broker sends the will only on an unclean disconnect, so say `offline` ourselves.
      if (client.connected) await client.publishAsync(this.topics.availability, NOT_AVAILABLE, { retain: true, qos: 1 });
      await client.endAsync(!client.connected);
    } catch (err) {
      this.log.warn("mqtt: error while stopping", { error: errorText(err) });
    }
    this.client = null;
    this.setStatus({ kind: "stopped" });
  }

  publishState(state: EntitiesState): void {
    this.state = state;
    this.sendState(false);
  }

  publishPlan(payload: CardPayload): void {
    if (!cardPayloadFits(payload)) {
      this.log.warn("mqtt: plan payload exceeds the attribute budget; HA's recorder may drop it", { bytes: cardPayloadBytes(payload) });
    }
    this.plan = JSON.stringify(payload);
    this.sendPlan(false);
  }

  firePlanChanged(summary: PlanChangedSummary): void {
    const payload = {
      event_type: PLAN_CHANGED_EVENT,
      status: summary.status,
      generated_at: new Date(summary.generatedAtMs).toISOString(),
      current_action: summary.currentAction,
      objective_eur: Math.round(summary.objectiveEur * 100) / 100,
    };
    if (!this.send(this.topics.planChanged, JSON.stringify(payload), false, 1)) {
      this.log.debug("mqtt: plan-changed event dropped while disconnected");
    }
  }

  onCommand(cb: (command: EntityCommand) => void): Unsubscribe {
    return this.commands.add(cb);
  }

  onStatus(cb: (status: MqttStatus) => void): Unsubscribe {
    const off = this.statuses.add(cb);
    cb(this.status);
    return off;
  }

  private clientOptions(): IClientOptions {
    return {
      clientId: this.opts.clientId ?? `sunshift_${this.opts.installId}`,
      ...(this.opts.username === undefined ? {} : { username: this.opts.username }),
      ...(this.opts.password === undefined ? {} : { password: this.opts.password }),
      reconnectPeriod: this.opts.reconnectPeriodMs ?? 2000,
      connectTimeout: 10_000,
      clean: true,
      // We own our subscriptions: onConnect makes them after every (re)connect.
      resubscribe: false,
      will: { topic: this.topics.availability, payload: Buffer.from(NOT_AVAILABLE), retain: true, qos: 1 },
    };
  }

  private setStatus(next: MqttStatus): void {
    const same = next.kind === this.status.kind && JSON.stringify(next) === JSON.stringify(this.status);
    this.status = next;
    if (!same) this.statuses.emit(next);
  }

  /** Publishes when connected; false when there is no connection (callers keep their cache). */
  private send(topic: string, payload: string, retain: boolean, qos: 0 | 1): boolean {
    const client = this.client;
    if (client?.connected !== true) return false;
    client.publishAsync(topic, payload, { retain, qos }).catch((err: unknown) => {
      this.log.warn("mqtt: publish failed", { topic, error: errorText(err) });
    });
    return true;
  }

  private sendState(force: boolean): void {
    if (this.state === null) return;
    const doc = JSON.stringify(toStateDoc(this.state));
    if (!force && doc === this.stateSent) return;
    if (this.send(this.topics.state, doc, true, 0)) this.stateSent = doc;
  }

  private sendPlan(force: boolean): void {
    if (this.plan === null || (!force && this.plan === this.planSent)) return;
    if (this.send(this.topics.plan, this.plan, true, 0)) this.planSent = this.plan;
  }

  private onConnect(client: MqttClient): void {
    this.lastError = null;
    this.setStatus({ kind: "connected" });
    this.send(this.topics.availability, AVAILABLE, true, 1);
    // The broker may have restarted without persistence: send the states again.
    this.sendState(true);
    this.sendPlan(true);
    this.subscribeAndScan(client).catch((err: unknown) => {
      this.log.warn("mqtt: discovery scan failed", { error: errorText(err) });
    });
  }

  /**
   * Subscribes, then listens for retained configs for a while before syncing them. If the scan
   * subscription is refused (broker ACL), nothing is learned and every config is published.
   */
  private async subscribeAndScan(client: MqttClient): Promise<void> {
    this.cancelScan?.();
    this.sync.beginScan();
    this.scanning = true;
    const t = this.topics;
    await client.subscribeAsync([t.commandWildcard, t.haStatus], { qos: 1 }).catch((err: unknown) => {
      this.log.warn("mqtt: subscribing to commands failed", { error: errorText(err) });
    });
    await client.subscribeAsync(t.configWildcard, { qos: 1 }).catch((err: unknown) => {
      this.log.warn("mqtt: cannot scan retained discovery configs; publishing all", { error: errorText(err) });
    });
    this.cancelScan = this.opts.scheduler.setTimeout(() => {
      this.cancelScan = null;
      this.finishScan(client).catch((err: unknown) => {
        this.log.warn("mqtt: discovery sync failed", { error: errorText(err) });
      });
    }, this.opts.discoveryScanMs ?? 2000);
  }

  private async finishScan(client: MqttClient): Promise<void> {
    if (client !== this.client) return;
    this.scanning = false;
    await client.unsubscribeAsync(this.topics.configWildcard).catch((err: unknown) => {
      this.log.warn("mqtt: unsubscribing the config scan failed", { error: errorText(err) });
    });
    this.publishConfigs(false);
    for (const topic of this.sync.stale()) {
      this.log.info("mqtt: removing stale discovery config", { topic });
      this.send(topic, "", true, 1);
    }
  }

  private publishConfigs(force: boolean): void {
    const pending = this.sync.pending(force);
    for (const m of pending) this.send(m.topic, m.payload, true, 1);
    if (pending.length > 0) this.log.info("mqtt: published discovery configs", { count: pending.length, force });
    else this.log.debug("mqtt: discovery configs unchanged");
  }

  private onMessage(topic: string, payload: string, packet: IPublishPacket): void {
    if (topic === this.topics.haStatus) {
      // A retained birth is history, not HA starting now.
      if (!packet.retain && payload.trim() === AVAILABLE) this.onHaBirth();
      return;
    }
    const key = commandKeyOf(this.topics, topic);
    if (key !== null) {
      this.onCommandMessage(topic, key, payload, packet.retain);
      return;
    }
    if (this.scanning && packet.retain) this.sync.learn(topic, payload);
  }

  /** HA (re)started: re-publish configs, then states, after a random delay (HA-CONVENTIONS §9.3). */
  private onHaBirth(): void {
    this.cancelBirth?.();
    const delayMs = Math.floor((this.opts.random ?? Math.random)() * (this.opts.birthDelayMaxMs ?? 5000));
    this.log.info("mqtt: Home Assistant came online; re-publishing discovery", { delayMs });
    this.cancelBirth = this.opts.scheduler.setTimeout(() => {
      this.cancelBirth = null;
      this.publishConfigs(true);
      this.sendState(true);
      this.sendPlan(true);
    }, delayMs);
  }

  private onCommandMessage(topic: string, key: string, payload: string, retained: boolean): void {
    if (retained) {
      // HA never retains commands; a retained one would replay on every connect.
      this.log.warn("mqtt: ignored a retained command", { topic, payload });
      return;
    }
    const parsed = parseCommand(key, payload);
    if (!parsed.ok) {
      this.log.warn("mqtt: ignored a bad command", { topic, payload, reason: parsed.reason });
      return;
    }
    this.log.info("mqtt: command", { command: parsed.command });
    this.commands.emit(parsed.command);
    // Echo at once so HA shows the change; the service's next publishState is authoritative.
    if (this.state !== null) this.state = applyEntityCommand(this.state, parsed.command);
    this.sendState(true);
  }

  private cancelTimers(): void {
    this.cancelScan?.();
    this.cancelScan = null;
    this.cancelBirth?.();
    this.cancelBirth = null;
    this.scanning = false;
  }
}
