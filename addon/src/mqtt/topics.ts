/**
 * MQTT topics of one Sunshift install (HA-CONVENTIONS §9.1). IDs in discovery topics may only
 * contain [a-zA-Z0-9_-]; `<object_id>` is the unique_id, without a node_id.
 */

export const AVAILABLE = "online";
export const NOT_AVAILABLE = "offline";

/** HA components Sunshift publishes. */
export type Component = "sensor" | "binary_sensor" | "select" | "number" | "switch" | "button" | "event";

const ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** True when `id` may appear in a discovery topic and a unique_id. */
export function isValidInstallId(id: string): boolean {
  return ID_PATTERN.test(id);
}

export interface Topics {
  /** `sunshift/<id>`: root of our own topics. */
  readonly base: string;
  /** Retained `online`/`offline`; also the LWT topic. */
  readonly availability: string;
  /** Retained JSON state document every entity reads through its value_template. */
  readonly state: string;
  /** Retained CardPayload JSON: the plan sensor's attributes. */
  readonly plan: string;
  /** Event entity topic (not retained: an event must not replay). */
  readonly planChanged: string;
  /** HA's birth/will topic: `<prefix>/status`. */
  readonly haStatus: string;
  /** Wildcard matching every command topic: `sunshift/<id>/+/set`. */
  readonly commandWildcard: string;
  /** Wildcard over per-entity configs: `<prefix>/+/+/config` (stale-config scan). */
  readonly configWildcard: string;
  /** Prefix of every unique_id and discovery object_id of this install. */
  readonly uniqueIdPrefix: string;
  command(key: string): string;
  config(component: Component, key: string): string;
  uniqueId(key: string): string;
}

/** Topics for install `installId` under discovery prefix `prefix` (precondition: isValidInstallId). */
export function topicsFor(prefix: string, installId: string): Topics {
  const base = `sunshift/${installId}`;
  const uniqueIdPrefix = `sunshift_${installId}_`;
  return {
    base,
    availability: `${base}/availability`,
    state: `${base}/state`,
    plan: `${base}/plan`,
    planChanged: `${base}/plan_changed`,
    haStatus: `${prefix}/status`,
    commandWildcard: `${base}/+/set`,
    configWildcard: `${prefix}/+/+/config`,
    uniqueIdPrefix,
    command: (key) => `${base}/${key}/set`,
    config: (component, key) => `${prefix}/${component}/${uniqueIdPrefix}${key}/config`,
    uniqueId: (key) => `${uniqueIdPrefix}${key}`,
  };
}

/** The entity key of a command topic of this install, or null for any other topic. */
export function commandKeyOf(topics: Topics, topic: string): string | null {
  const head = `${topics.base}/`;
  if (!topic.startsWith(head) || !topic.endsWith("/set")) return null;
  const key = topic.slice(head.length, -"/set".length);
  return ID_PATTERN.test(key) ? key : null;
}

/** The object id of `<prefix>/<component>/<object_id>/config` when it is one of ours, else null. */
export function ownConfigObjectId(topics: Topics, topic: string): string | null {
  const parts = topic.split("/");
  const objectId = parts[parts.length - 2];
  if (parts[parts.length - 1] !== "config" || objectId === undefined) return null;
  return objectId.startsWith(topics.uniqueIdPrefix) ? objectId : null;
}
