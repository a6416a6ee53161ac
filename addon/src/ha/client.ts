import { Connection, type HaWebSocket } from "home-assistant-js-websocket";
import type { Clock, ConnectionStatus, EntityStates, HaClient, Logger, Scheduler, ServiceCall, ServiceResult, Unsubscribe } from "../domain/index.js";
import { TransientError } from "../domain/index.js";
import { backoffMs } from "./backoff.js";
import { haCoreConfigSchema, type HaCoreConfig } from "./core-config.js";
import { EntitySubscription } from "./entity-subscription.js";
import { CODE_NOT_CONNECTED, CODE_TIMEOUT, serviceFailure } from "./service-errors.js";
import { AuthInvalidError, openHaSocket, wsUrlFor } from "./socket.js";
import type { WsCommandMessage, WsCommandPort, WsCommandResult } from "./ws-command.js";

export interface HaClientOptions {
  /** `http://homeassistant.local:8123`, or `http://supervisor/core` inside the add-on. */
  readonly baseUrl: string;
  /** Long-lived access token, or `SUPERVISOR_TOKEN` inside the add-on. */
  readonly token: string;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  /** Ping period (default 30 s); a missing pong within `pongTimeoutMs` (default 10 s) forces a reconnect. */
  readonly heartbeatIntervalMs?: number;
  readonly pongTimeoutMs?: number;
  readonly handshakeTimeoutMs?: number;
  readonly authTimeoutMs?: number;
  /** Max wait for a `call_service` / `get_config` result (default 15 s). */
  readonly callTimeoutMs?: number;
  readonly backoffInitialMs?: number;
  /** Longest pause between reconnect attempts (default `RECONNECT_MAX_MS`). */
  readonly backoffMaxMs?: number;
  /** Ask for coalesced messages (`supported_features`); default true. */
  readonly supportedFeatures?: boolean;
}

/** The HA port plus lifecycle (STYLE.md P10), the core config and raw commands (ws-command.ts). */
export interface ManagedHaClient extends HaClient, WsCommandPort {
  /** Starts connecting; resolves after the first attempt settled. Never rejects: HA may be down. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** `get_config`, parsed. Rejects with `TransientError` when not connected or on timeout. */
  getConfig(): Promise<HaCoreConfig>;
  status(): ConnectionStatus;
}

/** Options for running inside the add-on: Core through the Supervisor proxy. */
export function supervisorConnection(supervisorToken: string): { baseUrl: string; token: string } {
  return { baseUrl: "http://supervisor/core", token: supervisorToken };
}

/**
 * Reconnect attempts are at most 5 s apart (as HAWS's own `min(tries, 5) s`): Core restarts
 * take 20–60 s, and with a longer cap Sunshift would stay in its safe state long after HA is
 * back (issue 8: reconnect within 5 s; tests/faults/ha-reconnect.test.ts).
 */
export const RECONNECT_MAX_MS = 5_000;

interface Live {
  readonly conn: Connection;
  readonly socket: HaWebSocket;
  readonly stopHeartbeat: () => void;
}

class HaClientImpl implements ManagedHaClient {
  private current: ConnectionStatus = { kind: "stopped" };
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private readonly subs = new Set<EntitySubscription>();
  private live: Live | null = null;
  private failures = 0;
  private lostSinceMs: number | null = null;
  private cancelRetry: (() => void) | null = null;
  private running = false;
  /** Bumped by stop(): an attempt started before a stop never adopts its socket. */
  private epoch = 0;

  constructor(private readonly o: HaClientOptions) {}

  status(): ConnectionStatus {
    return this.current;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.attempt();
  }

  stop(): Promise<void> {
    this.running = false;
    this.epoch += 1;
    this.cancelRetry?.();
    this.cancelRetry = null;
    const live = this.live;
    this.live = null;
    if (live !== null) {
      live.stopHeartbeat();
      live.conn.close();
    }
    for (const s of this.subs) s.detach();
    this.setStatus({ kind: "stopped" });
    return Promise.resolve();
  }

