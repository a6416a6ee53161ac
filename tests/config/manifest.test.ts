// The add-on manifest (config.yaml at the repository root) and translations/{en,de,nl}.yaml
// against THE options schema (addon/src/config/schema.ts): keys both ways, defaults, Supervisor
// types and ranges, required keys (HA-CONVENTIONS.md §2, §3, §12), and no second config.* file.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { listOptions, optionsSchema, type OptionInfo, STANDALONE_KEYS } from "../../addon/src/config/index.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const readYaml = (rel: string): unknown => parse(readFileSync(`${root}${rel}`, "utf8"));
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const manifest = readYaml("config.yaml");
if (!isRecord(manifest) || !isRecord(manifest.schema) || !isRecord(manifest.options)) throw new Error("config.yaml lacks options/schema");
const schema = manifest.schema;
const options = manifest.options;

const zodOptions: OptionInfo[] = listOptions(optionsSchema).filter((o) => !(STANDALONE_KEYS as readonly string[]).includes(o.path[0] ?? ""));

/** Leaf and group paths of a Supervisor schema: list-of-dict fields are `[list, field]`. */
function schemaPaths(node: Record<string, unknown>, prefix: string[] = []): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(node)) {
    const path = [...prefix, key];
    out.set(path.join("."), value);
    const inner = Array.isArray(value) ? (value[0] as unknown) : value;
    if (isRecord(inner)) for (const [k, v] of schemaPaths(inner, path)) out.set(k, v);
  }
  return out;
}
const supervisorSchema = schemaPaths(schema);

function valueAt(obj: Record<string, unknown>, path: readonly string[]): { found: boolean; value: unknown } {
  let cur: unknown = obj;
  for (const key of path) {
    if (!isRecord(cur) || !(key in cur)) return { found: false, value: undefined };
    cur = cur[key];
  }
  return { found: true, value: cur };
}

// An option is a list field when its parent path is a list option (plugs.*, prices.tou_bands.*).
const inList = (o: OptionInfo): boolean =>
  zodOptions.some((p) => p.kind === "list" && p.path.length === o.path.length - 1 && p.path.every((k, i) => o.path[i] === k));
/** Secrets use the Supervisor's `password` type so the UI masks them. */
const SECRET_OPTION = /^(password|.*_token|.*_api_key)$/;

describe("config.yaml schema ↔ zod schema", () => {
  it("every zod option has a schema entry and vice versa", () => {
    expect([...supervisorSchema.keys()].sort()).toEqual(zodOptions.map((o) => o.path.join(".")).sort());
  });

  it.each(zodOptions.filter((o) => o.kind === "value").map((o) => [o.path.join("."), o] as const))("%s: Supervisor type matches", (key, o) => {
    const type = supervisorSchema.get(key);
    expect(typeof type).toBe("string");
    const t = String(type);
    const optionalMark = t.endsWith("?");
    expect(optionalMark, "`?` exactly for options that may be left out").toBe(inList(o) ? o.optional || o.hasDefault : o.optional);
    const base = optionalMark ? t.slice(0, -1) : t;
    const s = o.schema;
    if (s instanceof z.ZodBoolean) expect(base).toBe("bool");
    else if (s instanceof z.ZodEnum) expect(base).toBe(`list(${s.options.join("|")})`);
    else if (s instanceof z.ZodLiteral) expect(base).toBe(`list(${[...s.values].map(String).join("|")})`);
    else if (s instanceof z.ZodNumber) {
      const isInt = s.format === "safeint";
      if (base === "port") expect([isInt, s.minValue, s.maxValue]).toEqual([true, 1, 65535]);
      else expect(base).toBe(`${isInt ? "int" : "float"}(${s.minValue},${s.maxValue})`);
    } else if (s instanceof z.ZodString) {
      if (SECRET_OPTION.test(String(o.path.at(-1)))) expect(base).toBe("password");
      else expect(base).toMatch(/^(str(\(\d+,\d+\))?|match\(.+\))$/);
    } else throw new Error(`unexpected zod type for ${key}`);
  });

  it("every entity default matches its match() pattern, and a wrong domain does not", () => {
    for (const o of zodOptions.filter((x) => x.path.at(-1)?.endsWith("entity") === true && x.hasDefault)) {
      const pattern = /^match\((.*)\)\??$/.exec(String(supervisorSchema.get(o.path.join("."))))?.[1];
      expect(pattern, o.path.join(".")).toBeDefined();
      const re = new RegExp(pattern ?? "");
      expect(re.test(String(o.defaultValue)), o.path.join(".")).toBe(true);
      expect(re.test(`binary_sensor.${String(o.defaultValue).split(".")[1] ?? ""}`)).toBe(false);
    }
  });

  it("options: holds exactly the zod defaults (and nothing for optional options)", () => {
    for (const o of zodOptions.filter((x) => !inList(x))) {
      const at = valueAt(options, o.path);
      if (o.optional) expect(at.found, `${o.path.join(".")} must not be in options`).toBe(false);
      else if (o.kind === "value") expect(at, o.path.join(".")).toEqual({ found: true, value: o.defaultValue });
      else expect(at.found, o.path.join(".")).toBe(true);
    }
    expect(options.plugs).toEqual([]);
  });

  it("zod parses config.yaml's options to the same Config as no options at all", () => {
    expect(optionsSchema.parse(options)).toEqual(optionsSchema.parse({}));
  });
});

