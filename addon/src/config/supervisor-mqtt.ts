import { z } from "zod";
import type { MqttOptionsConfig } from "./groups/mqtt.js";

/**
 * The subset of `fetch` this module needs, injected so tests use a real loopback server and the
 * composition root passes the global `fetch`.
 */
export type FetchLike = (
  url: string,
  init: { readonly method: "GET"; readonly headers: Readonly<Record<string, string>>; readonly signal?: AbortSignal },
) => Promise<{ readonly status: number; text(): Promise<string> }>;

/** Where Sunshift's MQTT client connects, or why it does not. */
export type MqttBroker =
  | {
      readonly kind: "broker";
      readonly source: "options" | "supervisor";
      /** `mqtt://host:port` or `mqtts://host:port`. */
      readonly url: string;
      readonly host: string;
      readonly port: number;
      readonly tls: boolean;
      readonly username: string | null;
      readonly password: string | null;
    }
  | { readonly kind: "none"; readonly reason: string };

export type MqttLookup = { readonly ok: true; readonly broker: MqttBroker } | { readonly ok: false; readonly problem: string };

const FIX = "install the Mosquitto broker add-on (Settings → Add-ons) or set mqtt.host";

/** The Supervisor's `{result, data}` envelope around the broker service (HA-CONVENTIONS §4.1). */
const serviceEnvelope = z.object({
  result: z.literal("ok"),
  data: z.object({
    host: z.string().min(1),
    // The docs show a string, the Supervisor stores an int: accept both.
    port: z.union([z.number(), z.string()]).transform(Number).pipe(z.int().min(1).max(65535)),
    ssl: z.boolean().optional(),
    username: z.string().optional(),
    password: z.string().optional(),
  }),
});

const errorEnvelope = z.object({ result: z.literal("error"), message: z.string().optional() });

function brokerOf(host: string, port: number, tls: boolean, username: string | null, password: string | null, source: "options" | "supervisor"): MqttBroker {
  return { kind: "broker", source, url: `${tls ? "mqtts" : "mqtt"}://${host}:${port}`, host, port, tls, username, password };
}

/** The broker from the options when `mqtt.host` is set (port 1883 by default; 8883 means TLS). */
export function brokerFromOptions(mqtt: MqttOptionsConfig): MqttBroker | null {
  if (mqtt.host === null) return null;
  const port = mqtt.port ?? 1883;
  return brokerOf(mqtt.host, port, port === 8883, mqtt.username, mqtt.password, "options");
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function interpret(status: number, body: unknown): MqttLookup {
  const ok = serviceEnvelope.safeParse(body);
  if (status === 200 && ok.success) {
    const d = ok.data.data;
    return { ok: true, broker: brokerOf(d.host, d.port, d.ssl === true, d.username ?? null, d.password ?? null, "supervisor") };
  }
  const err = errorEnvelope.safeParse(body);
  if (err.success) {
    const msg = err.data.message ?? "no message";
    return { ok: false, problem: `mqtt: the Supervisor has no MQTT broker for Sunshift ("${msg}"); ${FIX}` };
  }
  if (status === 401 || status === 403) {
    return { ok: false, problem: `mqtt: the Supervisor refused the MQTT lookup (HTTP ${status}); config.yaml must list services: mqtt:need, or set mqtt.host` };
  }
  // Name the fields that are wrong, never their values (the body holds the broker password).
  const fields = ok.success ? "" : ok.error.issues.map((i) => i.path.join(".") || "body").join(", ");
  return { ok: false, problem: `mqtt: unexpected answer from the Supervisor's /services/mqtt (HTTP ${status}; bad: ${fields}); ${FIX}` };
}

/**
 * `GET <supervisorUrl>/services/mqtt` with the Supervisor token. Never throws: every failure is a
 * problem text for ConfigError that says how to fix it and contains no credentials.
 */
export async function lookupSupervisorMqtt(fetchFn: FetchLike, token: string, supervisorUrl = "http://supervisor"): Promise<MqttLookup> {
  const url = `${supervisorUrl}/services/mqtt`;
  try {
    const res = await fetchFn(url, {
      method: "GET",
      headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
      signal: AbortSignal.timeout(10_000),
    });
    return interpret(res.status, parseJson(await res.text()));
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { ok: false, problem: `mqtt: could not reach the Supervisor at ${url} (${why}); ${FIX}` };
  }
}
