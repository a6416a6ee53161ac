import { z } from "zod";
import { parseValueTemplate, type ValueTemplate } from "./mqtt-template.js";

/**
 * MQTT discovery payloads as HA's MQTT integration reads them (HA-CONVENTIONS §9.1–9.4), for the
 * platforms Sunshift publishes. Parsed once with zod into a typed config per platform (STYLE.md
 * P7); a payload HA would refuse (missing required key, bad template) is a reason, never a throw.
 * Full key names only: Sunshift does not use the abbreviations.
 */

export const MQTT_PLATFORMS = ["sensor", "binary_sensor", "select", "number", "switch", "button", "event"] as const;
export type MqttPlatform = (typeof MQTT_PLATFORMS)[number];

export interface AvailabilityTopic {
  readonly topic: string;
  readonly payloadAvailable: string;
  readonly payloadNotAvailable: string;
}

interface Common {
  readonly uniqueId: string | null;
  /** The entity id HA uses on first registration: default_entity_id, else `<platform>.<object_id>`, else null. */
  readonly suggestedEntityId: string | null;
  /** null: the device's main entity (name: null) or no name given. */
  readonly name: string | null;
  readonly deviceName: string | null;
  readonly icon: string | null;
  readonly entityCategory: string | null;
  readonly availability: readonly AvailabilityTopic[];
  readonly availabilityMode: "latest" | "all" | "any";
  readonly stateTopic: string | null;
  readonly valueTemplate: ValueTemplate;
  readonly jsonAttributesTopic: string | null;
  readonly jsonAttributesTemplate: ValueTemplate;
  readonly deviceClass: string | null;
  readonly unit: string | null;
}

export type MqttEntityConfig = Common &
  (
    | { readonly platform: "sensor"; readonly stateClass: string | null; readonly precision: number | null }
    | { readonly platform: "binary_sensor"; readonly payloadOn: string; readonly payloadOff: string }
    | { readonly platform: "select"; readonly commandTopic: string; readonly options: readonly string[] }
    | {
        readonly platform: "number";
        readonly commandTopic: string;
        readonly min: number;
        readonly max: number;
        readonly step: number;
        readonly mode: string;
      }
    | {
        readonly platform: "switch";
        readonly commandTopic: string;
        readonly payloadOn: string;
        readonly payloadOff: string;
        readonly stateOn: string;
        readonly stateOff: string;
      }
    | { readonly platform: "button"; readonly commandTopic: string; readonly payloadPress: string }
    | { readonly platform: "event"; readonly eventTypes: readonly string[] }
  );

export type DiscoveryParse = { readonly ok: true; readonly config: MqttEntityConfig } | { readonly ok: false; readonly reason: string };

/** `<prefix>/<platform>/[<node_id>/]<object_id>/config` → platform, or null for other topics. */
export function discoveryPlatformOf(prefix: string, topic: string): MqttPlatform | null {
  const parts = topic.split("/");
  if (parts.length < 4 || parts.length > 5 || parts[0] !== prefix || parts.at(-1) !== "config") return null;
  const platform = parts[1] ?? "";
  return (MQTT_PLATFORMS as readonly string[]).includes(platform) ? (platform as MqttPlatform) : null;
}

const text = z.string();
const optText = text.optional();
const availabilityItem = z.object({
  topic: text.min(1),
  payload_available: text.default("online"),
  payload_not_available: text.default("offline"),
  value_template: optText,
});

const baseSchema = z.object({
  name: text.nullable().optional(),
  unique_id: optText,
  default_entity_id: optText,
  object_id: optText,
  icon: optText,
  entity_category: optText,
  availability: z.array(availabilityItem).optional(),
  availability_topic: optText,
  payload_available: text.default("online"),
  payload_not_available: text.default("offline"),
  availability_mode: z.enum(["latest", "all", "any"]).default("latest"),
  device: z.object({ name: optText }).optional(),
  state_topic: optText,
  value_template: optText,
  json_attributes_topic: optText,
  json_attributes_template: optText,
  device_class: optText,
  unit_of_measurement: optText,
});

const platformSchemas = {
  sensor: z.object({ state_topic: text.min(1), state_class: optText, suggested_display_precision: z.int().min(0).optional() }),
  binary_sensor: z.object({ state_topic: text.min(1), payload_on: text.default("ON"), payload_off: text.default("OFF") }),
  select: z.object({ command_topic: text.min(1), options: z.array(text).min(1) }),
  number: z.object({
    command_topic: text.min(1),
    min: z.number().default(1),
    max: z.number().default(100),
    step: z.number().min(0.001).default(1),
    mode: text.default("auto"),
  }),
  switch: z.object({ command_topic: text.min(1), payload_on: text.default("ON"), payload_off: text.default("OFF"), state_on: optText, state_off: optText }),
  button: z.object({ command_topic: text.min(1), payload_press: text.default("PRESS") }),
  event: z.object({ state_topic: text.min(1), event_types: z.array(text).min(1) }),
} as const satisfies Record<MqttPlatform, z.ZodType>;

