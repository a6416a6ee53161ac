/**
 * ensureCardResource against the simulated home's `lovelace/resources` commands (real
 * WebSocket on loopback, the add-on's own HA client), and against a fake port for the
 * failure values. Message shapes: HA core lovelace/resources.py (create/update/list).
 */
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../addon/src/domain/index.js";
import { createHaClient, type ManagedHaClient } from "../../addon/src/ha/index.js";
import { describeResourceResult, ensureCardResource, registerCardResourceOnConnect, urlPath, withVersion } from "../../addon/src/ha/lovelace-resources.js";
import type { WsCommandMessage, WsCommandPort, WsCommandResult } from "../../addon/src/ha/ws-command.js";
import { simLovelace } from "../../addon/src/sim/lovelace.js";
import { startSimulatedHome, type SimulatedHome } from "../../addon/src/sim/index.js";
import { realScheduler, simSeries, waitFor } from "../sim/helpers.js";

let sim: SimulatedHome | null = null;
let client: ManagedHaClient | null = null;
afterEach(async () => {
  await client?.stop();
  await sim?.stop();
  client = null;
  sim = null;
});

async function connect(token: string): Promise<ManagedHaClient> {
  sim = await startSimulatedHome({ token, startAt: "2024-07-01T18:00:00Z", speed: "manual", series: simSeries() });
  client = createHaClient({ baseUrl: sim.url, token, logger: silentLogger, clock: sim.clock, scheduler: realScheduler });
  await client.start();
  return client;
}

const URL_PATH = "/local/sunshift/sunshift-card.js";

describe("URL helpers", () => {
  it.each([
    ["/local/sunshift/sunshift-card.js", "0.1.0", "/local/sunshift/sunshift-card.js?v=0.1.0"],
    ["/local/sunshift/sunshift-card.js?v=0.0.9", "0.1.0", "/local/sunshift/sunshift-card.js?v=0.1.0"],
    ["http://ha.local:8123/hacsfiles/sunshift/sunshift-card.js?x=1", "2.0.0-beta.1", "http://ha.local:8123/hacsfiles/sunshift/sunshift-card.js?x=1&v=2.0.0-beta.1"],
  ])("withVersion(%s, %s) = %s", (url, v, expected) => {
    expect(withVersion(url, v)).toBe(expected);
    expect(urlPath(withVersion(url, v))).toBe(urlPath(url));
  });
});

describe("ensureCardResource against the simulated home", () => {
  it("creates once, is idempotent, updates ?v= on a new version and leaves other resources alone", async () => {
    const token = "lovelace-storage-token";
    const ha = await connect(token);
    simLovelace(token).mode = "storage";
    const other = await ha.sendCommand({ type: "lovelace/resources/create", res_type: "module", url: "/hacsfiles/other-card/other-card.js?v=1" });
    expect(other.ok).toBe(true);

    const first = await ensureCardResource(ha, URL_PATH, "0.1.0");
    expect(first).toMatchObject({ kind: "created", url: `${URL_PATH}?v=0.1.0` });
    const second = await ensureCardResource(ha, URL_PATH, "0.1.0");
    expect(second).toMatchObject({ kind: "unchanged", url: `${URL_PATH}?v=0.1.0` });
    expect(first.kind === "created" && second.kind === "unchanged" && second.id === first.id).toBe(true);

    const third = await ensureCardResource(ha, URL_PATH, "0.2.0");
    expect(third).toMatchObject({ kind: "updated", url: `${URL_PATH}?v=0.2.0`, previousUrl: `${URL_PATH}?v=0.1.0` });

    const listed = await ha.sendCommand({ type: "lovelace/resources" });
    expect(listed.ok).toBe(true);
    const items = (listed.ok ? listed.result : []) as { id: string; type: string; url: string }[];
    expect(items.filter((r) => urlPath(r.url) === URL_PATH)).toEqual([{ id: first.kind === "created" ? first.id : "?", type: "module", url: `${URL_PATH}?v=0.2.0` }]);
    expect(items.map((r) => r.url)).toContain("/hacsfiles/other-card/other-card.js?v=1");
    expect(items).toHaveLength(2);
    expect(describeResourceResult(third)).toBe(`Lovelace resource updated: ${URL_PATH}?v=0.1.0 → ${URL_PATH}?v=0.2.0`);
  });

  it("turns a resource of another type at our path into a module", async () => {
    const token = "lovelace-type-token";
    const ha = await connect(token);
    await ha.sendCommand({ type: "lovelace/resources/create", res_type: "js", url: `${URL_PATH}?v=0.1.0` });
    const r = await ensureCardResource(ha, URL_PATH, "0.1.0");
    expect(r.kind).toBe("updated");
    expect(simLovelace(token).list().map((x) => [x.type, x.url])).toEqual([["module", `${URL_PATH}?v=0.1.0`]]);
  });

  it("reports YAML-mode dashboards as a value (HA has no create command there)", async () => {
    const token = "lovelace-yaml-token";
    const ha = await connect(token);
    simLovelace(token).setYamlResources([]);
    const r = await ensureCardResource(ha, URL_PATH, "0.1.0");
    expect(r.kind).toBe("yaml_mode");
    expect(describeResourceResult(r)).toContain("lovelace: resources:");
    simLovelace(token).setYamlResources([{ type: "module", url: `${URL_PATH}?v=0.1.0` }]);
    expect(await ensureCardResource(ha, URL_PATH, "0.1.0")).toMatchObject({ kind: "unchanged" });
    expect(await ensureCardResource(ha, URL_PATH, "0.3.0")).toMatchObject({ kind: "yaml_mode", url: `${URL_PATH}?v=0.3.0` });
  });
});

