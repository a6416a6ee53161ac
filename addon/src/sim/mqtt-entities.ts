import type { Clock, Logger } from "../domain/index.js";
import { parseDiscoveryPayload, type MqttEntityConfig, type MqttPlatform } from "./mqtt-discovery.js";
import { attributesFrom, eventUpdate, haState, isIgnored, newRuntime, valueFromState, friendlyName, type EntityRuntime } from "./mqtt-entity.js";
import { renderTemplate } from "./mqtt-template.js";
import type { EntityRegistry } from "./registry.js";

/**
 * The entities HA's MQTT integration created from discovery, kept in the simulated home's
 * registry: created, updated and removed by config messages, fed by their state, attribute and
 * availability topics. It says which topics it needs; mqtt-side.ts does the subscribing.
 */

type Role = "state" | "attributes" | "availability";

interface Entry {
  readonly discoveryTopic: string;
  readonly entityId: string;
  config: MqttEntityConfig;
  readonly rt: EntityRuntime;
}

/** One discovered entity as the demo and tests see it. */
export interface MqttEntityView {
  readonly entityId: string;
  readonly uniqueId: string | null;
  readonly platform: MqttPlatform;
  readonly name: string;
  readonly discoveryTopic: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");

function topicsOf(c: MqttEntityConfig): [string, Role][] {
  const out: [string, Role][] = c.availability.map((a) => [a.topic, "availability"]);
  if (c.stateTopic !== null) out.push([c.stateTopic, "state"]);
  if (c.jsonAttributesTopic !== null) out.push([c.jsonAttributesTopic, "attributes"]);
  return out;
}

export class MqttEntities {
  private readonly byTopic = new Map<string, Entry>();
  /** Last payload seen per subscribed topic, replayed to entities that start listening later. */
  private readonly lastPayload = new Map<string, string>();
  private connected = false;

