/** The add-on's card routes (addon/src/api/card-assets.ts) as extraRoutes of the real API server on loopback. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardAssetRoutes, cardCacheControl, cardDemoPage } from "../../addon/src/api/card-assets.js";
import { servePages, type PageServer } from "./support/page-server.js";

let dir: string;
let withDemo: PageServer;
let without: PageServer;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "sunshift-card-assets-"));
  writeFileSync(join(dir, "sunshift-card.js"), "export const card = 1;\n");
  const distDir = pathToFileURL(`${dir}/`);
  withDemo = await servePages(cardAssetRoutes({ distDir, version: "1.2.3", demo: { haUrl: "http://127.0.0.1:8123", token: "demo-token" } }));
  without = await servePages(cardAssetRoutes({ distDir, version: "1.2.3", demo: null }));
});
afterAll(async () => {
  await withDemo.close();
  await without.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("card routes", () => {
  it("serves the module, long-cached only for the current ?v=", async () => {
    const current = await fetch(`${without.url}/sunshift-card.js?v=1.2.3`);
    expect([current.status, current.headers.get("content-type"), current.headers.get("cache-control")]).toEqual([200, "text/javascript; charset=utf-8", "public, max-age=31536000, immutable"]);
    expect(await current.text()).toBe("export const card = 1;\n");
    const old = await fetch(`${without.url}/sunshift-card.js?v=1.2.2`);
    expect(old.headers.get("cache-control")).toBe("no-cache");
    expect(cardCacheControl("/sunshift-card.js", "1.2.3")).toBe("no-cache");
  });

  it("says how to build what is missing", async () => {
    const shell = await fetch(`${without.url}/card-demo/shell.js`);
    expect(shell.status).toBe(404);
    expect(await shell.text()).toBe("card-demo-shell.js is not built: run `npm run build`\n");
  });

  it("hands the demo's live home to the page only when there is one", async () => {
    expect((await fetch(`${without.url}/card-demo/config.json`)).status).toBe(404);
    const cfg = await fetch(`${withDemo.url}/card-demo/config.json`);
    expect(await cfg.json()).toEqual({ haUrl: "http://127.0.0.1:8123", token: "demo-token", version: "1.2.3" });
  });

  it("serves the demo page with relative, versioned module URLs and redirects /card to it", async () => {
    const page = await fetch(`${without.url}/card-demo`);
    expect(page.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await page.text()).toBe(cardDemoPage("1.2.3"));
    expect(cardDemoPage("1.2.3")).toContain('src="sunshift-card.js?v=1.2.3"');
    expect(cardDemoPage("1.2.3")).toContain('src="card-demo/shell.js?v=1.2.3"');
    const redirect = await fetch(`${without.url}/card`, { redirect: "manual" });
    expect([redirect.status, redirect.headers.get("location")]).toEqual([302, "card-demo"]);
    expect(await (await fetch(`${without.url}/`)).text()).toContain('<a href="card">Lovelace card demo</a>'); // the status page links it
  });
});
