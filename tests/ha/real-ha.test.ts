/**
 * The same client checks against a real Home Assistant Core, when one is available
 * (DESIGN.md: the simulated home is a test double). Set SUNSHIFT_HA_URL (e.g.
 * http://127.0.0.1:8123) and SUNSHIFT_HA_TOKEN (a long-lived token); skipped otherwise.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { EntityStates } from "../../addon/src/domain/index.js";
import { createHaClient, type ManagedHaClient } from "../../addon/src/ha/index.js";
import { realClock, realScheduler, waitFor } from "../sim/helpers.js";

const url = process.env["SUNSHIFT_HA_URL"];
const token = process.env["SUNSHIFT_HA_TOKEN"];
let client: ManagedHaClient | null = null;
afterEach(async () => {
  await client?.stop();
});

describe.skipIf(url === undefined || token === undefined)("createHaClient against a real HA Core", () => {
  it("connects, reads the config, subscribes sun.sun and maps a missing action to not_found", async () => {
    client = createHaClient({ baseUrl: url ?? "", token: token ?? "", logger: { debug() {}, info() {}, warn() {}, error() {} }, clock: realClock, scheduler: realScheduler });
    await client.start();
    expect(client.status().kind).toBe("connected");
    const cfg = await client.getConfig();
    expect(cfg.time_zone.length).toBeGreaterThan(0);
    const maps: EntityStates[] = [];
    client.subscribeEntities(["sun.sun"], (m) => maps.push(m));
    await waitFor(() => maps.length > 0, "sun.sun");
    expect(maps[0]?.get("sun.sun")?.state).toMatch(/above_horizon|below_horizon/);
    expect(await client.callService({ domain: "sunshift_test", service: "missing" })).toMatchObject({ ok: false, code: "not_found" });
  });
});
