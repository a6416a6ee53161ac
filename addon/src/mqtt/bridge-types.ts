import type { IClientOptions, MqttClient } from "mqtt";
import type { CardPayload, EntitiesState, EntityCommand, PlanChangedSummary } from "../domain/entities.js";
import type { Logger, Scheduler, Unsubscribe } from "../domain/index.js";
import type { Topics } from "./topics.js";

/** The MQTT bridge's public contract (bridge.ts implements it). */

export type MqttStatus =
  | { readonly kind: "connecting" }
  | { readonly kind: "connected" }
  | { readonly kind: "disconnected"; readonly cause: string }
  | { readonly kind: "stopped" };

/** Opens the client; tests inject one to reach the socket (e.g. to drop it without DISCONNECT). */
export type ConnectFn = (url: string, options: IClientOptions) => MqttClient;

export interface MqttBridgeOptions {
  readonly url: string;
  readonly username?: string;
  readonly password?: string;
  /** Discovery prefix, default in the options schema: `homeassistant`. */
  readonly discoveryPrefix: string;
  /** Stable id of this install, [A-Za-z0-9_-]+. */
  readonly installId: string;
  readonly version: string;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  /** [0, 1) source for the birth-message jitter; Math.random when omitted. */
  readonly random?: () => number;
  readonly configurationUrl?: string;
  readonly clientId?: string;
  /** How long to listen for retained configs after each connect, ms (default 2000). */
  readonly discoveryScanMs?: number;
  /** Upper bound of the random delay before re-publishing after HA's birth message, ms (default 5000). */
  readonly birthDelayMaxMs?: number;
  /** Delay between reconnect attempts, ms (default 2000). */
  readonly reconnectPeriodMs?: number;
  readonly connect?: ConnectFn;
}

export interface MqttBridge {
  /** Connects; resolves after the first connect or the first failed attempt (never rejects). */
  start(): Promise<void>;
  /** Publishes `offline` (retained), then disconnects cleanly. */
  stop(): Promise<void>;
  /** The entities' state; published retained when it changed, cached for re-publishing. */
  publishState(state: EntitiesState): void;
  /** The plan sensor's attributes; published retained when changed, cached. */
  publishPlan(payload: CardPayload): void;
  /** Fires the `plan changed` event entity (not retained; dropped while disconnected). */
  firePlanChanged(summary: PlanChangedSummary): void;
  onCommand(cb: (command: EntityCommand) => void): Unsubscribe;
  /** Calls `cb` with the current status at once and on every change. */
  onStatus(cb: (status: MqttStatus) => void): Unsubscribe;
  readonly topics: Topics;
}
