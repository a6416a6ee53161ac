import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../domain/index.js";
import type { StatusSnapshot } from "../app/status-board.js";
import { isAllowedSource } from "./access.js";
import { renderMetrics } from "./metrics.js";
import { statusPage } from "./page.js";

/**
 * The ingress HTTP server: status page, JSON state, health and Prometheus metrics. Paths are
 * relative so the page works behind HA's ingress prefix (X-Ingress-Path).
 */
export interface ApiServerOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly snapshot: () => StatusSnapshot;
  /** Extra routes (e.g. the demo's card page), path → handler. */
  readonly extraRoutes?: ReadonlyMap<string, (req: IncomingMessage, res: ServerResponse) => void>;
}

export interface ApiServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startApiServer(opts: ApiServerOptions): Promise<ApiServer> {
  const server = createServer((req, res) => {
    handle(req, res, opts);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  opts.logger.info("status page listening", { url: `http://${opts.host === "0.0.0.0" ? "localhost" : opts.host}:${port}/` });
  return { port, close: () => closeServer(server) };
}

function handle(req: IncomingMessage, res: ServerResponse, opts: ApiServerOptions): void {
  if (!isAllowedSource(req.socket.remoteAddress)) {
    opts.logger.warn("refused connection", { from: req.socket.remoteAddress ?? "unknown" });
    send(res, 403, "text/plain", "forbidden\n");
    return;
  }
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (req.method !== "GET" && req.method !== "HEAD") {
    send(res, 405, "text/plain", "method not allowed\n");
    return;
  }
  const extra = opts.extraRoutes?.get(path);
  if (extra !== undefined) {
    extra(req, res);
    return;
  }
  switch (path) {
    case "/":
      send(res, 200, "text/html; charset=utf-8", statusPage(opts.extraRoutes !== undefined && opts.extraRoutes.has("/card")));
      return;
    case "/api/state":
      send(res, 200, "application/json", JSON.stringify(opts.snapshot()));
      return;
    case "/healthz":
      send(res, 200, "application/json", JSON.stringify({ status: "ok", connection: opts.snapshot().connection.kind }));
      return;
    case "/metrics":
      send(res, 200, "text/plain; version=0.0.4", renderMetrics(opts.snapshot()));
      return;
    default:
      send(res, 404, "text/plain", "not found\n");
  }
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeAllConnections();
  });
}
