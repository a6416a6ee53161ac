/** Small misbehaving HA servers on 127.0.0.1 for the client tests. */
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

export interface FakeServer {
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * `reply` gets each command after auth and returns the messages to send back (or "drop" to
 * terminate the socket). With `rejectAuth` every auth gets `auth_invalid`.
 */
export async function startFakeServer(opts: {
  readonly rejectAuth?: boolean;
  /** Never answer the auth message (a server stuck before auth_ok). */
  readonly silentAuth?: boolean;
  readonly reply?: (cmd: Record<string, unknown>) => readonly Record<string, unknown>[] | "drop";
}): Promise<FakeServer> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => wss.once("listening", () => { r(); }));
  let count = 0;
  wss.on("connection", (ws: WebSocket) => {
    count++;
    ws.send(JSON.stringify({ type: "auth_required", ha_version: "2024.1.0" }));
    let authed = false;
    ws.on("message", (data: Buffer) => {
      const msg = JSON.parse(data.toString("utf8")) as Record<string, unknown>;
      if (!authed) {
        if (opts.silentAuth === true) return;
        if (opts.rejectAuth === true) {
          ws.send(JSON.stringify({ type: "auth_invalid", message: "Invalid access token or password" }));
          ws.close();
          return;
        }
        authed = true;
        ws.send(JSON.stringify({ type: "auth_ok", ha_version: "2024.1.0" }));
        return;
      }
      if (msg["type"] === "ping") {
        ws.send(JSON.stringify({ id: msg["id"], type: "pong" }));
        return;
      }
      const out = opts.reply?.(msg) ?? [{ id: msg["id"], type: "result", success: true, result: null }];
      if (out === "drop") ws.terminate();
      else for (const m of out) ws.send(JSON.stringify(m));
    });
  });
  return {
    url: `http://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((r) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => { r(); });
      }),
  };
}

/** A port that nothing listens on (bound once, then released). */
export async function freePort(): Promise<number> {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await new Promise<void>((r) => wss.once("listening", () => { r(); }));
  const port = (wss.address() as AddressInfo).port;
  await new Promise<void>((r) => { wss.close(() => { r(); }); });
  return port;
}

/** A TCP server that accepts connections and never speaks (the WebSocket handshake hangs). */
export async function startMuteTcpServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import("node:net");
  const sockets = new Set<import("node:net").Socket>();
  const srv = createServer((sock) => {
    sockets.add(sock);
    sock.on("error", () => undefined);
  });
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", () => {
    r();
  }));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        srv.close(() => {
          r();
        });
      }),
  };
}
