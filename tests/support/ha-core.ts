/**
 * A real Home Assistant Core for tests (issue 8 §1): `hass -c <tmpdir> --skip-pip` from the
 * virtualenv scripts/setup-ha-core.sh installs (.venv/ha-core, homeassistant==2024.3.3, the last
 * line that runs on Python 3.11), listening on 127.0.0.1 on a free port only.
 *
 * The configuration is generated into a temp dir: a minimal core (no default_config) plus the
 * caller's integrations and entities. The owner user and a long-lived token are created by
 * script, through the same public API the UI uses (onboarding REST → auth code → /auth/token →
 * WS `auth/long_lived_access_token`). With `mqttPort`, the MQTT integration is added as a config
 * entry through the REST config-flow API. HA's own log (home-assistant.log) and its stdout/stderr
 * (hass.out) stay in the temp dir when a start fails, `keepLogs()` was called or
 * SUNSHIFT_KEEP_HA_LOGS=1 is set.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { z } from "zod";
import { createConnection, type Connection } from "home-assistant-js-websocket";
import { openHaSocket, wsUrlFor } from "../../addon/src/ha/socket.js";
import { freePort } from "../ha/fake-servers.js";
import { realScheduler } from "../sim/helpers.js";

/** Pinned in scripts/setup-ha-core.sh; 2024.4 needs Python 3.12. */
export const HA_CORE_VERSION = "2024.3.3";
export const HA_VENV = fileURLToPath(new URL("../../.venv/ha-core/", import.meta.url));
const MARKER = ".sunshift-ha-core";

/** Why HA Core cannot be started here, or null when the virtualenv is installed. */
export function haCoreMissing(): string | null {
  if (existsSync(join(HA_VENV, "bin/hass")) && existsSync(join(HA_VENV, MARKER))) return null;
  return `Home Assistant Core ${HA_CORE_VERSION} is not installed in .venv/ha-core: run \`npm run setup-test-env\` (it runs scripts/setup-ha-core.sh)`;
}

export interface HaCoreOptions {
  /** configuration.yaml entries besides the core ones (homeassistant, http, api, …). */
  readonly config: Readonly<Record<string, unknown>>;
  /** IANA zone of the test home (default Europe/Vienna). */
  readonly timeZone?: string;
  /** Creates an MQTT config entry for the broker on mqtt://127.0.0.1:<mqttPort>. */
  readonly mqttPort?: number;
  /** Max time from spawning hass to RUNNING (default 120 s: two cores are shared). */
  readonly startTimeoutMs?: number;
}

export interface HaCore {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Long-lived access token of the owner (admin) user. */
  readonly token: string;
  readonly configDir: string;
  /** ms from spawning hass to RUNNING, first start (before onboarding). */
  readonly firstStartMs: number;
  /** An authenticated REST call; rejects on a non-2xx answer with its body. */
  rest(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown>;
  /** One WebSocket command as the owner, on a fresh connection; rejects with HA's error. */
  ws(msg: Readonly<Record<string, unknown>> & { readonly type: string }): Promise<unknown>;
  /** State of an entity via REST, or null when HA does not know it. */
  state(entityId: string): Promise<{ readonly state: string; readonly attributes: Readonly<Record<string, unknown>> } | null>;
  /** Polls the state of `entityId` (every 200 ms) until `ok` holds; resolves with it, else throws. */
  waitForState(entityId: string, ok: (state: string) => boolean, timeoutMs?: number): Promise<string>;
  /** Stops HA (SIGTERM, SIGKILL after 30 s) and waits for the process to exit. Idempotent. */
  stop(): Promise<HaExit | null>;
  /** Starts it again on the same port and config dir; resolves when HA is RUNNING. */
  start(): Promise<HaRestart>;
  /** Keep the temp dir (logs, .storage) after dispose(), e.g. when a test failed. */
  keepLogs(): void;
  /** Stops HA; removes the temp dir unless keepLogs() was called (then prints where it is). */
  dispose(): Promise<void>;
  /** The last lines of HA's stdout/stderr. */
  logTail(lines?: number): string;
}

export interface HaRestart {
  /** Epoch ms when HA's HTTP server first answered (the earliest a client can reconnect). */
  readonly httpUpAtMs: number;
  /** ms from spawning hass to RUNNING. */
  readonly runningAfterMs: number;
}

/** How hass ended: HA exits with 0 after a clean shutdown on SIGTERM. */
export interface HaExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** ms from SIGTERM to exit. */
  readonly stopMs: number;
}