describe("config.yaml top-level keys (HA-CONVENTIONS §2, §12)", () => {
  it("has the required keys with the intended values", () => {
    const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8")) as { version: string };
    expect(manifest).toMatchObject({
      name: "Sunshift",
      version: pkg.version,
      slug: "sunshift",
      url: "https://github.com/sunshift-energy/sunshift",
      arch: ["aarch64", "amd64"],
      init: false,
      homeassistant_api: true,
      services: ["mqtt:need"],
      ingress: true,
      panel_icon: "mdi:solar-power-variant",
      timeout: 30,
    });
    // Everything Sunshift keeps is in /data: no folder of HA is mapped (least privilege).
    expect(manifest.map).toBeUndefined();
    expect(typeof manifest.description).toBe("string");
    expect(manifest.version).toBe("0.1.0");
  });

  it("sets no key to its default and none of the discouraged keys", () => {
    const supervisorDefaults: Record<string, unknown> = {
      startup: "application", boot: "auto", init: true, ingress_port: 8099, ingress_entry: "/", panel_admin: true,
      hassio_api: false, hassio_role: "default", auth_api: false, host_network: false, privileged: [], full_access: false,
      docker_api: false, stdin: false, timeout: 10, stage: "stable", apparmor: true, advanced: false, ingress_stream: false,
    };
    for (const [key, def] of Object.entries(supervisorDefaults)) {
      if (key in manifest) expect(manifest[key], `${key} is set to its default`).not.toEqual(def);
    }
    for (const key of ["image", "watchdog", "webui", "ingress_port", "build_from", "host_network", "full_access"]) {
      expect(manifest, key).not.toHaveProperty(key);
    }
  });
});

describe("translations", () => {
  function check(node: Record<string, unknown>, tr: Record<string, unknown>, where: string): void {
    expect(Object.keys(tr).sort(), where).toEqual(Object.keys(node).sort());
    for (const [key, sub] of Object.entries(node)) {
      const entry = tr[key];
      if (!isRecord(entry)) throw new Error(`${where}.${key}: missing`);
      expect(typeof entry.name === "string" && entry.name.length > 0, `${where}.${key}.name`).toBe(true);
      expect(typeof entry.description === "string" && entry.description.length > 0, `${where}.${key}.description`).toBe(true);
      const inner = Array.isArray(sub) ? (sub[0] as unknown) : sub;
      if (isRecord(inner)) {
        if (!isRecord(entry.fields)) throw new Error(`${where}.${key}.fields: missing`);
        check(inner, entry.fields, `${where}.${key}`);
      } else expect(entry, `${where}.${key} has fields but is no group`).not.toHaveProperty("fields");
    }
  }

  it.each(["en", "de", "nl"])("%s.yaml names and describes every schema key, and only those", (lang) => {
    const doc = readYaml(`translations/${lang}.yaml`);
    if (!isRecord(doc) || !isRecord(doc.configuration)) throw new Error(`${lang}: no configuration:`);
    check(schema, doc.configuration, lang);
  });
});

describe("repository", () => {
  it("no other file is named config.yaml/yml/json (the Supervisor globs **/config.*)", () => {
    const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: root, encoding: "utf8" }).split("\n");
    const configs = files.filter((f) => /(^|\/)config\.(ya?ml|json)$/.test(f) && !f.split("/").some((seg) => seg.startsWith(".") || seg === "rootfs"));
    expect(configs).toEqual(["config.yaml"]);
  });
});
