// The two writers against a fake InfluxDB HTTP server on 127.0.0.1 that records each request.
// No InfluxDB 2 is available here, so the v2 path (official @influxdata/influxdb-client
// WriteApi) is tested against this fake speaking /api/v2/write; the v1 writer is also tested
// for real in influxd.test.ts. Covers: request shape (path, query, auth header, body), the
// status → outcome table, no client-side retries, and no secret in any log line.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { influxOptions } from "../../addon/src/config/groups/influx.js";
import { createInfluxExporter, createV1Writer, createV2Writer, readingPoints, type WriteOutcome } from "../../addon/src/export/index.js";
import type { Logger } from "../../addon/src/domain/index.js";
import { realClock, realScheduler } from "../sim/helpers.js";

interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly body: string;
}

let server: Server;
let base: string;
const requests: Recorded[] = [];
let reply: { status: number; body: string } = { status: 204, body: "" };

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization, body });
      res.writeHead(reply.status, { "Content-Type": "application/json" });
      res.end(reply.body);
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await once(server, "close");
});
beforeEach(() => {
  requests.length = 0;
  reply = { status: 204, body: "" };
});

const LINES = ["sunshift_reading,series=grid_w value=412.5 1700000000000", "sunshift_reading,series=pv_w value=0 1700000000000"];
const TOKEN = "v2-secret-token-4f1c9e";
const PASSWORD = "v1-secret-password-77aa";

const v2 = () => createV2Writer({ url: base, org: "home", bucket: "sunshift", token: TOKEN, timeoutMs: 2000 });
const v1 = () => createV1Writer({ url: `${base}/`, database: "sunshift", username: "sunshift", password: PASSWORD, timeoutMs: 2000 });

describe("v2 writer (official client) against a fake /api/v2/write", () => {
  it("POSTs the lines to /api/v2/write with org, bucket, ms precision and the token header", async () => {
    expect(await v2().write(LINES)).toEqual({ kind: "written" });
    expect(requests).toEqual([
      { method: "POST", url: "/api/v2/write?org=home&bucket=sunshift&precision=ms", authorization: `Token ${TOKEN}`, body: LINES.join("\n") },
    ]);
  });

  it.each<[number, string, WriteOutcome["kind"], string | null]>([
    [401, '{"code":"unauthorized","message":"unauthorized access"}', "failed", "auth"],
    [403, '{"code":"forbidden","message":"insufficient permissions for write"}', "failed", "auth"],
    [404, '{"code":"not found","message":"bucket \\"sunshift\\" not found"}', "failed", "not_found"],
    [400, '{"code":"invalid","message":"partial write error (1 written): unable to parse"}', "rejected", null],
    [429, '{"code":"too many requests","message":"rate limited"}', "failed", "unreachable"],
    [503, '{"code":"unavailable","message":"service unavailable"}', "failed", "unreachable"],
  ])("HTTP %i → %s (%s), one request only: the client does not retry", async (status, body, kind, cause) => {
    reply = { status, body };
    const outcome = await v2().write(LINES);
    expect(outcome.kind).toBe(kind);
    if (outcome.kind === "failed") expect(outcome.cause).toBe(cause);
    if (outcome.kind !== "written") expect(outcome.message).toBe((JSON.parse(body) as { message: string }).message);
    await new Promise((r) => setTimeout(r, 150));
    expect(requests).toHaveLength(1);
  });

  it("a closed port is unreachable", async () => {
    const outcome = await createV2Writer({ url: "http://127.0.0.1:1", org: "o", bucket: "b", token: TOKEN, timeoutMs: 1000 }).write(LINES);
    expect(outcome).toMatchObject({ kind: "failed", cause: "unreachable", status: null });
  });
});

describe("v1 writer against a fake /write", () => {
  it("POSTs to /write?db=…&precision=ms with Basic auth, never the password in the URL", async () => {
    expect(await v1().write(LINES)).toEqual({ kind: "written" });
    expect(requests).toEqual([
      { method: "POST", url: "/write?db=sunshift&precision=ms", authorization: `Basic ${Buffer.from(`sunshift:${PASSWORD}`).toString("base64")}`, body: LINES.join("\n") },
    ]);
  });

  it("takes InfluxDB 1.x's {\"error\": …} text as the message", async () => {
    reply = { status: 404, body: '{"error":"database not found: \\"sunshift\\""}' };
    expect(await v1().write(LINES)).toEqual({ kind: "failed", cause: "not_found", status: 404, message: 'database not found: "sunshift"' });
  });
});

describe("the exporter with configured writers logs no secret", () => {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
    info: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
    warn: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
    error: (m, f) => lines.push(`${m} ${JSON.stringify(f)}`),
  };
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "sunshift-writers-"));
    lines.length = 0;
  });

  it.each([
    ["v2", { version: 2, org: "home", api_token: TOKEN }],
    ["v1", { version: 1, username: "sunshift", password: PASSWORD }],
  ])("%s: success, auth failure and unreachable are logged without the secret", async (_v, options) => {
    const config = influxOptions.parse({ enabled: true, url: base, ...options });
    const e = createInfluxExporter({ config, spoolDir: dir, clock: realClock, scheduler: realScheduler, logger, minRetryMs: 10_000 });
    e.push(readingPoints([{ series: "grid_w", atMs: 1_700_000_000_000, value: 1 }]));
    expect(await e.flush()).toEqual({ ok: true, sent: 1 });
    reply = { status: 401, body: '{"error":"authorization failed","message":"authorization failed"}' };
    e.push(readingPoints([{ series: "grid_w", atMs: 1_700_000_010_000, value: 2 }]));
    expect((await e.flush()).ok).toBe(false);
    await e.stop();
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(lines.some((l) => l.includes("authorization failed"))).toBe(true);
    expect(lines.filter((l) => l.includes(TOKEN) || l.includes(PASSWORD))).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});