  constructor(
    private readonly registry: EntityRegistry,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** Every topic some entity listens to (state, attributes, availability). */
  topics(): Set<string> {
    return new Set([...this.byTopic.values()].flatMap((e) => topicsOf(e.config).map(([t]) => t)));
  }

  views(): MqttEntityView[] {
    return [...this.byTopic.values()].map((e) => ({
      entityId: e.entityId,
      uniqueId: e.config.uniqueId,
      platform: e.config.platform,
      name: friendlyName(e.config),
      discoveryTopic: e.discoveryTopic,
      state: this.registry.get(e.entityId)?.state ?? "unknown",
      attributes: this.registry.get(e.entityId)?.attributes ?? {},
    }));
  }

  /** The entry of an entity id, for service calls. */
  find(entityId: string): { readonly config: MqttEntityConfig; readonly rt: EntityRuntime } | undefined {
    return [...this.byTopic.values()].find((e) => e.entityId === entityId);
  }

  /** The MQTT client connected or dropped: HA shows every MQTT entity unavailable while disconnected. */
  setConnected(connected: boolean): void {
    this.connected = connected;
    for (const e of this.byTopic.values()) this.write(e);
  }

  /** A config message on `topic`: empty removes the entity, otherwise creates or updates it. */
  discover(topic: string, platform: MqttPlatform, payload: string): void {
    const existing = this.byTopic.get(topic);
    if (payload === "") {
      if (existing === undefined) return;
      this.byTopic.delete(topic);
      this.registry.remove(existing.entityId);
      this.logger.info("sim mqtt: entity removed", { entityId: existing.entityId, topic });
      return;
    }
    const parsed = parseDiscoveryPayload(platform, payload);
    if (!parsed.ok) {
      this.logger.warn("sim mqtt: invalid discovery payload ignored", { topic, reason: parsed.reason });
      return;
    }
    const config = parsed.config;
    const clash = [...this.byTopic.values()].find((e) => e.discoveryTopic !== topic && config.uniqueId !== null && e.config.uniqueId === config.uniqueId);
    if (clash !== undefined) {
      this.logger.warn("sim mqtt: unique id already exists, ignoring", { topic, uniqueId: config.uniqueId });
      return;
    }
    if (existing !== undefined && existing.config.platform === platform) {
      existing.config = config;
      this.replay(existing);
      return;
    }
    const entry: Entry = { discoveryTopic: topic, entityId: this.newEntityId(config), config, rt: newRuntime() };
    this.byTopic.set(topic, entry);
    this.logger.info("sim mqtt: entity created", { entityId: entry.entityId, topic });
    this.replay(entry);
  }

  /** A message on a state, attribute or availability topic. */
  onMessage(topic: string, payload: string): void {
    this.lastPayload.set(topic, payload);
    for (const e of this.byTopic.values()) {
      const roles = topicsOf(e.config).filter(([t]) => t === topic);
      for (const [, role] of roles) this.apply(e, role, topic, payload);
      if (roles.length > 0) this.write(e);
    }
  }

  /** Forgets cached payloads of topics nobody listens to any more. */
  prune(): void {
    const wanted = this.topics();
    for (const t of [...this.lastPayload.keys()]) if (!wanted.has(t)) this.lastPayload.delete(t);
  }

  /** Sets a value HA keeps itself (a button's last press) and writes the state. */
  setOwnValue(entityId: string, value: string): void {
    const e = [...this.byTopic.values()].find((x) => x.entityId === entityId);
    if (e === undefined) return;
    e.rt.value = value;
    this.write(e);
  }

  private newEntityId(c: MqttEntityConfig): string {
    const base = c.suggestedEntityId ?? `${c.platform}.${slug(friendlyName(c)) || "mqtt"}`;
    const taken = (id: string): boolean => this.registry.has(id) || [...this.byTopic.values()].some((e) => e.entityId === id);
    if (!taken(base)) return base;
    let n = 2;
    while (taken(`${base}_${n}`)) n += 1;
    return `${base}_${n}`;
  }

  /** Feeds what is known of the entity's topics (events excepted: an old event must not fire again). */
  private replay(e: Entry): void {
    for (const [topic, role] of topicsOf(e.config)) {
      const payload = this.lastPayload.get(topic);
      if (payload !== undefined && !(role === "state" && e.config.platform === "event")) this.apply(e, role, topic, payload);
    }
    this.write(e);
  }

  private apply(e: Entry, role: Role, topic: string, payload: string): void {
    const c = e.config;
    switch (role) {
      case "availability": {
        const a = c.availability.find((x) => x.topic === topic);
        if (a === undefined || (payload !== a.payloadAvailable && payload !== a.payloadNotAvailable)) return;
        e.rt.availability.set(topic, payload === a.payloadAvailable);
        e.rt.latestAvailable = payload === a.payloadAvailable;
        return;
      }
      case "attributes": {
        const rendered = renderTemplate(c.jsonAttributesTemplate, payload);
        const attrs = rendered.ok ? attributesFrom(rendered.text) : { ignored: rendered.reason };
        if (isIgnored(attrs)) this.logger.warn("sim mqtt: attributes ignored", { entityId: e.entityId, reason: attrs.ignored });
        else e.rt.extra = attrs;
        return;
      }
      case "state":
        this.applyState(e, payload);
        return;
    }
  }

  private applyState(e: Entry, payload: string): void {
    if (e.config.platform === "event") {
      const ev = eventUpdate(e.config, payload, this.clock.nowMs());
      if (isIgnored(ev)) this.logger.warn("sim mqtt: event ignored", { entityId: e.entityId, reason: ev.ignored });
      else Object.assign(e.rt, ev);
      return;
    }
    const rendered = renderTemplate(e.config.valueTemplate, payload);
    const value = rendered.ok ? valueFromState(e.config, rendered.text) : { ignored: rendered.reason };
    if (isIgnored(value)) this.logger.warn("sim mqtt: state ignored", { entityId: e.entityId, reason: value.ignored });
    else e.rt.value = value;
  }

  private write(e: Entry): void {
    this.registry.replace(e.entityId, haState(e.config, e.rt, this.connected));
  }
}
