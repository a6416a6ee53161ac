import { isoUtc } from "./state.js";
import type { MqttEntityConfig } from "./mqtt-discovery.js";
import { numberField, invalidFormat, validationError, type ServiceOutcome } from "./service-types.js";

/**
 * One MQTT-discovered entity as HA's MQTT platforms interpret it: incoming payloads → the
 * entity's value, availability, attributes → the HA state; service calls → the command payload.
 * Pure: the caller (mqtt-entities.ts) keeps the runtime and writes the registry.
 */

/** What an entity has learned from its topics. `value` null means unknown. */
export interface EntityRuntime {
  value: string | null;
  /** From json_attributes_topic, or the extra fields of the last event. */
  extra: Readonly<Record<string, unknown>>;
  /** Last availability per availability topic (true = payload_available). */
  readonly availability: Map<string, boolean>;
  /** Value of the availability message received last (availability_mode `latest`). */
  latestAvailable: boolean | null;
}

export const newRuntime = (): EntityRuntime => ({ value: null, extra: {}, availability: new Map(), latestAvailable: null });

/** A payload the platform ignores (HA logs it and keeps the old state). */
export interface Ignored {
  readonly ignored: string;
}

/** HA's PAYLOAD_NONE: a template that rendered Python's None resets the state to unknown. */
const NONE = "None";

/** Attribute names json_attributes may not set (HA's MQTT_ATTRIBUTES_BLOCKED, the ones that matter here). */
const BLOCKED = new Set(["friendly_name", "icon", "unit_of_measurement", "device_class", "state_class", "entity_picture", "assumed_state", "supported_features", "options"]);

const isNumeric = (t: string): boolean => t.trim() !== "" && Number.isFinite(Number(t));

/** HA's timestamp sensor state: UTC, seconds precision, `+00:00`. */
function timestampState(t: string): string | null {
  const ms = Date.parse(t);
  if (Number.isNaN(ms)) return null;
  return isoUtc(Math.floor(ms / 1000) * 1000).replace(/\.\d+\+00:00$/, "+00:00");
}

function sensorValue(c: Extract<MqttEntityConfig, { platform: "sensor" }>, t: string): string | null | Ignored {
  if (t === NONE) return null;
  if (c.deviceClass === "timestamp") return timestampState(t) ?? { ignored: `"${t}" is not a timestamp` };
  const numeric = c.unit !== null || c.stateClass !== null || (c.deviceClass !== null && c.deviceClass !== "enum");
  if (!numeric) return t;
  if (t === "") return { ignored: "empty state" };
  return isNumeric(t) ? String(Number(t)) : { ignored: `"${t}" is not numeric` };
}

const onOff = (t: string, on: string, off: string): string | Ignored => (t === on ? "on" : t === off ? "off" : { ignored: `no matching payload for "${t}"` });

function numberValue(c: Extract<MqttEntityConfig, { platform: "number" }>, t: string): string | Ignored {
  if (!isNumeric(t)) return { ignored: `"${t}" is not a number` };
  const v = Number(t);
  return v < c.min || v > c.max ? { ignored: `${v} is outside ${c.min} - ${c.max}` } : String(v);
}

/** The new value after a state message rendered to `t` (not for events, see eventUpdate). */
export function valueFromState(c: MqttEntityConfig, t: string): string | null | Ignored {
  if (t === NONE) return null;
  switch (c.platform) {
    case "sensor":
      return sensorValue(c, t);
    case "binary_sensor":
      return onOff(t, c.payloadOn, c.payloadOff);
    case "select":
      return c.options.includes(t) ? t : { ignored: `"${t}" is not a valid option` };
    case "number":
      return numberValue(c, t);
    case "switch":
      return onOff(t, c.stateOn, c.stateOff);
    case "button":
    case "event":
      return { ignored: `${c.platform} has no state value` };
  }
}

export const isIgnored = (v: unknown): v is Ignored => typeof v === "object" && v !== null && "ignored" in v;

/** A JSON object payload, or why it is not one (`what` names it in the reason). */
function jsonObject(text: string, what: string): Record<string, unknown> | Ignored {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return { ignored: `${what} is not JSON` };
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) return { ignored: `${what} is not a JSON object` };
  return v as Record<string, unknown>;
}

/** An event payload `{"event_type": …, …}`: state = when it fired, attributes = its fields. */
export function eventUpdate(c: MqttEntityConfig, payload: string, nowMs: number): { value: string; extra: Record<string, unknown> } | Ignored {
  if (c.platform !== "event") return { ignored: "not an event entity" };
  const fields = jsonObject(payload, "event payload");
  if (isIgnored(fields)) return fields;
  const type = fields["event_type"];
  if (typeof type !== "string" || !c.eventTypes.includes(type)) return { ignored: `event_type ${JSON.stringify(type)} is not one of ${c.eventTypes.join(", ")}` };
  return { value: isoUtc(nowMs), extra: fields };
}

