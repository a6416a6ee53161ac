// loadConfig (addon/src/config/load.ts): /data/options.json inside the add-on, a YAML/JSON file
// outside, MQTT from the options or the Supervisor (against a loopback HTTP server, see
// support/supervisor-server.ts), all problems at once, no secrets in messages or redacted logs.
// Fixtures: tests/config/fixtures/*.options.{yaml,json}.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../addon/src/domain/errors.js";
import { type FetchLike, type LoadConfigDeps, loadConfig, redactConfig } from "../../addon/src/config/index.js";
import { type FakeSupervisor, startFakeSupervisor } from "./support/supervisor-server.js";

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const readText = (path: string): Promise<string> => readFile(path, "utf8");

const noFetch: FetchLike = () => Promise.reject(new Error("fetch must not be called"));

async function configError(deps: LoadConfigDeps): Promise<ConfigError> {
  try {
    await loadConfig(deps);
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("expected a ConfigError");
}

const ADDON_OPTIONS = {
  log_level: "info",
  battery: { capacity_wh: 2880, control_path: "device" },
  plugs: [],
  planner: { step_minutes: "15" },
  mqtt: { discovery_prefix: "homeassistant" },
};

describe("inside the add-on", () => {
  let supervisor: FakeSupervisor;
  beforeAll(async () => {
    supervisor = await startFakeSupervisor();
  });
  afterAll(async () => {
    await supervisor.close();
  });

  function addonDeps(options: unknown, extra: Partial<LoadConfigDeps> = {}): LoadConfigDeps & { reads: string[] } {
    const reads: string[] = [];
    return {
      reads,
      env: { SUPERVISOR_TOKEN: "supervisor-token-secret" },
      argvPath: fixture("standalone.options.yaml"),
      readFile: (path) => {
        reads.push(path);
        return path === "/data/options.json" ? Promise.resolve(JSON.stringify(options)) : Promise.reject(new Error(`ENOENT: ${path}`));
      },
      fetch: fetch,
      supervisorUrl: supervisor.url,
      ...extra,
    };
  }

  it("reads /data/options.json (not the command-line file) and takes MQTT from the Supervisor", async () => {
    supervisor.respond(200, { result: "ok", data: { addon: "core_mosquitto", host: "core-mosquitto", port: "1883", ssl: false, username: "addons", password: "broker-secret", protocol: "3.1.1" } });
    const deps = addonDeps(ADDON_OPTIONS);
    const loaded = await loadConfig(deps);
    expect(deps.reads).toEqual(["/data/options.json"]);
    expect(loaded.sourcePath).toBe("/data/options.json");
    expect(loaded.config.battery.capacityWh).toBe(2880);
    expect(loaded.runtime).toEqual({ kind: "addon", haUrl: `${supervisor.url}/core`, haToken: "supervisor-token-secret", dataDir: "/data" });
    expect(loaded.mqtt).toEqual({
      kind: "broker",
      source: "supervisor",
      url: "mqtt://core-mosquitto:1883",
      host: "core-mosquitto",
      port: 1883,
      tls: false,
      username: "addons",
      password: "broker-secret",
    });
    expect(supervisor.requests.at(-1)).toEqual({ method: "GET", path: "/services/mqtt", authorization: "Bearer supervisor-token-secret" });
  });

  it("mqtt.host in the options wins: the Supervisor is not asked", async () => {
    const before = supervisor.requests.length;
    const loaded = await loadConfig(addonDeps({ mqtt: { host: "10.0.0.5", port: 8883, username: "u", password: "p-secret" } }));
    expect(supervisor.requests.length).toBe(before);
    expect(loaded.mqtt).toMatchObject({ kind: "broker", source: "options", url: "mqtts://10.0.0.5:8883", tls: true });
  });

  it("no broker add-on: a clear error telling to install Mosquitto or set mqtt.host", async () => {
    supervisor.respond(400, { result: "error", message: "Service not enabled", data: {} });
    const err = await configError(addonDeps(ADDON_OPTIONS));
    expect(err.problems).toEqual([
      'mqtt: the Supervisor has no MQTT broker for Sunshift ("Service not enabled"); install the Mosquitto broker add-on (Settings → Add-ons) or set mqtt.host',
    ]);
  });

  it("invalid options.json: every problem, prefixed with the file", async () => {
    const err = await configError(addonDeps({ battery: { capacity_wh: -5 }, control: { mode: "turbo" } }));
    expect(err.problems).toEqual([
      "/data/options.json: battery.capacity_wh: must be > 0 (got -5); set it to your usable capacity in Wh",
      '/data/options.json: control.mode: must be one of auto, self_consumption, charge, discharge, hold, off (got "turbo"); use one of auto, self_consumption, charge, discharge, hold, off',
    ]);
    expect(err.message).toContain("battery.capacity_wh");
  });

  it("unreadable options.json is reported with its path", async () => {
    const err = await configError({ ...addonDeps({}), readFile: () => Promise.reject(new Error("EACCES")) });
    expect(err.problems).toEqual(["/data/options.json: cannot read the options file (EACCES); check the path"]);
  });
});

describe("outside Home Assistant", () => {
  const env = {};

  it("reads a YAML file given on the command line", async () => {
    const loaded = await loadConfig({ env, argvPath: fixture("standalone.options.yaml"), readFile: readText, fetch: noFetch });
    expect(loaded.runtime).toEqual({ kind: "standalone", haUrl: "http://127.0.0.1:8123", haToken: "eyJhbGciOiJIUzI1NiJ9.file-token-secret-value", dataDir: "/tmp/sunshift-test-data" });
    expect(loaded.config.logLevel).toBe("debug");
    expect(loaded.config.battery).toMatchObject({ capacityWh: 2880, socMinPct: 15, controlPath: "manager" });
    expect(loaded.config.plugs.map((p) => [p.id, p.earliestMinuteOfDay, p.latestMinuteOfDay, p.contiguous, p.maxStarts])).toEqual([
      ["dishwasher", 1320, 360, true, null],
      ["ebike", 0, 1439, false, 3],
    ]);
    expect(loaded.config.planner.stepMinutes).toBe(30);
    expect(loaded.mqtt).toMatchObject({ kind: "broker", source: "options", url: "mqtt://broker.lan:1883", username: "sunshift" });
  });

  it("reads a JSON file; without mqtt.host MQTT is off with a reason", async () => {
    const loaded = await loadConfig({ env, argvPath: fixture("standalone.options.json"), readFile: readText, fetch: noFetch });
    expect(loaded.config.control).toMatchObject({ mode: "self_consumption", gridTargetW: -50 });
    expect(loaded.config.planner).toMatchObject({ horizonHours: 48, stepMinutes: 60 });
    expect(loaded.runtime.dataDir).toBe(".sunshift-data");
    expect(loaded.mqtt).toEqual({ kind: "none", reason: "mqtt.host is not set and Sunshift runs outside the add-on" });
  });

  it("SUNSHIFT_HA_TOKEN overrides the token in the file", async () => {
    const loaded = await loadConfig({ env: { SUNSHIFT_HA_TOKEN: "env-token" }, argvPath: fixture("standalone.options.json"), readFile: readText, fetch: noFetch });
    expect(loaded.runtime.haToken).toBe("env-token");
  });

  it("without a file: says how to pass one", async () => {
    const err = await configError({ env, readFile: readText, fetch: noFetch });
    expect(err.problems[0]).toMatch(/^no configuration: outside Home Assistant pass a YAML or JSON options file/);
  });

  it("ha_url and ha_token are required outside, both reported", async () => {
    const err = await configError({ env, argvPath: "/virtual/empty.yaml", readFile: () => Promise.resolve(""), fetch: noFetch });
    expect(err.problems.map((p) => p.slice(0, p.indexOf(":")))).toEqual(["ha_url", "ha_token"]);
  });

  it("a YAML syntax error names the file and the line", async () => {
    const err = await configError({ env, argvPath: fixture("broken.options.yaml"), readFile: readText, fetch: noFetch });
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0]).toMatch(/broken\.options\.yaml: not valid YAML \(.* at line 2, column 16\); fix the syntax at that place$/);
  });

  it("a JSON syntax error names the file", async () => {
    const err = await configError({ env, argvPath: "/virtual/x.json", readFile: () => Promise.resolve("{ nope"), fetch: noFetch });
    expect(err.problems[0]).toMatch(/^\/virtual\/x\.json: not valid JSON \(/);
  });

  it("an invalid file: all problems at once, with the typo, and no secret in any of them", async () => {
    const err = await configError({ env, argvPath: fixture("invalid.options.yaml"), readFile: readText, fetch: noFetch });
    const rel = err.problems.map((p) => p.slice(p.indexOf("invalid.options.yaml: ") + "invalid.options.yaml: ".length));
    expect(rel.map((p) => p.slice(0, p.indexOf(":"))).sort()).toEqual(
      ["battery.capacity_wh", "battery.capcity_wh", "control.mode", "meter.grid_power_entity", "mqtt.password"].sort(),
    );
    expect(rel).toContain('battery.capcity_wh: unknown option, probably a typo; did you mean "capacity_wh"?');
    expect(err.message).not.toMatch(/1234|invalid-file-token-secret/);
  });
});