const stateSchema = z.object({ state: z.string(), attributes: z.record(z.string(), z.unknown()) });
const authCodeSchema = z.object({ auth_code: z.string() });
const tokenSchema = z.object({ access_token: z.string() });
const flowSchema = z.object({ flow_id: z.string() });
const flowDoneSchema = z.object({ type: z.string(), result: z.object({ state: z.string() }).optional() });
const configSchema = z.object({ state: z.string(), version: z.string() });

function coreConfig(port: number, opts: HaCoreOptions): string {
  const core = {
    homeassistant: {
      name: "Sunshift test home",
      latitude: 48.2,
      longitude: 16.37,
      elevation: 170,
      unit_system: "metric",
      time_zone: opts.timeZone ?? "Europe/Vienna",
      currency: "EUR",
      country: "AT",
    },
    http: { server_host: "127.0.0.1", server_port: port },
    api: null,
    websocket_api: null,
    config: null,
    onboarding: null,
    lovelace: { mode: "storage" },
    logger: { default: "warning" },
  };
  return stringify({ ...core, ...opts.config }, { lineWidth: 0 });
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Spawns hass; its stdout and stderr go to `<dir>/hass.out` (appended across restarts). */
function spawnHass(dir: string): ChildProcess {
  const out = openSync(join(dir, "hass.out"), "a");
  const child = spawn(join(HA_VENV, "bin/hass"), ["-c", dir, "--skip-pip", "--log-no-color"], { stdio: ["ignore", out, out] });
  closeSync(out);
  return child;
}

async function exited(child: ChildProcess): Promise<HaExit> {
  const t0 = performance.now();
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      child.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill("SIGTERM");
    });
  }
  return { code: child.exitCode, signal: child.signalCode, stopMs: Math.round(performance.now() - t0) };
}

/** Polls `probe` every 50 ms until it returns true; fails early when hass exits. */
async function until(child: ChildProcess, probe: () => Promise<boolean>, what: string, timeoutMs: number, tail: () => string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`hass exited with ${child.exitCode} before ${what}:\n${tail()}`);
    if (await probe().catch(() => false)) return;
    await pause(50);
  }
  throw new Error(`hass: no ${what} within ${timeoutMs} ms:\n${tail()}`);
}

/** An admin WebSocket connection; generous timeouts, since HA answers slowly while busy. */
function connectWs(url: string, token: string): Promise<Connection> {
  const socket = () => openHaSocket({ wsUrl: wsUrlFor(url), token, scheduler: realScheduler, handshakeTimeoutMs: 30_000, authTimeoutMs: 30_000, supportedFeatures: false });
  return createConnection({ setupRetry: 0, createSocket: socket });
}

