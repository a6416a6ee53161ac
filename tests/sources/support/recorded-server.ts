// Serves recorded payloads from /work/shared/data on 127.0.0.1 for the direct-API sources.
import { createServer, type Server } from "node:http";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";

export const dataDir = path.resolve(import.meta.dirname, "../../../../shared/data");

export function readData(rel: string): string {
  return readFileSync(path.join(dataDir, rel), "utf8");
}

export interface Route {
  readonly status?: number;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

export interface RecordedServer {
  readonly baseUrl: string;
  /** Every request path (with query) in order. */
  readonly requests: string[];
  /** Replace the answer for a path prefix. */
  route(prefix: string, r: Route): void;
  close(): Promise<void>;
}

export async function startRecordedServer(routes: Record<string, Route>): Promise<RecordedServer> {
  const table = new Map(Object.entries(routes));
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? "/";
    requests.push(url);
    const hit = [...table.entries()].find(([prefix]) => url.startsWith(prefix));
    if (hit === undefined) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(hit[1].status ?? 200, { "content-type": "application/json", ...hit[1].headers }).end(hit[1].body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    route: (prefix, r) => {
      table.set(prefix, r);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