describe("redactConfig", () => {
  it("hides tokens and passwords of a loaded config and keeps everything else", async () => {
    const loaded = await loadConfig({ env: {}, argvPath: fixture("standalone.options.yaml"), readFile: readText, fetch: noFetch });
    const redacted = redactConfig(loaded);
    const text = JSON.stringify(redacted);
    expect(text).not.toContain("file-token-secret-value");
    expect(text).not.toContain("mqtt-password-secret");
    expect(text).toContain("broker.lan");
    expect(text).toContain("switch.shellyplusplugs_dishwasher");
    expect(redacted).toMatchObject({
      runtime: { haToken: "***", haUrl: "http://127.0.0.1:8123" },
      mqtt: { password: "***", username: "sunshift" },
      config: { mqtt: { password: "***" }, standalone: { haToken: "***" }, battery: { capacityWh: 2880 } },
    });
    // The original is untouched.
    expect(loaded.runtime.haToken).toBe("eyJhbGciOiJIUzI1NiJ9.file-token-secret-value");
  });

  it("hides the price and forecast API credentials too", () => {
    const r = redactConfig({ prices: { entsoeToken: "entsoe-secret-1234" }, pvForecast: { forecastSolarApiKey: "fs-secret-9876" } });
    expect(JSON.stringify(r)).not.toMatch(/secret-/);
  });

  it("an unset secret stays null, so the log shows it was not set", () => {
    expect(redactConfig({ mqtt: { password: null, host: "h" } })).toEqual({ mqtt: { password: null, host: "h" } });
  });
});
