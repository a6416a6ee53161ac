import type { ConnectionStatus } from "./status.js";
import type { EpochMs } from "./time.js";

/** Disposer returned by every registration (STYLE.md P10): it removes exactly what was added. */
export type Unsubscribe = () => void;

/**
 * One HA entity state as the HA adapter hands it inward: the wire's short keys already
 * expanded, timestamps as epoch ms. The value is still HA's string; devices/ interprets it.
 */
export interface HaEntityState {
  readonly entityId: string;
  readonly state: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** When the state string last changed. */
  readonly lastChangedMs: EpochMs;
  /** When the state or an attribute last changed, or last reported (newer HA), whichever is latest. */
  readonly lastUpdatedMs: EpochMs;
}

export type EntityStates = ReadonlyMap<string, HaEntityState>;

/** An HA action ("service") call. */
export interface ServiceCall {
  readonly domain: string;
  readonly service: string;
  readonly target?: { readonly entity_id: string | readonly string[] };
  readonly serviceData?: Readonly<Record<string, unknown>>;
  /** Needed for actions that return data (e.g. `nordpool.get_prices_for_date`). */
  readonly returnResponse?: boolean;
}

/** Expected failures are values (STYLE.md P12). `code` is HA's error code or our own. */
export type ServiceResult =
  | { readonly ok: true; readonly response: unknown }
  | { readonly ok: false; readonly code: string; readonly message: string };

/** The HA port: what Sunshift needs from Home Assistant, nothing more. */
export interface HaClient {
  /**
   * Calls `onChange` with the full current map of the given entities now (once known) and on
   * every change. After a reconnect the map is re-sent in full. Entities HA does not know are
   * absent from the map.
   */
  subscribeEntities(entityIds: readonly string[], onChange: (states: EntityStates) => void): Unsubscribe;
  callService(call: ServiceCall): Promise<ServiceResult>;
  /** Calls `cb` with the current status at once and on every change. */
  onStatus(cb: (status: ConnectionStatus) => void): Unsubscribe;
}
