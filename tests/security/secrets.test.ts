// Security (issue 8 §5): no secret in logs or in what Sunshift publishes. Secrets in the
// options: the HA token, the MQTT password, the InfluxDB password and API token, the ENTSO-E
// token, the Forecast.Solar key. Checked on (1) a run of the simulated home and the full service
// with those options, its log captured through the real line logger and every MQTT message on a
// real Mosquitto (discovery, states, plan attributes) recorded; (2) the startup log line of the
// options; (3) the failure paths that carry URLs or server answers: ENTSO-E and InfluxDB errors.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { brokerFromOptions, parseOptions, redactConfig, type Config } from "../../addon/src/config/index.js";
import { entsoeSource } from "../../addon/src/sources/entsoe-a44.js";
import { forecastSolarSource } from "../../addon/src/sources/forecast-solar.js";
import { createInfluxExporter } from "../../addon/src/export/index.js";
import { formatFields } from "../../addon/src/system/logger.js";
import { simulatedHomeOptions } from "../../addon/src/soak/simulated-run.js";
import { captureLogger, type CapturedLog } from "../faults/support/capture-logger.js";
import { startManualRun, type ManualRun } from "../faults/support/sim-run.js";
import { startMosquitto, type Mosquitto } from "../support/mosquitto.js";
import { realScheduler } from "../sim/helpers.js";

const SECRETS = {
  haToken: "ha-token-7f3a9c1e5b2d4f60a8e1",
  mqttPassword: "mqtt-pass-Qz81!kL0",
  influxPassword: "influx-pass-Wm27pR",
  influxToken: "influx-token-Xy93nB4vT1",
  entsoeToken: "entsoe-token-2c5e8a1f",
  forecastSolarKey: "fs-key-Hq64",
} as const;

/** Which secrets appear in `text`: as is, URL-encoded, or in a Basic authorization header. */
function leaks(text: string): string[] {
  const basic = (user: string, pass: string): string => Buffer.from(`${user}:${pass}`).toString("base64");
  const forms = (v: string): string[] => [v, encodeURIComponent(v), basic("sunshift", v)];
  return Object.entries(SECRETS).filter(([, v]) => forms(v).some((f) => text.includes(f))).map(([k]) => k);
}

function optionsWithSecrets(broker: Mosquitto | null): Record<string, unknown> {
  const base = simulatedHomeOptions();
  return {
    ...base,
    ha_url: "http://127.0.0.1:8123",
    ha_token: SECRETS.haToken,
    mqtt: broker === null ? {} : { host: "127.0.0.1", port: Number(new URL(broker.url).port), username: "sunshift", password: SECRETS.mqttPassword },
    influxdb: { enabled: false, version: 2, url: "http://127.0.0.1:9", org: "home", bucket: "sunshift", api_token: SECRETS.influxToken, password: SECRETS.influxPassword },
    pv_forecast: { ...(base.pv_forecast as object), forecast_solar_api_key: SECRETS.forecastSolarKey },
  };
}

function parsed(raw: unknown): Config {
  const r = parseOptions(raw);
  if (!r.ok) throw new Error(r.problems.join("; "));
  return r.config;
}

describe("a run with secrets in the options", () => {
  let broker: Mosquitto;
  let run: ManualRun;
  let log: CapturedLog;
  const published: string[] = [];
  let spy: mqtt.MqttClient;

  beforeAll(async () => {
    broker = await startMosquitto();
    spy = await mqtt.connectAsync(broker.url, { clientId: "secrets-spy" });
    spy.on("message", (topic, payload) => {
      published.push(`${topic} ${payload.toString("utf8")}`);
    });
    await spy.subscribeAsync("#");
    const config = parsed(optionsWithSecrets(broker));
    const mqttBroker = brokerFromOptions(config.mqtt);
    if (mqttBroker === null) throw new Error("no broker from the options");
    log = captureLogger();
    // The home's access token is the secret HA token: the client sends it on every connect.
    run = await startManualRun({ startAt: "2024-06-15T17:30:00Z", config, mqtt: mqttBroker, token: SECRETS.haToken, logger: log.logger });
    await run.advanceUntil(() => run.service.planner.current() !== null, 60_000, "first plan");
    await run.advance(60_000);
    // A dropped connection makes the client log its reconnect (where a URL or token could slip in).
    run.sim.dropConnections();
    await run.advance(20_000, 500, 5);
    await new Promise((r) => setTimeout(r, 300));
  }, 60_000);

  afterAll(async () => {
    await run.dispose();
    await spy.endAsync();
    await broker.dispose();
  });

  it("logs plenty, and no secret", () => {
    expect(log.lines.length).toBeGreaterThan(10);
    expect(log.lines.some((l) => /ha: (connected|disconnected)/.test(l))).toBe(true);
    expect(leaks(log.lines.join(""))).toEqual([]);
  });

  it("publishes discovery, states and the plan over MQTT, and no secret", () => {
    expect(published.some((m) => m.startsWith("homeassistant/"))).toBe(true);
    expect(published.some((m) => /^sunshift\/[^/]+\/state /.test(m))).toBe(true);
    expect(published.some((m) => /^sunshift\/[^/]+\/plan /.test(m))).toBe(true);
    expect(leaks(published.join("\n"))).toEqual([]);
  });

  it("serves the status API without a secret", async () => {
    const body = await (await fetch(`http://127.0.0.1:${run.service.apiPort}/api/state`)).text();
    const metrics = await (await fetch(`http://127.0.0.1:${run.service.apiPort}/metrics`)).text();
    expect(leaks(body + metrics)).toEqual([]);
  });
});

