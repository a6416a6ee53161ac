import { connect, type IClientOptions, type MqttClient } from "mqtt";
import type { Clock, Logger } from "../domain/index.js";
import { discoveryPlatformOf } from "./mqtt-discovery.js";
import { MqttEntities, type MqttEntityView } from "./mqtt-entities.js";
import { commandFor } from "./mqtt-entity.js";
import type { EntityRegistry } from "./registry.js";
import { validationError, type ServiceOutcome, type ServiceRequest } from "./service-types.js";

/**
 * The simulated home playing Home Assistant's MQTT integration (issue 5 §8, HA-CONVENTIONS §9):
 * it connects to a broker with HA's will, subscribes to discovery, publishes the birth message
 * `online` to `<prefix>/status` after every (re)connect, keeps the discovered entities in the
 * registry (mqtt-entities.ts), and turns service calls on them into command publishes.
 */

export interface SimMqttOptions {
  /** `mqtt://127.0.0.1:<port>` */
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Discovery prefix, default `homeassistant` (the birth topic is `<prefix>/status`). */
  readonly discoveryPrefix?: string;
  /** Wall ms between reconnect attempts (default 500: a local broker). */
  readonly reconnectPeriodMs?: number;
  readonly clientId?: string;
}

export type SimMqttStatus =
  | { readonly kind: "connecting" }
  | { readonly kind: "connected"; readonly connects: number }
  | { readonly kind: "disconnected"; readonly cause: string }
  | { readonly kind: "stopped" };

/** What the simulated home exposes of its MQTT side. */
export interface SimMqtt {
  status(): SimMqttStatus;
  /** The MQTT entities HA created from discovery, in discovery order. */
  entities(): readonly MqttEntityView[];
  /** HA restarted (as seen on MQTT): publishes the birth message `online` again. */
  announceBirth(): Promise<void>;
}

export interface SimMqttSide extends SimMqtt {
  /** Resolves after the first connect or the first failed attempt (never rejects). */
  start(): Promise<void>;
  /** Publishes HA's `offline` and disconnects. */
  stop(): Promise<void>;
  /** A service call on MQTT entities: the outcome, or null when no target is an MQTT entity. */
  tryCall(req: ServiceRequest): ServiceOutcome | null;
}

const BIRTH = "online";
const WILL = "offline";

/** Numbers the default client ids: two simulated homes of one process must not take over each other's session. */
let instances = 0;

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function createSimMqtt(opts: SimMqttOptions, registry: EntityRegistry, clock: Clock, logger: Logger): SimMqttSide {
  instances += 1;
  const clientId = opts.clientId ?? `sim_home_assistant_${process.pid}_${instances}`;
  return new SimMqttClient({ ...opts, clientId }, new MqttEntities(registry, clock, logger), clock, logger);
}

class SimMqttClient implements SimMqttSide {
  private client: MqttClient | null = null;
  private current: SimMqttStatus = { kind: "stopped" };
  private connects = 0;
  private readonly prefix: string;
  private readonly birthTopic: string;
  /** Topics subscribed on the current connection (beyond the discovery wildcards). */
  private subscribed = new Set<string>();
  private lastError: string | null = null;

  constructor(
    private readonly opts: SimMqttOptions,
    private readonly store: MqttEntities,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.prefix = opts.discoveryPrefix ?? "homeassistant";
    this.birthTopic = `${this.prefix}/status`;
  }

  status(): SimMqttStatus {
    return this.current;
  }

  async start(): Promise<void> {
    if (this.client !== null) return;
    this.current = { kind: "connecting" };
    const client = connect(this.opts.url, this.clientOptions());
    this.client = client;
    const settled = (resolve: () => void) => (): void => {
      resolve();
    };
    const firstOutcome = new Promise<void>((resolve) => client.once("connect", settled(resolve)).once("close", settled(resolve)));
    client
      .on("connect", () => {
        this.onConnect(client);
      })
      .on("message", (topic, payload) => {
        this.onMessage(topic, payload.toString("utf8"));
      })
      .on("close", () => {
        this.onClose();
      })
      .on("error", (err) => {
        this.lastError = err.message;
        this.logger.debug("sim mqtt: client error", { error: err.message });
      });
    await firstOutcome;
  }

  private onClose(): void {
    if (this.current.kind === "stopped") return;
    this.current = { kind: "disconnected", cause: this.lastError ?? "connection closed" };
    this.subscribed = new Set();
    this.store.setConnected(false);
  }