type Base = z.infer<typeof baseSchema>;

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
}

/** HA's rule: default_entity_id only when its domain is the platform; else object_id; else none. */
function suggestedEntityId(platform: MqttPlatform, b: Base): string | null {
  if (b.default_entity_id?.startsWith(`${platform}.`) === true) return b.default_entity_id;
  return b.object_id === undefined ? null : `${platform}.${b.object_id}`;
}

function availabilityOf(b: Base): AvailabilityTopic[] {
  const list = (b.availability ?? []).map((a) => ({ topic: a.topic, payloadAvailable: a.payload_available, payloadNotAvailable: a.payload_not_available }));
  if (b.availability_topic !== undefined) {
    list.push({ topic: b.availability_topic, payloadAvailable: b.payload_available, payloadNotAvailable: b.payload_not_available });
  }
  return list;
}

function commonOf(platform: MqttPlatform, b: Base): Common | string {
  if ((b.availability ?? []).some((a) => a.value_template !== undefined)) return "availability value_template is not supported by the simulated home";
  const value = parseValueTemplate(b.value_template);
  if (!value.ok) return `value_template: ${value.reason}`;
  const attrs = parseValueTemplate(b.json_attributes_template);
  if (!attrs.ok) return `json_attributes_template: ${attrs.reason}`;
  return {
    uniqueId: b.unique_id ?? null,
    suggestedEntityId: suggestedEntityId(platform, b),
    name: b.name ?? null,
    deviceName: b.device?.name ?? null,
    icon: b.icon ?? null,
    entityCategory: b.entity_category ?? null,
    availability: availabilityOf(b),
    availabilityMode: b.availability_mode,
    stateTopic: b.state_topic ?? null,
    valueTemplate: value.template,
    jsonAttributesTopic: b.json_attributes_topic ?? null,
    jsonAttributesTemplate: attrs.template,
    deviceClass: b.device_class ?? null,
    unit: b.unit_of_measurement ?? null,
  };
}

type Specific = MqttEntityConfig extends infer C ? (C extends Common ? Omit<C, keyof Common> : never) : never;

function via<S extends z.ZodType>(schema: S, raw: unknown, f: (d: z.output<S>) => Specific | string): Specific | string {
  const r = schema.safeParse(raw);
  return r.success ? f(r.data) : issuesText(r.error);
}

/** The platform's own keys, one converter per platform (a mapped type: none can be missing); a string says what is wrong. */
const PLATFORM_CONFIG: { readonly [P in MqttPlatform]: (raw: unknown) => Specific | string } = {
  sensor: (raw) =>
    via(platformSchemas.sensor, raw, (d) => ({ platform: "sensor", stateClass: d.state_class ?? null, precision: d.suggested_display_precision ?? null })),
  binary_sensor: (raw) => via(platformSchemas.binary_sensor, raw, (d) => ({ platform: "binary_sensor", payloadOn: d.payload_on, payloadOff: d.payload_off })),
  select: (raw) => via(platformSchemas.select, raw, (d) => ({ platform: "select", commandTopic: d.command_topic, options: d.options })),
  number: (raw) =>
    via(platformSchemas.number, raw, ({ command_topic, min, max, step, mode }) =>
      min > max ? `min ${min} is above max ${max}` : { platform: "number", commandTopic: command_topic, min, max, step, mode },
    ),
  switch: (raw) =>
    via(platformSchemas.switch, raw, (d) => ({
      platform: "switch",
      commandTopic: d.command_topic,
      payloadOn: d.payload_on,
      payloadOff: d.payload_off,
      stateOn: d.state_on ?? d.payload_on,
      stateOff: d.state_off ?? d.payload_off,
    })),
  button: (raw) => via(platformSchemas.button, raw, (d) => ({ platform: "button", commandTopic: d.command_topic, payloadPress: d.payload_press })),
  event: (raw) => via(platformSchemas.event, raw, (d) => ({ platform: "event", eventTypes: d.event_types })),
};

/** Parses one non-empty discovery payload of `platform`. */
export function parseDiscoveryPayload(platform: MqttPlatform, payload: string): DiscoveryParse {
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return { ok: false, reason: "payload is not JSON" };
  }
  const base = baseSchema.safeParse(raw);
  if (!base.success) return { ok: false, reason: issuesText(base.error) };
  const common = commonOf(platform, base.data);
  if (typeof common === "string") return { ok: false, reason: common };
  const specific = PLATFORM_CONFIG[platform](raw);
  if (typeof specific === "string") return { ok: false, reason: specific };
  return { ok: true, config: { ...common, ...specific } };
}
