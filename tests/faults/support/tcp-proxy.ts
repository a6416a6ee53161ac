/**
 * A TCP proxy on 127.0.0.1 in front of the simulated home, to play "Home Assistant restarted":
 * `goDown()` cuts every connection and stops listening (connections are refused, as while Core
 * restarts), `comeBack()` listens again on the same port.
 */
import { createServer, connect, type Server, type Socket } from "node:net";
import type { AddressInfo } from "node:net";

export interface TcpProxy {
  readonly port: number;
  readonly url: string;
  /** Connections accepted so far (each reconnect of the client is one). */
  accepted(): number;
  goDown(): Promise<void>;
  comeBack(): Promise<void>;
  close(): Promise<void>;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** `targetPort` is read per connection, so the proxy can start before its target. */
export async function startTcpProxy(targetPort: () => number): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let count = 0;
  const makeServer = (): Server =>
    createServer((client) => {
      count++;
      const upstream = connect(targetPort(), "127.0.0.1");
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on("error", () => undefined);
        s.on("close", () => {
          sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
  let server: Server | null = makeServer();
  const port = await listen(server, 0);
  const down = async (): Promise<void> => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    if (s !== null) {
      await new Promise<void>((r) => {
        s.close(() => {
          r();
        });
      });
    }
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    accepted: () => count,
    goDown: down,
    async comeBack() {
      server = makeServer();
      await listen(server, port);
    },
    close: down,
  };
}
