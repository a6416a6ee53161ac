// The `influxdb` option group (addon/src/config/groups/influx.ts) through THE options schema:
// defaults (off), the Supervisor's string "2", the version-2 requirements, URL rules, and that
// the redacted config shows neither password nor token.
import { describe, expect, it } from "vitest";
import { optionsSchema, redactConfig, REDACTED } from "../../addon/src/config/index.js";
import { influxOptions } from "../../addon/src/config/groups/influx.js";

const issuesOf = (influxdb: Record<string, unknown>): { path: string; message: string }[] => {
  const r = optionsSchema.safeParse({ influxdb });
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
};

describe("influxdb options", () => {
  it("are off by default, version 1 at the HA InfluxDB add-on's address", () => {
    expect(optionsSchema.parse({}).influxdb).toEqual({
      enabled: false,
      target: { version: 1, url: "http://a0d7b954-influxdb:8086", database: "sunshift", username: null, password: null },
      batchSize: 500,
      flushIntervalMs: 10_000,
      readingsIntervalMs: 10_000,
      spoolMaxBytes: 50 * 1_048_576,
    });
  });

  it("version 2 as the Supervisor sends it (a string) gives the v2 target", () => {
    const c = influxOptions.parse({ enabled: true, version: "2", url: "https://influx.example:8086/", org: "home", bucket: "energy", api_token: "tok-123" });
    expect(c.target).toEqual({ version: 2, url: "https://influx.example:8086/", org: "home", bucket: "energy", apiToken: "tok-123" });
  });

  it.each<[string, Record<string, unknown>, { path: string; message: RegExp }[]]>([
    ["v2 enabled needs org and api_token", { enabled: true, version: 2 }, [
      { path: "influxdb.org", message: /required for InfluxDB 2/ },
      { path: "influxdb.api_token", message: /required for InfluxDB 2/ },
    ]],
    ["blank org counts as missing", { enabled: true, version: 2, org: "  ", api_token: "t" }, [{ path: "influxdb.org", message: /required/ }]],
    ["credentials in the URL are refused", { url: "http://user:pw@influx:8086" }, [{ path: "influxdb.url", message: /without user name or password/ }]],
    ["only http(s)", { url: "udp://influx:8089" }, [{ path: "influxdb.url", message: /http\(s\) URL/ }]],
    ["a URL that only looks like one: one message", { url: "http://[::1" }, [{ path: "influxdb.url", message: /valid URL/ }]],
    ["no scheme: one message, not two", { url: "influx.local:8086" }, [{ path: "influxdb.url", message: /http\(s\) URL/ }]],
    ["database name without blanks or quotes", { database: 'my "db"' }, [{ path: "influxdb.database", message: /database name/ }]],
    ["version 3 does not exist", { version: 3 }, [{ path: "influxdb.version", message: /.+/ }]],
    ["batch size within 1–5000", { batch_size: 0 }, [{ path: "influxdb.batch_size", message: /.+/ }]],
    ["unknown key", { token: "x" }, [{ path: "influxdb", message: /token/ }]],
  ])("%s", (_what, influxdb, want) => {
    const got = issuesOf(influxdb);
    expect(got.map((i) => i.path)).toEqual(want.map((w) => w.path));
    got.forEach((issue, i) => {
      expect(issue.message).toMatch(want[i]?.message ?? /^$/);
    });
  });

  it("v2 settings may stay empty while the export is off; blank user and password mean none", () => {
    expect(issuesOf({ enabled: false, version: 2 })).toEqual([]);
    expect(influxOptions.parse({ username: "", password: " " }).target).toMatchObject({ username: null, password: null });
  });

  it("the redacted config hides password and token but shows they are set", () => {
    const v1 = redactConfig(optionsSchema.parse({ influxdb: { enabled: true, username: "u", password: "pw-secret" } }));
    const v2 = redactConfig(optionsSchema.parse({ influxdb: { enabled: true, version: 2, org: "o", api_token: "tok-secret" } }));
    expect(JSON.stringify([v1, v2])).not.toMatch(/pw-secret|tok-secret/);
    expect(v1.influxdb).toMatchObject({ target: { username: "u", password: REDACTED } });
    expect(v2.influxdb).toMatchObject({ target: { apiToken: REDACTED } });
  });
});