/** A port answering from a table, recording what was sent. */
function fakePort(answers: Readonly<Record<string, WsCommandResult>>): WsCommandPort & { sent: WsCommandMessage[] } {
  const sent: WsCommandMessage[] = [];
  return {
    sent,
    sendCommand: (msg) => {
      sent.push(msg);
      return Promise.resolve(answers[msg.type] ?? { ok: false, code: "unknown_command", message: "Unknown command." });
    },
  };
}

describe("ensureCardResource failure values", () => {
  it("list fails (not connected) → error at step list, nothing else sent", async () => {
    const port = fakePort({ "lovelace/resources": { ok: false, code: "not_connected", message: "not connected to Home Assistant" } });
    expect(await ensureCardResource(port, URL_PATH, "1")).toEqual({ kind: "error", step: "list", code: "not_connected", message: "not connected to Home Assistant" });
    expect(port.sent).toHaveLength(1);
  });

  it("create refused for a non-admin user → error at step create", async () => {
    const port = fakePort({ "lovelace/resources": { ok: true, result: [] }, "lovelace/resources/create": { ok: false, code: "unauthorized", message: "Unauthorized" } });
    expect(await ensureCardResource(port, URL_PATH, "1")).toMatchObject({ kind: "error", step: "create", code: "unauthorized" });
    expect(port.sent[1]).toEqual({ type: "lovelace/resources/create", res_type: "module", url: `${URL_PATH}?v=1` });
  });

  it("a list that is not a resource list → invalid_response", async () => {
    const port = fakePort({ "lovelace/resources": { ok: true, result: { resources: "nope" } } });
    expect(await ensureCardResource(port, URL_PATH, "1")).toMatchObject({ kind: "error", step: "list", code: "invalid_response" });
  });
});

describe("registerCardResourceOnConnect (option card.register_resource)", () => {
  it("registers once the client is connected and logs the outcome", async () => {
    const token = "lovelace-task-token";
    sim = await startSimulatedHome({ token, startAt: "2024-07-01T18:00:00Z", speed: "manual", series: simSeries() });
    const lines: string[] = [];
    const logger = { ...silentLogger, info: (m: string) => lines.push(m), warn: (m: string) => lines.push(`WARN ${m}`) };
    client = createHaClient({ baseUrl: sim.url, token, logger: silentLogger, clock: sim.clock, scheduler: realScheduler });
    const results: string[] = [];
    const stop = registerCardResourceOnConnect(client, { url: URL_PATH, version: "0.1.0", logger, onResult: (r) => results.push(r.kind) });
    expect(results).toEqual([]); // not connected yet: nothing sent
    await client.start();
    await waitFor(() => results.length > 0, "resource registered");
    stop();
    expect(results).toEqual(["created"]);
    expect(lines).toEqual([`Lovelace resource created: ${URL_PATH}?v=0.1.0`]);
    expect(simLovelace(token).list().map((r) => r.url)).toEqual([`${URL_PATH}?v=0.1.0`]);
  });
});