/** json_attributes after the template: a JSON object, minus the blocked names. */
export function attributesFrom(t: string): Record<string, unknown> | Ignored {
  const v = jsonObject(t, "json attributes payload");
  return isIgnored(v) ? v : Object.fromEntries(Object.entries(v).filter(([k]) => !BLOCKED.has(k)));
}

/** HA's availability rule for the entity's topics; unavailable whenever the MQTT client is disconnected. */
export function isAvailable(c: MqttEntityConfig, rt: EntityRuntime, connected: boolean): boolean {
  if (!connected) return false;
  if (c.availability.length === 0) return true;
  const seen = c.availability.map((a) => rt.availability.get(a.topic) ?? false);
  switch (c.availabilityMode) {
    case "latest":
      return rt.latestAvailable ?? false;
    case "all":
      return seen.every(Boolean);
    case "any":
      return seen.some(Boolean);
  }
}

/** has_entity_name: "<device> <name>", the device's name for `name: null`. */
export function friendlyName(c: MqttEntityConfig): string {
  if (c.deviceName === null) return c.name ?? `MQTT ${c.platform.replace("_", " ")}`;
  return c.name === null ? c.deviceName : `${c.deviceName} ${c.name}`;
}

function platformAttributes(c: MqttEntityConfig): Record<string, unknown> {
  switch (c.platform) {
    case "sensor":
      return c.stateClass === null ? {} : { state_class: c.stateClass };
    case "select":
      return { options: [...c.options] };
    case "number":
      return { min: c.min, max: c.max, step: c.step, mode: c.mode };
    case "event":
      return { event_types: [...c.eventTypes] };
    case "binary_sensor":
    case "switch":
    case "button":
      return {};
  }
}

/** The HA state object of the entity now. */
export function haState(c: MqttEntityConfig, rt: EntityRuntime, connected: boolean): { state: string; attributes: Record<string, unknown> } {
  const attributes: Record<string, unknown> = {
    ...rt.extra,
    ...platformAttributes(c),
    ...(c.unit === null ? {} : { unit_of_measurement: c.unit }),
    ...(c.deviceClass === null ? {} : { device_class: c.deviceClass }),
    ...(c.icon === null ? {} : { icon: c.icon }),
    friendly_name: friendlyName(c),
  };
  const state = isAvailable(c, rt, connected) ? (rt.value ?? "unknown") : "unavailable";
  return { state, attributes };
}

/** What a service call on an MQTT entity publishes, plus the value HA sets itself (button press time). */
export type MqttCommand =
  | { readonly ok: true; readonly topic: string; readonly payload: string; readonly ownValue: string | null }
  | { readonly ok: false; readonly outcome: ServiceOutcome };

const refuse = (outcome: ServiceOutcome): MqttCommand => ({ ok: false, outcome });

type Of<P extends MqttEntityConfig["platform"]> = Extract<MqttEntityConfig, { platform: P }>;

function selectCommand(c: Of<"select">, entityId: string, data: Readonly<Record<string, unknown>>): MqttCommand {
  const option = data["option"];
  if (typeof option !== "string") return refuse(invalidFormat("expected str for dictionary value @ data['option']"));
  if (!c.options.includes(option)) return refuse(validationError(`Option ${option} is not valid for entity ${entityId}, valid options are: ${c.options.join(", ")}`));
  return { ok: true, topic: c.commandTopic, payload: option, ownValue: null };
}

/** HA sends an integral value without decimals ("25", not "25.0"). */
function numberCommand(c: Of<"number">, entityId: string, data: Readonly<Record<string, unknown>>): MqttCommand {
  const v = numberField(data, "value");
  if (v === null) return refuse(invalidFormat("expected float for dictionary value @ data['value']"));
  if (v < c.min || v > c.max) return refuse(validationError(`Value ${v} for ${entityId} is outside valid range ${c.min} - ${c.max}`));
  return { ok: true, topic: c.commandTopic, payload: String(v), ownValue: null };
}

const SWITCH_SERVICES = new Set(["switch.turn_on", "switch.turn_off", "switch.toggle"]);

/** The command `service` with `data` becomes on entity `entityId` (HA publishes qos 0, not retained). */
export function commandFor(c: MqttEntityConfig, entityId: string, rt: EntityRuntime, service: string, data: Readonly<Record<string, unknown>>, nowMs: number): MqttCommand {
  const wrong = refuse(validationError(`Entity ${entityId} does not support action ${service}`));
  switch (c.platform) {
    case "select":
      return service === "select.select_option" ? selectCommand(c, entityId, data) : wrong;
    case "number":
      return service === "number.set_value" ? numberCommand(c, entityId, data) : wrong;
    case "switch": {
      if (!SWITCH_SERVICES.has(service)) return wrong;
      const on = service === "switch.turn_on" || (service === "switch.toggle" && rt.value !== "on");
      return { ok: true, topic: c.commandTopic, payload: on ? c.payloadOn : c.payloadOff, ownValue: null };
    }
    case "button":
      return service === "button.press" ? { ok: true, topic: c.commandTopic, payload: c.payloadPress, ownValue: isoUtc(nowMs) } : wrong;
    case "sensor":
    case "binary_sensor":
    case "event":
      return wrong;
  }
}