  onStatus(cb: (status: ConnectionStatus) => void): Unsubscribe {
    this.statusListeners.add(cb);
    cb(this.current);
    return () => {
      this.statusListeners.delete(cb);
    };
  }

  subscribeEntities(entityIds: readonly string[], onChange: (states: EntityStates) => void): Unsubscribe {
    const sub = new EntitySubscription([...new Set(entityIds)], onChange, this.o.logger);
    this.subs.add(sub);
    if (this.live !== null) sub.attach(this.live.conn);
    return () => {
      if (this.subs.delete(sub)) sub.close();
    };
  }

  async callService(call: ServiceCall): Promise<ServiceResult> {
    const msg: Record<string, unknown> = { type: "call_service", domain: call.domain, service: call.service };
    if (call.serviceData !== undefined) msg["service_data"] = call.serviceData;
    if (call.target !== undefined) msg["target"] = call.target;
    if (call.returnResponse === true) msg["return_response"] = true;
    const r = await this.request(msg);
    if (!r.ok) return r;
    const result = r.result;
    const response = typeof result === "object" && result !== null ? (result as Record<string, unknown>)["response"] : undefined;
    return { ok: true, response: response ?? null };
  }

  async getConfig(): Promise<HaCoreConfig> {
    const r = await this.request({ type: "get_config" });
    if (!r.ok) throw new TransientError(`get_config failed: ${r.code}: ${r.message}`);
    return haCoreConfigSchema.parse(r.result);
  }

  sendCommand(msg: WsCommandMessage): Promise<WsCommandResult> {
    return this.request({ ...msg });
  }

  /** One command with a result, bounded by `callTimeoutMs`; failures as values. */
  private request(msg: Record<string, unknown>): Promise<{ ok: true; result: unknown } | (ServiceResult & { ok: false })> {
    const live = this.live;
    if (live === null || !live.conn.connected) {
      return Promise.resolve({ ok: false, code: CODE_NOT_CONNECTED, message: "not connected to Home Assistant" });
    }
    const timeoutMs = this.o.callTimeoutMs ?? 15_000;
    return new Promise((resolve) => {
      const cancel = this.o.scheduler.setTimeout(() => {
        resolve({ ok: false, code: CODE_TIMEOUT, message: `no result within ${timeoutMs} ms` });
      }, timeoutMs);
      live.conn.sendMessagePromise<unknown>({ type: String(msg["type"]), ...msg }).then(
        (result) => {
          cancel();
          resolve({ ok: true, result });
        },
        (err: unknown) => {
          cancel();
          resolve(serviceFailure(err));
        },
      );
    });
  }

  private setStatus(s: ConnectionStatus): void {
    this.current = s;
    for (const l of [...this.statusListeners]) {
      try {
        l(s);
      } catch (err) {
        this.o.logger.error("ha: status listener threw", { error: err instanceof Error ? err.message : String(err) });
      }
    }
  }

  private async attempt(): Promise<void> {
    const epoch = this.epoch;
    this.cancelRetry = null;
    this.setStatus({ kind: "connecting", attempt: this.failures + 1 });
    let socket: HaWebSocket;
    try {
      socket = await openHaSocket({
        wsUrl: wsUrlFor(this.o.baseUrl),
        token: this.o.token,
        scheduler: this.o.scheduler,
        handshakeTimeoutMs: this.o.handshakeTimeoutMs ?? 15_000,
        authTimeoutMs: this.o.authTimeoutMs ?? 30_000,
        supportedFeatures: this.o.supportedFeatures ?? true,
      });
    } catch (err) {
      if (epoch === this.epoch) this.onAttemptFailed(err);
      return;
    }
    if (!this.running || epoch !== this.epoch) {
      socket.close();
      return;
    }
    this.adopt(socket);
  }

