import { ENTITY_SPECS, type EntityCategory, type EntitySpec, type SensorSpec } from "./entity-table.js";
import { AVAILABLE, NOT_AVAILABLE, type Component, type Topics } from "./topics.js";

/**
 * Typed builders of HA MQTT discovery payloads (HA-CONVENTIONS §9.2–9.4, STYLE.md P11): one per
 * component, every payload with `origin`, the shared `device`, `availability`, a stable
 * `unique_id`, `default_entity_id` (with the domain) and `object_id` (for HA before 2025.10).
 * Pure: the same context gives byte-identical payloads, so "changed?" is a string compare.
 */

export interface DiscoveryContext {
  readonly topics: Topics;
  readonly installId: string;
  /** Add-on version, for `sw_version` of device and origin. */
  readonly version: string;
  /** e.g. `homeassistant://hassio/ingress/<slug>`; omitted when unknown. */
  readonly configurationUrl?: string;
}

export const SUPPORT_URL = "https://github.com/sunshift-energy/sunshift";

export interface DeviceBlock {
  readonly identifiers: readonly string[];
  readonly name: string;
  readonly manufacturer: string;
  readonly model: string;
  readonly sw_version: string;
  readonly configuration_url?: string;
}

export interface OriginBlock {
  readonly name: string;
  readonly sw_version: string;
  readonly support_url: string;
}

export interface AvailabilityItem {
  readonly topic: string;
  readonly payload_available: string;
  readonly payload_not_available: string;
}

interface BaseConfig {
  readonly name: string;
  readonly unique_id: string;
  readonly default_entity_id: string;
  readonly object_id: string;
  readonly icon?: string;
  readonly entity_category?: EntityCategory;
  readonly availability: readonly AvailabilityItem[];
  readonly device: DeviceBlock;
  readonly origin: OriginBlock;
}

interface StateRead {
  readonly state_topic: string;
  readonly value_template: string;
}

export type SensorConfig = BaseConfig & StateRead & {
  readonly device_class?: string;
  readonly state_class?: string;
  readonly unit_of_measurement?: string;
  readonly suggested_display_precision?: number;
  readonly last_reset_value_template?: string;
  readonly json_attributes_topic?: string;
  readonly json_attributes_template?: string;
};
export type BinarySensorConfig = BaseConfig & StateRead & {
  readonly device_class: "problem";
  readonly payload_on: "ON";
  readonly payload_off: "OFF";
  readonly json_attributes_topic: string;
  readonly json_attributes_template: string;
};
export type SelectConfig = BaseConfig & StateRead & { readonly command_topic: string; readonly options: readonly string[] };
export type NumberConfig = BaseConfig & StateRead & {
  readonly command_topic: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly mode: "box" | "slider";
  readonly unit_of_measurement: string;
  readonly device_class?: string;
};
export type SwitchConfig = BaseConfig & StateRead & {
  readonly command_topic: string;
  readonly payload_on: "ON";
  readonly payload_off: "OFF";
};
export type ButtonConfig = BaseConfig & { readonly command_topic: string; readonly payload_press: "PRESS" };
export type EventConfig = BaseConfig & { readonly state_topic: string; readonly event_types: readonly string[] };

export type DiscoveryPayload = SensorConfig | BinarySensorConfig | SelectConfig | NumberConfig | SwitchConfig | ButtonConfig | EventConfig;

/** One retained config message: publish `JSON.stringify(payload)` to `topic`, retain, qos 1. */
export interface DiscoveryMessage {
  readonly key: string;
  readonly component: Component;
  readonly topic: string;
  readonly payload: DiscoveryPayload;
}

/** The shared device block (full form on every entity: retained configs may arrive in any order). */
export function deviceBlock(ctx: DiscoveryContext): DeviceBlock {
  return {
    identifiers: [`sunshift_${ctx.installId}`],
    name: "Sunshift",
    manufacturer: "Sunshift",
    model: "Sunshift add-on",
    sw_version: ctx.version,
    ...(ctx.configurationUrl === undefined ? {} : { configuration_url: ctx.configurationUrl }),
  };
}

