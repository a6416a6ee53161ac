// Security (issue 8 §5, HA-CONVENTIONS §2/§12): the add-on asks the Supervisor for no more than
// it uses. Every right config.yaml requests is listed here with the code that uses it (a file
// and what in it); every right not listed must stay off; every Supervisor endpoint the code
// calls must be covered by a requested right.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const manifest = parse(readFileSync(join(root, "config.yaml"), "utf8")) as Record<string, unknown>;

/** All source files of the add-on (TypeScript and the rootfs scripts). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|sh|mjs)$|^run$/.test(name) || dir.includes("rootfs") ? [p] : [];
  });
}
// The simulated home is a test double of HA, not the add-on's own use of rights.
const CODE = [...sources(join(root, "addon/src")), ...sources(join(root, "rootfs"))].filter((f) => !f.includes("/addon/src/sim/"));
const text = new Map(CODE.map((f) => [relative(root, f), readFileSync(f, "utf8")]));

/** Files whose text matches `pattern`. */
function usedIn(pattern: RegExp): string[] {
  return [...text].filter(([, t]) => pattern.test(t)).map(([f]) => f);
}

/** The rights Sunshift requests, each with the value and the code that needs it. */
const USED: readonly (readonly [string, unknown, RegExp, string])[] = [
  ["homeassistant_api", true, /"http:\/\/supervisor\/core"|\$\{supervisorUrl\}\/core/, "the HA WebSocket API through the Supervisor proxy with SUPERVISOR_TOKEN"],
  ["services", ["mqtt:need"], /\/services\/mqtt/, "the MQTT broker credentials from the Supervisor's services API"],
  ["ingress", true, /172\.30\.32\.2/, "the status page and API on port 8099, answering the ingress gateway only"],
];

/** Rights that must stay at their default (off) because no code needs them. */
// `map`: everything Sunshift keeps is in /data (always mounted); it reads no HA config folder.
const UNUSED = ["map", "hassio_api", "hassio_role", "auth_api", "host_network", "host_pid", "host_ipc", "host_dbus", "privileged", "full_access", "docker_api", "devices", "uart", "usb", "gpio", "video", "audio", "kernel_modules", "ports", "ports_description", "discovery", "backup_exclude", "realtime", "udev", "journald", "tmpfs"];

describe("Supervisor rights in config.yaml", () => {
  it.each(USED)("%s: requested as %j and used by the code (%s)", (key, value, pattern) => {
    expect(manifest[key]).toEqual(value);
    expect(usedIn(pattern), `no code uses ${key}`).not.toEqual([]);
  });

  it("requests nothing beyond the rights listed above", () => {
    const rightsKeys = Object.keys(manifest).filter((k) => UNUSED.includes(k) || USED.some(([u]) => u === k));
    expect(rightsKeys.filter((k) => UNUSED.includes(k))).toEqual([]);
    expect(manifest.apparmor ?? true).toBe(true);
  });

  it("every Supervisor endpoint the code calls is covered by a requested right", () => {
    const endpoints = new Set<string>();
    for (const t of text.values()) for (const m of t.matchAll(/(?:supervisor(?:Url)?\}?|http:\/\/supervisor)(\/[a-z_]+(?:\/[a-z_]+)?)/g)) if (m[1] !== undefined) endpoints.add(m[1]);
    // Path prefix → the right that opens it (/core/websocket is the Core proxy too).
    const covered: readonly (readonly [string, string])[] = [["/core", "homeassistant_api"], ["/services/mqtt", "services"]];
    for (const e of endpoints) expect(covered.find(([prefix]) => e === prefix || e.startsWith(`${prefix}/`)), `${e} is called but no right covers it`).toBeDefined();
    expect(endpoints.size).toBeGreaterThanOrEqual(2);
  });
});