  async stop(): Promise<void> {
    const client = this.client;
    if (client === null) return;
    this.client = null;
    const wasConnected = client.connected;
    this.current = { kind: "stopped" };
    try {
      // A clean shutdown does not trigger the will: say `offline` ourselves, as HA does.
      if (wasConnected) await client.publishAsync(this.birthTopic, WILL, { qos: 0, retain: false });
      await client.endAsync(!wasConnected);
    } catch (err) {
      this.logger.warn("sim mqtt: error while stopping", { error: errorText(err) });
    }
    this.store.setConnected(false);
  }

  entities(): readonly MqttEntityView[] {
    return this.store.views();
  }

  async announceBirth(): Promise<void> {
    const client = this.client;
    if (client?.connected !== true) return;
    await client.publishAsync(this.birthTopic, BIRTH, { qos: 0, retain: false });
  }

  tryCall(req: ServiceRequest): ServiceOutcome | null {
    const found = req.entityIds.map((id) => ({ id, entry: this.store.find(id) }));
    if (found.every((f) => f.entry === undefined)) return null;
    const other = found.find((f) => f.entry === undefined);
    if (other !== undefined) return validationError(`Entity ${other.id} is not an MQTT entity; call MQTT and device entities separately`);
    const client = this.client;
    const service = `${req.domain}.${req.service}`;
    const nowMs = this.clock.nowMs();
    const commands = found.map((f) => (f.entry === undefined ? null : { id: f.id, cmd: commandFor(f.entry.config, f.id, f.entry.rt, service, req.serviceData, nowMs) }));
    for (const c of commands) if (c !== null && !c.cmd.ok) return c.cmd.outcome;
    if (client?.connected !== true) return { ok: false, code: "home_assistant_error", message: "Cannot publish: the MQTT client is not connected" };
    for (const c of commands) {
      if (c === null || !c.cmd.ok) continue;
      client.publish(c.cmd.topic, c.cmd.payload, { qos: 0, retain: false });
      if (c.cmd.ownValue !== null) this.store.setOwnValue(c.id, c.cmd.ownValue);
    }
    return { ok: true, response: null };
  }

  private clientOptions(): IClientOptions {
    return {
      clientId: this.opts.clientId ?? "sim_home_assistant",
      ...(this.opts.username === undefined ? {} : { username: this.opts.username }),
      ...(this.opts.password === undefined ? {} : { password: this.opts.password }),
      protocolVersion: 4,
      clean: true,
      // We own our subscriptions: onConnect makes them after every (re)connect.
      resubscribe: false,
      reconnectPeriod: this.opts.reconnectPeriodMs ?? 500,
      connectTimeout: 5000,
      will: { topic: this.birthTopic, payload: Buffer.from(WILL), qos: 0, retain: false },
    };
  }

  /** HA's order: subscribe discovery and every entity topic, then the birth message. */
  private onConnect(client: MqttClient): void {
    this.connects += 1;
    this.lastError = null;
    this.current = { kind: "connected", connects: this.connects };
    this.store.setConnected(true);
    const topics = [`${this.prefix}/+/+/config`, `${this.prefix}/+/+/+/config`, ...this.store.topics()];
    this.subscribed = new Set(this.store.topics());
    client
      .subscribeAsync(topics, { qos: 0 })
      .then(() => client.publishAsync(this.birthTopic, BIRTH, { qos: 0, retain: false }))
      .catch((err: unknown) => {
        this.logger.warn("sim mqtt: subscribing or birth failed", { error: errorText(err) });
      });
  }

  private onMessage(topic: string, payload: string): void {
    const platform = discoveryPlatformOf(this.prefix, topic);
    if (platform !== null) {
      this.store.discover(topic, platform, payload);
      this.syncSubscriptions();
      return;
    }
    this.store.onMessage(topic, payload);
  }

  /** Subscribes topics new entities listen to; unsubscribes those nobody needs any more. */
  private syncSubscriptions(): void {
    const client = this.client;
    if (client?.connected !== true) return;
    const wanted = this.store.topics();
    const added = [...wanted].filter((t) => !this.subscribed.has(t));
    const removed = [...this.subscribed].filter((t) => !wanted.has(t));
    this.subscribed = wanted;
    const fail = (err: unknown): void => {
      this.logger.warn("sim mqtt: (un)subscribe failed", { error: errorText(err) });
    };
    if (added.length > 0) client.subscribeAsync(added, { qos: 0 }).catch(fail);
    if (removed.length > 0) {
      client.unsubscribeAsync(removed).catch(fail);
      this.store.prune();
    }
  }
}
