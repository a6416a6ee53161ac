import type { WebSocket } from "ws";
import type { Unsubscribe } from "../domain/index.js";
import { eventMessage, isRecord, parseCommand, resultError, type InCommand, type OutMessage } from "./protocol.js";
import { lovelaceHandler } from "./lovelace.js";

/** What a command handler gets: the command, a way to answer, and per-session subscriptions. */
export interface CommandContext {
  readonly cmd: InCommand;
  send(msg: OutMessage): void;
  /** Registers a subscription under the command's id; `unsubscribe_events` removes it. */
  addSubscription(id: number, unsubscribe: Unsubscribe): void;
  removeSubscription(id: number): boolean;
  /** Sends an event for subscription `id`. */
  sendEvent(id: number, event: unknown): void;
  /** `supported_features {coalesce_messages: 1}`: later messages of one turn go out as one array frame. */
  enableCoalescing(): void;
}

export type CommandHandler = (ctx: CommandContext) => void;

export interface SessionHost {
  readonly token: string;
  readonly haVersion: string;
  /** While true the server reads but never answers (a half-open connection). */
  isPaused(): boolean;
  handler(type: string): CommandHandler | undefined;
}

/**
 * One client connection: `auth_required` → `auth` → `auth_ok`/`auth_invalid` (then close),
 * then commands with strictly increasing ids. Subscriptions end with the connection.
 */
export class Session {
  private authed = false;
  private lastId = 0;
  private readonly subs = new Map<number, Unsubscribe>();
  private coalesce = false;
  private outbox: OutMessage[] = [];

  constructor(
    private readonly ws: WebSocket,
    private readonly host: SessionHost,
  ) {
    this.send({ type: "auth_required", ha_version: host.haVersion });
    ws.on("message", (data: Buffer) => {
      if (!this.host.isPaused()) this.onFrame(data.toString("utf8"));
    });
    ws.on("close", () => {
      this.dispose();
    });
    // A client that resets the TCP connection emits 'error' then 'close'; never crash the server.
    ws.on("error", () => undefined);
  }

  send(msg: OutMessage): void {
    if (this.ws.readyState !== this.ws.OPEN || this.host.isPaused()) return;
    if (!this.coalesce) {
      this.ws.send(JSON.stringify(msg));
      return;
    }
    this.outbox.push(msg);
    if (this.outbox.length === 1) setImmediate(() => {
      this.flush();
    });
  }

  /** Sends what one turn of the event loop produced: one message as an object, more as an array. */
  private flush(): void {
    const batch = this.outbox;
    this.outbox = [];
    if (batch.length === 0 || this.ws.readyState !== this.ws.OPEN) return;
    this.ws.send(JSON.stringify(batch.length === 1 ? batch[0] : batch));
  }

  /** Closes the socket without a close handshake (a dropped connection). */
  terminate(): void {
    this.ws.terminate();
    this.dispose();
  }

  close(): void {
    this.ws.close();
    this.dispose();
  }

  private dispose(): void {
    for (const unsub of this.subs.values()) unsub();
    this.subs.clear();
  }

  private onFrame(raw: string): void {
    if (!this.authed) {
      this.onAuth(raw);
      return;
    }
    const parsed = parseCommand(raw);
    if (!parsed.ok) {
      if (parsed.id !== null) this.send(resultError(parsed.id, "invalid_format", parsed.message));
      return;
    }
    const { cmd } = parsed;
    if (cmd.id <= this.lastId) {
      this.send(resultError(cmd.id, "id_reuse", "Identifier values have to increase."));
      return;
    }
    this.lastId = cmd.id;
    const handler = this.host.handler(cmd.type) ?? lovelaceHandler(this.host.token, cmd.type);
    if (handler === undefined) {
      this.send(resultError(cmd.id, "unknown_command", "Unknown command."));
      return;
    }
    handler(this.context(cmd));
  }

  private onAuth(raw: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(raw);
    } catch {
      msg = null;
    }
    if (!isRecord(msg) || msg["type"] !== "auth" || typeof msg["access_token"] !== "string") {
      this.send({ type: "auth_invalid", message: "Auth message incorrectly formatted: expected auth" });
      this.ws.close();
      return;
    }
    if (msg["access_token"] !== this.host.token) {
      this.send({ type: "auth_invalid", message: "Invalid access token or password" });
      this.ws.close();
      return;
    }
    this.authed = true;
    this.send({ type: "auth_ok", ha_version: this.host.haVersion });
  }

  private context(cmd: InCommand): CommandContext {
    return {
      cmd,
      send: (msg) => {
        this.send(msg);
      },
      addSubscription: (id, unsubscribe) => {
        this.subs.set(id, unsubscribe);
      },
      removeSubscription: (id) => {
        const unsub = this.subs.get(id);
        if (unsub === undefined) return false;
        unsub();
        this.subs.delete(id);
        return true;
      },
      sendEvent: (id, event) => {
        this.send(eventMessage(id, event));
      },
      enableCoalescing: () => {
        this.coalesce = true;
      },
    };
  }
}
