import { readFile } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * Routes for the API server's `extraRoutes` (server.ts): the built card as an ES module
 * (`/sunshift-card.js`, long-cached when asked with the current `?v=`), and the card demo
 * (`/card-demo`: a page that renders the real card against a live HA, through the demo shell
 * `/card-demo/shell.js`, which reads where to connect from `/card-demo/config.json`).
 * `/card` redirects to the demo page (the status page links there).
 */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface CardDemoTarget {
  /** HA base URL the browser connects to, e.g. the simulated home's `http://127.0.0.1:<port>`. */
  readonly haUrl: string;
  /** Token the browser authenticates with. Only for the demo: served to any local browser. */
  readonly token: string;
}

export interface CardAssetsOptions {
  /** Directory with sunshift-card.js and card-demo-shell.js (the build's dist/), ending in `/`. */
  readonly distDir: URL;
  /** Card version: the `?v=` of the module URL. */
  readonly version: string;
  /** The live home for the demo page; null serves the page without one (it waits to be fed). */
  readonly demo: CardDemoTarget | null;
}

const JS = "text/javascript; charset=utf-8";

function sendFile(res: ServerResponse, file: URL, cacheControl: string): void {
  readFile(file, (err, body) => {
    if (err !== null) {
      res.writeHead(404, { "content-type": "text/plain", "cache-control": "no-store" });
      res.end(`${file.pathname.split("/").pop() ?? "file"} is not built: run \`npm run build\`\n`);
      return;
    }
    res.writeHead(200, { "content-type": JS, "cache-control": cacheControl, "content-length": body.length });
    res.end(body);
  });
}

/** `immutable` only when the request names the version we serve; otherwise revalidate. */
export function cardCacheControl(requestUrl: string | undefined, version: string): string {
  const v = new URL(requestUrl ?? "/", "http://localhost").searchParams.get("v");
  return v === version ? "public, max-age=31536000, immutable" : "no-cache";
}

/** The demo page: toolbar (language, dark theme, phone width) and one card. Relative URLs (ingress-safe). */
export function cardDemoPage(version: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Sunshift card demo</title><style>
body{margin:0;font:14px/1.4 Roboto,system-ui,sans-serif;background:var(--primary-background-color);color:var(--primary-text-color)}
header{display:flex;gap:12px;align-items:center;flex-wrap:wrap;padding:10px 16px;border-bottom:1px solid var(--divider-color)}
header a{color:var(--primary-color)}main{padding:16px;max-width:760px;margin:0 auto}main.narrow{max-width:390px;padding:8px}
#status{color:var(--secondary-text-color)}</style></head>
<body data-demo="live"><header><b>Sunshift card demo</b><span id="status">connecting…</span>
<label>Language <select id="lang"><option value="en">English</option><option value="de">Deutsch</option><option value="nl">Nederlands</option></select></label>
<label><input type="checkbox" id="dark"> dark</label><label><input type="checkbox" id="narrow"> phone (390 px)</label>
<a href="./">status page</a></header>
<main id="main"><sunshift-card id="card"></sunshift-card></main>
<script type="module" src="sunshift-card.js?v=${encodeURIComponent(version)}"></script>
<script type="module" src="card-demo/shell.js?v=${encodeURIComponent(version)}"></script></body></html>`;
}

/** The routes to merge into the API server's `extraRoutes`. */
export function cardAssetRoutes(o: CardAssetsOptions): Map<string, RouteHandler> {
  const send = (res: ServerResponse, status: number, type: string, body: string, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...extra });
    res.end(body);
  };
  return new Map<string, RouteHandler>([
    ["/sunshift-card.js", (req, res) => {
      sendFile(res, new URL("sunshift-card.js", o.distDir), cardCacheControl(req.url, o.version));
    }],
    ["/card-demo/shell.js", (_req, res) => {
      sendFile(res, new URL("card-demo-shell.js", o.distDir), "no-cache");
    }],
    ["/card-demo", (_req, res) => {
      send(res, 200, "text/html; charset=utf-8", cardDemoPage(o.version));
    }],
    ["/card-demo/config.json", (_req, res) => {
      if (o.demo === null) send(res, 404, "application/json", JSON.stringify({ error: "no live home: the page waits for a hass object" }));
      else send(res, 200, "application/json", JSON.stringify({ haUrl: o.demo.haUrl, token: o.demo.token, version: o.version }));
    }],
    ["/card", (_req, res) => {
      send(res, 302, "text/plain", "see card-demo\n", { location: "card-demo" });
    }],
  ]);
}
