/** The add-on's API server (addon/src/api/server.ts) on loopback with the card routes as extraRoutes. */
import type { RouteHandler } from "../../../addon/src/api/card-assets.js";
import { startApiServer } from "../../../addon/src/api/server.js";
import { silentLogger } from "../../../addon/src/domain/index.js";

export interface PageServer {
  readonly url: string;
  close(): Promise<void>;
}

export async function servePages(routes: ReadonlyMap<string, RouteHandler>): Promise<PageServer> {
  const api = await startApiServer({
    host: "127.0.0.1",
    port: 0,
    logger: silentLogger,
    snapshot: () => {
      throw new Error("the card tests do not read the status snapshot");
    },
    extraRoutes: routes,
  });
  return { url: `http://127.0.0.1:${api.port}`, close: () => api.close() };
}