/** Owner user by onboarding, then a long-lived token (valid 30 days) over the WebSocket API. */
async function createOwnerToken(url: string): Promise<string> {
  const clientId = `${url}/`;
  const user = await fetch(`${url}/api/onboarding/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_id: clientId, name: "Sunshift Test", username: "sunshift", password: randomBytes(12).toString("hex"), language: "en" }),
  });
  if (!user.ok) throw new Error(`onboarding/users: HTTP ${user.status}: ${await user.text()}`);
  const { auth_code: code } = authCodeSchema.parse(await user.json());
  const tokenRes = await fetch(`${url}/auth/token`, { method: "POST", body: new URLSearchParams({ grant_type: "authorization_code", code, client_id: clientId }) });
  if (!tokenRes.ok) throw new Error(`auth/token: HTTP ${tokenRes.status}: ${await tokenRes.text()}`);
  const { access_token: access } = tokenSchema.parse(await tokenRes.json());
  const conn = await connectWs(url, access);
  try {
    return z.string().parse(await conn.sendMessagePromise({ type: "auth/long_lived_access_token", client_name: "sunshift-tests", lifespan: 30 }));
  } finally {
    conn.close();
  }
}

class HaCoreProcess implements HaCore {
  token = "";
  firstStartMs = 0;
  private child: ChildProcess | null = null;
  /** SUNSHIFT_KEEP_HA_LOGS=1 keeps every run's temp dir. */
  private keep = process.env["SUNSHIFT_KEEP_HA_LOGS"] === "1";
  private readonly timeoutMs: number;
  private readonly offExit = (): void => {
    this.child?.kill("SIGKILL");
  };

  constructor(readonly port: number, readonly configDir: string, opts: HaCoreOptions) {
    this.timeoutMs = opts.startTimeoutMs ?? 120_000;
    process.once("exit", this.offExit);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** First start: spawn, onboard (owner + token), wait for RUNNING, add MQTT. */
  async boot(mqttPort: number | undefined): Promise<void> {
    const t0 = performance.now();
    const child = (this.child = spawnHass(this.configDir));
    const onboardingOpen = async (): Promise<boolean> => (await fetch(`${this.url}/api/onboarding`)).ok;
    await until(child, onboardingOpen, "HTTP server", this.timeoutMs, () => this.logTail());
    this.token = await createOwnerToken(this.url);
    await until(child, () => this.running(), "RUNNING state", this.timeoutMs, () => this.logTail());
    this.firstStartMs = Math.round(performance.now() - t0);
    if (mqttPort !== undefined) await this.addMqttEntry(mqttPort);
  }

  async start(): Promise<HaRestart> {
    if (this.child !== null) throw new Error("hass is already running");
    const t0 = performance.now();
    const child = (this.child = spawnHass(this.configDir));
    const answers = async (): Promise<boolean> => (await fetch(`${this.url}/api/`)).status > 0;
    await until(child, answers, "HTTP server", this.timeoutMs, () => this.logTail());
    const httpUpAtMs = Date.now();
    await until(child, () => this.running(), "RUNNING state", this.timeoutMs, () => this.logTail());
    return { httpUpAtMs, runningAfterMs: Math.round(performance.now() - t0) };
  }

  async stop(): Promise<HaExit | null> {
    const child = this.child;
    this.child = null;
    return child === null ? null : exited(child);
  }

  keepLogs(): void {
    this.keep = true;
  }

  async dispose(): Promise<void> {
    await this.stop();
    process.off("exit", this.offExit);
    if (this.keep) process.stderr.write(`ha-core: logs kept in ${this.configDir} (hass.out, home-assistant.log)\n`);
    else rmSync(this.configDir, { recursive: true, force: true });
  }

  logTail(lines = 40): string {
    const file = join(this.configDir, "hass.out");
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").slice(-lines).join("\n") : "(no output)";
  }

  async rest(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status}: ${text}`);
    return text === "" ? null : (JSON.parse(text) as unknown);
  }

  async ws(msg: Readonly<Record<string, unknown>> & { readonly type: string }): Promise<unknown> {
    const conn = await connectWs(this.url, this.token);
    try {
      return await conn.sendMessagePromise<unknown>({ ...msg });
    } finally {
      conn.close();
    }
  }

  async state(entityId: string): Promise<{ state: string; attributes: Readonly<Record<string, unknown>> } | null> {
    const res = await fetch(`${this.url}/api/states/${entityId}`, { headers: { authorization: `Bearer ${this.token}` } });
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`GET /api/states/${entityId}: HTTP ${res.status}`);
    return stateSchema.parse(await res.json());
  }

  async waitForState(entityId: string, ok: (state: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = performance.now() + timeoutMs;
    let last = "(no entity)";
    while (performance.now() < deadline) {
      last = (await this.state(entityId))?.state ?? "(no entity)";
      if (ok(last)) return last;
      await pause(200);
    }
    throw new Error(`${entityId} stayed at "${last}" for ${timeoutMs} ms`);
  }

  private async running(): Promise<boolean> {
    const res = await fetch(`${this.url}/api/config`, { headers: { authorization: `Bearer ${this.token}` } });
    return res.ok && configSchema.parse(await res.json()).state === "RUNNING";
  }

  private async addMqttEntry(port: number): Promise<void> {
    const flow = flowSchema.parse(await this.rest("POST", "/api/config/config_entries/flow", { handler: "mqtt", show_advanced_options: false }));
    const done = flowDoneSchema.parse(await this.rest("POST", `/api/config/config_entries/flow/${flow.flow_id}`, { broker: "127.0.0.1", port }));
    if (done.type !== "create_entry" || done.result?.state !== "loaded") {
      throw new Error(`MQTT config flow ended with ${JSON.stringify(done)}:\n${this.logTail()}`);
    }
  }
}

/**
 * Starts HA Core on a free loopback port with `opts.config`, creates the owner and a long-lived
 * token, waits for RUNNING. Throws (with the log tail and keeping the temp dir) when the
 * virtualenv is missing or HA does not come up.
 */
export async function startHaCore(opts: HaCoreOptions): Promise<HaCore> {
  const missing = haCoreMissing();
  if (missing !== null) throw new Error(missing);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "sunshift-ha-core-"));
  writeFileSync(join(dir, "configuration.yaml"), coreConfig(port, opts));
  const ha = new HaCoreProcess(port, dir, opts);
  try {
    await ha.boot(opts.mqttPort);
  } catch (err) {
    ha.keepLogs();
    await ha.dispose();
    throw err;
  }
  return ha;
}
