import type { HaWebSocket } from "home-assistant-js-websocket";
import WebSocket from "ws";
import { PermanentError, TransientError, type Scheduler } from "../domain/index.js";

/** HA refused the token (`auth_invalid`): retrying with the same token will not help. */
export class AuthInvalidError extends PermanentError {}

export interface HaSocketOptions {
  /** `ws://host:8123/api/websocket` or `ws://supervisor/core/websocket`. */
  readonly wsUrl: string;
  readonly token: string;
  readonly scheduler: Scheduler;
  /** Max time from dialing to the WebSocket being open. */
  readonly handshakeTimeoutMs: number;
  /** Max time from open to `auth_ok`. */
  readonly authTimeoutMs: number;
  /** Send `supported_features {coalesce_messages: 1}` as command id 1 (HA ≥ 2022.9). */
  readonly supportedFeatures: boolean;
}

/** `ws://…/api/websocket` for an http(s) base URL; the Supervisor proxy path for `http://supervisor/core`. */
export function wsUrlFor(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, "");
  const ws = trimmed.replace(/^http/, "ws");
  return trimmed.endsWith("://supervisor/core") ? `${ws}/websocket` : `${ws}/api/websocket`;
}

/**
 * Opens a WebSocket with the `ws` package (Node 20 has no global WebSocket), authenticates and
 * resolves with a socket home-assistant-js-websocket's `Connection` can adopt: `haVersion` set
 * from `auth_ok` (its entity helpers branch on it). Rejects with `AuthInvalidError` on
 * `auth_invalid`, else `TransientError` (refused, closed, timed out).
 */
export function openHaSocket(o: HaSocketOptions): Promise<HaWebSocket> {
  return new Promise<HaWebSocket>((resolve, reject) => {
    const ws = new WebSocket(o.wsUrl, { perMessageDeflate: false });
    let settled = false;
    let cancelTimer = o.scheduler.setTimeout(() => {
      fail(new TransientError(`no WebSocket handshake within ${o.handshakeTimeoutMs} ms`));
    }, o.handshakeTimeoutMs);
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      ws.removeAllListeners();
      ws.on("error", () => undefined);
      ws.terminate();
      reject(err);
    };
    ws.on("open", () => {
      cancelTimer();
      cancelTimer = o.scheduler.setTimeout(() => {
        fail(new TransientError(`no auth_ok within ${o.authTimeoutMs} ms`));
      }, o.authTimeoutMs);
      ws.send(JSON.stringify({ type: "auth", access_token: o.token }));
    });
    ws.on("message", (data: WebSocket.RawData) => {
      const msg = parseAuthMessage(data);
      if (msg.type === "auth_invalid") fail(new AuthInvalidError(`auth_invalid: ${msg.message}`));
      if (msg.type !== "auth_ok" || settled) return;
      settled = true;
      cancelTimer();
      ws.removeAllListeners();
      // Errors after auth end in a close event, which the Connection handles; without a listener
      // an 'error' event (e.g. ECONNRESET) would be thrown by the EventEmitter.
      ws.on("error", () => undefined);
      if (o.supportedFeatures && atLeastVersion(msg.haVersion, 2022, 9)) ws.send(JSON.stringify({ id: 1, type: "supported_features", features: { coalesce_messages: 1 } }));
      resolve(Object.assign(ws, { haVersion: msg.haVersion }) as unknown as HaWebSocket);
    });
    ws.on("error", (err: Error) => {
      fail(new TransientError(`cannot connect to ${o.wsUrl}: ${err.message}`, { cause: err }));
    });
    ws.on("close", (code: number) => {
      fail(new TransientError(`connection closed during auth (code ${code})`));
    });
  });
}

type AuthMessage = { type: "auth_ok"; haVersion: string } | { type: "auth_invalid"; message: string } | { type: "other" };

function parseAuthMessage(data: WebSocket.RawData): AuthMessage {
  let v: unknown;
  try {
    v = JSON.parse(rawToString(data));
  } catch {
    return { type: "other" };
  }
  if (typeof v !== "object" || v === null) return { type: "other" };
  const rec = v as Record<string, unknown>;
  if (rec["type"] === "auth_ok") return { type: "auth_ok", haVersion: typeof rec["ha_version"] === "string" ? rec["ha_version"] : "0.0.0" };
  if (rec["type"] === "auth_invalid") return { type: "auth_invalid", message: typeof rec["message"] === "string" ? rec["message"] : "" };
  return { type: "other" };
}

function rawToString(data: WebSocket.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString("utf8");
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString("utf8");
  return data.toString("utf8");
}

/** `"2025.10.4"` ≥ 2022.9? Unparseable versions (dev builds) count as new. */
export function atLeastVersion(version: string, year: number, month: number): boolean {
  const [y, m] = version.split(".").map((p) => Number.parseInt(p, 10));
  if (y === undefined || m === undefined || Number.isNaN(y) || Number.isNaN(m)) return true;
  return y > year || (y === year && m >= month);
}