describe("the startup line of the options", () => {
  it("shows every secret option as set, never its value", () => {
    const config = parsed({ ...optionsWithSecrets(null), mqtt: { host: "broker", username: "u", password: SECRETS.mqttPassword }, prices: { source: "entsoe", entsoe_token: SECRETS.entsoeToken } });
    const line = formatFields({ options: redactConfig(config) });
    expect(line).toContain("***");
    expect(leaks(line)).toEqual([]);
  });
});

describe("failure messages that carry URLs or server answers", () => {
  let server: Server;
  let base = "";
  beforeAll(async () => {
    // A server that answers 401 and echoes what it was sent (URL and headers), as error pages do.
    server = createServer((req, res) => {
      res.writeHead(401, { "content-type": "text/plain" });
      res.end(`unauthorized: ${req.method ?? ""} ${req.url ?? ""} ${JSON.stringify(req.headers)}`);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => {
      server.close(() => {
        r();
      });
    });
  });

  it("ENTSO-E: a refused token or a failed request never shows the token", async () => {
    const refused = await entsoeSource({ fetch: (u, i) => fetch(u, i), token: SECRETS.entsoeToken, area: "10Y1001A1001A82H", baseUrl: base }).fetch(Date.parse("2024-06-15T12:00:00Z"));
    expect(refused.kind).toBe("error");
    const failed = await entsoeSource({ fetch: (u) => Promise.reject(new TypeError(`Failed to parse URL from ${u}`)), token: SECRETS.entsoeToken, area: "10Y1001A1001A82H" }).fetch(0);
    expect(failed.kind).toBe("error");
    expect(leaks(JSON.stringify([refused, failed]))).toEqual([]);
  });

  it("Forecast.Solar: the API key in the URL path never shows in a failure", async () => {
    const plane = { tiltDeg: 30, azimuthDeg: 180, peakPowerW: 800 };
    const echo = await forecastSolarSource({ fetch: (u, i) => fetch(u, i), latitudeDeg: 52, longitudeDeg: 13, planes: [plane], apiKey: SECRETS.forecastSolarKey, baseUrl: base }).fetch(0);
    const failed = await forecastSolarSource({ fetch: (u) => Promise.reject(new TypeError(`fetch failed for ${u}`)), latitudeDeg: 52, longitudeDeg: 13, planes: [plane], apiKey: SECRETS.forecastSolarKey }).fetch(0);
    expect([echo.kind, failed.kind]).toEqual(["error", "error"]);
    expect(leaks(JSON.stringify([echo, failed]))).toEqual([]);
  });

  it.each([
    ["InfluxDB 1 (user and password)", { version: 1, username: "sunshift", password: SECRETS.influxPassword }],
    ["InfluxDB 2 (API token)", { version: 2, org: "home", api_token: SECRETS.influxToken }],
  ])("%s: a rejected write never shows the credentials", async (_name, creds) => {
    const dir = mkdtempSync(join(tmpdir(), "sunshift-influx-sec-"));
    const log = captureLogger();
    try {
      const config = parsed({ influxdb: { enabled: true, url: base, ...creds } });
      const exporter = createInfluxExporter({ config: config.influxdb, spoolDir: dir, clock: { nowMs: () => Date.now() }, scheduler: realScheduler, logger: log.logger, maxRetryMs: 100 });
      exporter.push([{ measurement: "sunshift_reading", tags: { series: "grid_w" }, fields: { value: 42 }, atMs: Date.parse("2024-06-15T12:00:00Z") }]);
      const r = await exporter.flush();
      expect(r.ok).toBe(false);
      const text = `${JSON.stringify(r)} ${JSON.stringify(exporter.stats())} ${log.lines.join("")}`;
      await exporter.stop();
      expect(leaks(text)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