export function originBlock(ctx: DiscoveryContext): OriginBlock {
  return { name: "Sunshift", sw_version: ctx.version, support_url: SUPPORT_URL };
}

function base(ctx: DiscoveryContext, spec: EntitySpec): BaseConfig {
  const objectId = `sunshift_${spec.key}`;
  return {
    name: spec.name,
    unique_id: ctx.topics.uniqueId(spec.key),
    default_entity_id: `${spec.component}.${objectId}`,
    object_id: objectId,
    ...(spec.icon === undefined ? {} : { icon: spec.icon }),
    ...(spec.category === undefined ? {} : { entity_category: spec.category }),
    availability: [{ topic: ctx.topics.availability, payload_available: AVAILABLE, payload_not_available: NOT_AVAILABLE }],
    device: deviceBlock(ctx),
    origin: originBlock(ctx),
  };
}

const read = (ctx: DiscoveryContext, field: string): StateRead => ({
  state_topic: ctx.topics.state,
  value_template: `{{ value_json.${field} }}`,
});

export function sensorConfig(ctx: DiscoveryContext, spec: SensorSpec): SensorConfig {
  return {
    ...base(ctx, spec),
    ...read(ctx, spec.field),
    ...(spec.deviceClass === undefined ? {} : { device_class: spec.deviceClass }),
    ...(spec.stateClass === undefined ? {} : { state_class: spec.stateClass }),
    ...(spec.unit === undefined ? {} : { unit_of_measurement: spec.unit }),
    ...(spec.precision === undefined ? {} : { suggested_display_precision: spec.precision }),
    ...(spec.lastResetField === undefined ? {} : { last_reset_value_template: `{{ value_json.${spec.lastResetField} }}` }),
    ...(spec.planAttributes === true ? { json_attributes_topic: ctx.topics.plan } : {}),
    ...(spec.attributes === undefined ? {} : { json_attributes_topic: ctx.topics.state, json_attributes_template: `{{ {${spec.attributes.map(([k, f]) => `'${k}': value_json.${f}`).join(", ")}} | tojson }}` }),
  };
}

/** The payload of one entity row. Exhaustive over components (STYLE.md P6). */
export function discoveryPayload(ctx: DiscoveryContext, spec: EntitySpec): DiscoveryPayload {
  const command_topic = ctx.topics.command(spec.key);
  switch (spec.component) {
    case "sensor":
      return sensorConfig(ctx, spec);
    case "binary_sensor":
      return {
        ...base(ctx, spec),
        ...read(ctx, spec.field),
        device_class: "problem",
        payload_on: "ON",
        payload_off: "OFF",
        json_attributes_topic: ctx.topics.state,
        json_attributes_template: `{{ {'cause': value_json.${spec.causeField}} | tojson }}`,
      };
    case "select":
      return { ...base(ctx, spec), ...read(ctx, spec.field), command_topic, options: spec.options };
    case "number": {
      const { min, max, step, mode, unit } = spec;
      const dc = spec.deviceClass === undefined ? {} : { device_class: spec.deviceClass };
      return { ...base(ctx, spec), ...read(ctx, spec.field), command_topic, min, max, step, mode, unit_of_measurement: unit, ...dc };
    }
    case "switch":
      return { ...base(ctx, spec), ...read(ctx, spec.field), command_topic, payload_on: "ON", payload_off: "OFF" };
    case "button":
      return { ...base(ctx, spec), command_topic, payload_press: "PRESS" };
    case "event":
      return { ...base(ctx, spec), state_topic: ctx.topics.planChanged, event_types: spec.eventTypes };
  }
}

/** Every config message of this install, in table order. */
export function buildDiscovery(ctx: DiscoveryContext, specs: readonly EntitySpec[] = ENTITY_SPECS): DiscoveryMessage[] {
  return specs.map((spec) => ({
    key: spec.key,
    component: spec.component,
    topic: ctx.topics.config(spec.component, spec.key),
    payload: discoveryPayload(ctx, spec),
  }));
}
