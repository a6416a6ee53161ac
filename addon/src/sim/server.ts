import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import type { Logger, Unsubscribe } from "../domain/index.js";
import { commandTable, stateChangedEvent, type BusEvent, type CommandDeps } from "./commands.js";
import { Session, type CommandHandler } from "./session.js";

export interface SimServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  readonly port: number;
  readonly token: string;
  readonly haVersion: string;
  readonly deps: Omit<CommandDeps, "fireEvent" | "onEvent">;
  readonly logger: Logger;
}

const WS_PATHS = new Set(["/api/websocket", "/websocket", "/core/websocket", "/core/api/websocket"]);

/**
 * The HA WebSocket API on loopback: one `Session` per client, one event bus shared by all
 * (state_changed from the registry, fire_event from clients).
 */
export class SimServer {
  private readonly sessions = new Set<Session>();
  private readonly busListeners = new Set<(e: BusEvent) => void>();
  private readonly handlers: ReadonlyMap<string, CommandHandler>;
  private readonly stopRegistry: Unsubscribe;
  private paused = false;

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly o: SimServerOptions,
  ) {
    const deps: CommandDeps = {
      ...o.deps,
      fireEvent: (e) => {
        this.emit(e);
      },
      onEvent: (l) => {
        this.busListeners.add(l);
        return () => {
          this.busListeners.delete(l);
        };
      },
    };
    this.handlers = commandTable(deps);
    this.stopRegistry = o.deps.registry.onChange((change) => {
      const ev = stateChangedEvent(change, o.deps.clock);
      if (ev !== null) this.emit(ev);
    });
    wss.on("error", (err: Error) => {
      o.logger.error("sim: websocket server error", { error: err.message });
    });
    wss.on("connection", (ws: WebSocket, req: IncomingMessage) => {
      this.accept(ws, req);
    });
  }

  static async listen(o: SimServerOptions): Promise<SimServer> {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: o.port });
    await new Promise<void>((resolve, reject) => {
      wss.once("listening", resolve);
      wss.once("error", reject);
    });
    return new SimServer(wss, o);
  }

  get port(): number {
    return (this.wss.address() as AddressInfo).port;
  }

  connectionCount(): number {
    return this.sessions.size;
  }

  /** Fault hook: drops every client connection abruptly (no close frame). */
  dropConnections(): void {
    for (const s of [...this.sessions]) s.terminate();
    this.sessions.clear();
  }

  /** Fault hook: while paused the server answers nothing (pings time out), connections stay open. */
  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  async close(): Promise<void> {
    this.stopRegistry();
    for (const s of [...this.sessions]) s.terminate();
    this.sessions.clear();
    await new Promise<void>((resolve) => {
      this.wss.close(() => {
        resolve();
      });
    });
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    if (!WS_PATHS.has(path)) {
      this.o.logger.warn("sim: rejected websocket path", { path });
      ws.close(1008, "unknown path");
      return;
    }
    const session = new Session(ws, {
      token: this.o.token,
      haVersion: this.o.haVersion,
      isPaused: () => this.paused,
      handler: (type) => this.handlers.get(type),
    });
    this.sessions.add(session);
    ws.on("close", () => {
      this.sessions.delete(session);
    });
  }

  private emit(e: BusEvent): void {
    for (const l of [...this.busListeners]) l(e);
  }
}
