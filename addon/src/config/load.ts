import { parse as parseYaml } from "yaml";
import { ConfigError } from "../domain/errors.js";
import { formatIssues } from "./issues.js";
import { type Config, optionsSchema } from "./schema.js";
import { brokerFromOptions, type FetchLike, lookupSupervisorMqtt, type MqttBroker } from "./supervisor-mqtt.js";

export const ADDON_OPTIONS_PATH = "/data/options.json";
export const SUPERVISOR_URL = "http://supervisor";

/** Where Sunshift runs and how it reaches Home Assistant. */
export type Runtime =
  | { readonly kind: "addon"; readonly haUrl: string; readonly haToken: string; readonly dataDir: string }
  | { readonly kind: "standalone"; readonly haUrl: string; readonly haToken: string; readonly dataDir: string };

/** Everything startup needs: the parsed options, the runtime and the resolved MQTT broker. */
export interface LoadedConfig {
  readonly config: Config;
  readonly runtime: Runtime;
  readonly mqtt: MqttBroker;
  /** The file the options came from. */
  readonly sourcePath: string;
}

export interface LoadConfigDeps {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The config file given on the command line (used outside the add-on only). */
  readonly argvPath?: string;
  readonly readFile: (path: string) => Promise<string>;
  readonly fetch: FetchLike;
  /** Overrides for tests; default /data/options.json and http://supervisor. */
  readonly optionsPath?: string;
  readonly supervisorUrl?: string;
}

export type ParseResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly problems: readonly string[] };

/** Validates raw options (already parsed from JSON/YAML); every problem at once. */
export function parseOptions(raw: unknown): ParseResult {
  const result = optionsSchema.safeParse(raw ?? {}, { reportInput: true });
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, problems: formatIssues(result.error.issues, optionsSchema) };
}

/** Parses a file's text: JSON for `.json`, YAML otherwise. Problems name the file and line. */
export function parseOptionsText(path: string, text: string): { ok: true; raw: unknown } | { ok: false; problem: string } {
  try {
    if (path.toLowerCase().endsWith(".json")) return { ok: true, raw: JSON.parse(text) as unknown };
    return { ok: true, raw: parseYaml(text, { prettyErrors: true }) as unknown };
  } catch (e) {
    const firstLine = e instanceof Error ? (e.message.split("\n")[0] ?? e.message) : String(e);
    const why = firstLine.replace(/:\s*$/, "");
    const kind = path.toLowerCase().endsWith(".json") ? "JSON" : "YAML";
    return { ok: false, problem: `${path}: not valid ${kind} (${why}); fix the syntax at that place` };
  }
}

async function readOptions(path: string, deps: LoadConfigDeps): Promise<Config> {
  let text: string;
  try {
    text = await deps.readFile(path);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new ConfigError([`${path}: cannot read the options file (${why}); check the path`]);
  }
  const raw = parseOptionsText(path, text);
  if (!raw.ok) throw new ConfigError([raw.problem]);
  const parsed = parseOptions(raw.raw);
  if (!parsed.ok) throw new ConfigError(parsed.problems.map((p) => `${path}: ${p}`));
  return parsed.config;
}

function standaloneRuntime(config: Config, env: LoadConfigDeps["env"]): Runtime {
  const problems: string[] = [];
  const { haUrl, dataDir } = config.standalone;
  // An environment variable keeps the token out of the file; it wins over the file.
  const haToken = env.SUNSHIFT_HA_TOKEN ?? config.standalone.haToken;
  if (haUrl === null) problems.push("ha_url: is required outside the add-on; set the Home Assistant URL, e.g. http://homeassistant.local:8123");
  if (haToken === null || haToken === "") {
    problems.push("ha_token: is required outside the add-on; create a long-lived access token in your Home Assistant profile and set ha_token or SUNSHIFT_HA_TOKEN");
  }
  if (problems.length > 0 || haUrl === null || haToken === null) throw new ConfigError(problems);
  return { kind: "standalone", haUrl, haToken, dataDir: dataDir ?? ".sunshift-data" };
}

/**
 * Loads the configuration (STYLE.md P8; precedence in DOCS.md):
 * - inside the add-on (`SUPERVISOR_TOKEN` set): `/data/options.json`; HA through the Supervisor
 *   proxy; MQTT from `mqtt.host` if set, else from the Supervisor's `/services/mqtt`;
 * - outside: the YAML/JSON file given on the command line, with `ha_url`/`ha_token`; MQTT only
 *   when `mqtt.host` is set.
 * Throws ConfigError listing every problem, each with its option path and fix; no secrets.
 */
export async function loadConfig(deps: LoadConfigDeps): Promise<LoadedConfig> {
  const supervisorToken = deps.env.SUPERVISOR_TOKEN;
  if (supervisorToken !== undefined && supervisorToken !== "") {
    const sourcePath = deps.optionsPath ?? ADDON_OPTIONS_PATH;
    const config = await readOptions(sourcePath, deps);
    const supervisorUrl = deps.supervisorUrl ?? SUPERVISOR_URL;
    const runtime: Runtime = { kind: "addon", haUrl: `${supervisorUrl}/core`, haToken: supervisorToken, dataDir: "/data" };
    const fromOptions = brokerFromOptions(config.mqtt);
    if (fromOptions !== null) return { config, runtime, mqtt: fromOptions, sourcePath };
    const lookup = await lookupSupervisorMqtt(deps.fetch, supervisorToken, supervisorUrl);
    if (!lookup.ok) throw new ConfigError([lookup.problem]);
    return { config, runtime, mqtt: lookup.broker, sourcePath };
  }
  if (deps.argvPath === undefined) {
    throw new ConfigError([
      "no configuration: outside Home Assistant pass a YAML or JSON options file on the command line (e.g. sunshift run --config sunshift.yaml)",
    ]);
  }
  const config = await readOptions(deps.argvPath, deps);
  const runtime = standaloneRuntime(config, deps.env);
  const mqtt = brokerFromOptions(config.mqtt) ?? { kind: "none", reason: "mqtt.host is not set and Sunshift runs outside the add-on" };
  return { config, runtime, mqtt, sourcePath: deps.argvPath };
}
