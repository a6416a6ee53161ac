/**
 * The slice of HA's frontend `hass` object the card uses (home-assistant/frontend
 * src/types.ts). HA replaces the object on every state change, so `!==` tells what changed.
 */
export interface HassEntity {
  readonly entity_id: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly last_changed: string;
  readonly last_updated: string;
}

export interface HassTarget {
  readonly entity_id: string | readonly string[];
}

export interface HomeAssistant {
  readonly states: Readonly<Record<string, HassEntity | undefined>>;
  callService(domain: string, service: string, serviceData?: Readonly<Record<string, unknown>>, target?: HassTarget): Promise<unknown>;
  /** HA ≥ 2023: language and where times are shown ("local" browser zone or "server" zone). */
  readonly locale?: { readonly language: string; readonly time_zone?: string };
  readonly language?: string;
  readonly config?: { readonly time_zone?: string };
  readonly themes?: { readonly darkMode?: boolean };
}

/** The IANA zone the card shows times in: the home's zone unless the user chose "local". */
export function displayTimeZone(hass: HomeAssistant): string | undefined {
  if (hass.locale?.time_zone === "local") return undefined;
  return hass.config?.time_zone;
}

/** A numeric entity state, or null when unknown, unavailable, missing or not a number. */
export function numericState(hass: HomeAssistant, entityId: string): number | null {
  const s = hass.states[entityId];
  if (s === undefined || s.state === "" || s.state === "unknown" || s.state === "unavailable") return null;
  const v = Number(s.state);
  return Number.isFinite(v) ? v : null;
}

/** True when any of `ids` has a different state object in `next` than in `prev`. */
export function entitiesChanged(prev: HomeAssistant | undefined, next: HomeAssistant, ids: readonly string[]): boolean {
  if (prev === undefined) return true;
  if (prev.locale?.language !== next.locale?.language || prev.language !== next.language) return true;
  if (prev.themes?.darkMode !== next.themes?.darkMode) return true;
  return ids.some((id) => prev.states[id] !== next.states[id]);
}