  private onAttemptFailed(err: unknown): void {
    if (!this.running) return;
    if (err instanceof AuthInvalidError) {
      this.o.logger.error("ha: authentication rejected; not retrying", { message: err.message });
      this.running = false;
      this.setStatus({ kind: "auth_failed", message: err.message });
      return;
    }
    this.scheduleRetry(err instanceof Error ? err.message : String(err));
  }

  private scheduleRetry(cause: string): void {
    this.failures += 1;
    const delay = backoffMs(this.failures, this.o.backoffInitialMs, this.o.backoffMaxMs ?? RECONNECT_MAX_MS);
    this.lostSinceMs ??= this.o.clock.nowMs();
    this.o.logger.warn("ha: disconnected, retrying", { cause, retryInMs: delay, attempt: this.failures });
    this.setStatus({ kind: "disconnected", sinceMs: this.lostSinceMs, cause, retryInMs: delay });
    this.cancelRetry = this.o.scheduler.setTimeout(() => {
      void this.attempt();
    }, delay);
  }

  /** Wraps an authenticated socket in a HAWS Connection whose own reconnect we switch off. */
  private adopt(socket: HaWebSocket): void {
    const conn = new Connection(socket, {
      setupRetry: 0,
      createSocket: () => Promise.reject(new Error("reconnect is handled by Sunshift's HA client")),
    });
    conn.addEventListener("disconnected", () => {
      this.onLost(conn, "connection lost");
    });
    const live: Live = { conn, socket, stopHeartbeat: this.startHeartbeat(conn, socket) };
    this.live = live;
    this.failures = 0;
    this.lostSinceMs = null;
    this.o.logger.info("ha: connected", { haVersion: conn.haVersion });
    this.setStatus({ kind: "connected", haVersion: conn.haVersion, sinceMs: this.o.clock.nowMs() });
    for (const s of this.subs) s.attach(conn);
    // Closed between auth_ok and here: HAWS attached its close handler too late to see it.
    if (!conn.connected) this.onLost(conn, "connection closed right after auth");
  }

  private onLost(conn: Connection, cause: string): void {
    const live = this.live;
    if (live === null || live.conn !== conn) return;
    this.live = null;
    live.stopHeartbeat();
    // closeRequested stops HAWS's built-in reconnect loop; ours (with the backoff) takes over.
    conn.close();
    for (const s of this.subs) s.detach();
    if (this.running) this.scheduleRetry(cause);
  }

  /** Pings every interval; no pong in time → drop the socket, which ends in `onLost`. */
  private startHeartbeat(conn: Connection, socket: HaWebSocket): () => void {
    const intervalMs = this.o.heartbeatIntervalMs ?? 30_000;
    const pongTimeoutMs = this.o.pongTimeoutMs ?? 10_000;
    let inFlight = false;
    return this.o.scheduler.setInterval(() => {
      if (inFlight || !conn.connected) return;
      inFlight = true;
      const cancel = this.o.scheduler.setTimeout(() => {
        this.o.logger.warn("ha: no pong, reconnecting", { pongTimeoutMs });
        (socket as unknown as { terminate?: () => void }).terminate?.();
        this.onLost(conn, `heartbeat: no pong within ${pongTimeoutMs} ms`);
      }, pongTimeoutMs);
      conn.ping().then(
        () => {
          inFlight = false;
          cancel();
        },
        () => {
          inFlight = false;
          cancel();
        },
      );
    }, intervalMs);
  }
}

/**
 * The Home Assistant client (implements the `HaClient` port). Call `start()` once; it connects
 * and keeps reconnecting with capped exponential backoff (1 s, 2 s, 4 s, then every 5 s) until `stop()`, except
 * after `auth_invalid` (status `auth_failed`, no retries).
 */
export function createHaClient(opts: HaClientOptions): ManagedHaClient {
  return new HaClientImpl(opts);
}
