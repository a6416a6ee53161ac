/** The in-memory FakeHaClient (tests/support) behaves like the real client at the port. */
import { describe, expect, it } from "vitest";
import type { ConnectionStatus, EntityStates } from "../../addon/src/domain/index.js";
import { FakeHaClient } from "../support/fake-ha-client.js";

describe("FakeHaClient", () => {
  it("delivers the full map of watched entities at once and on their changes only", () => {
    const ha = new FakeHaClient();
    ha.setState("sensor.a", "1", { unit_of_measurement: "W" }, 1000);
    const maps: EntityStates[] = [];
    const unsub = ha.subscribeEntities(["sensor.a", "sensor.missing"], (m) => maps.push(m));
    expect(maps).toHaveLength(1);
    expect([...(maps[0]?.keys() ?? [])]).toEqual(["sensor.a"]);
    ha.setState("sensor.other", "x");
    expect(maps).toHaveLength(1);
    ha.setState("sensor.a", "1", {}, 2000);
    expect(maps[1]?.get("sensor.a")).toEqual({ entityId: "sensor.a", state: "1", attributes: {}, lastChangedMs: 1000, lastUpdatedMs: 2000 });
    unsub();
    ha.setState("sensor.a", "2");
    expect(maps).toHaveLength(2);
    expect(ha.subscriberCount()).toBe(0);
  });

  it("records calls, scripts results, reflects switches, fails while disconnected, re-sends on reconnect", async () => {
    const ha = new FakeHaClient({ reflectCalls: true });
    const statuses: ConnectionStatus["kind"][] = [];
    ha.onStatus((s) => statuses.push(s.kind));
    ha.setState("switch.p", "off");
    const maps: EntityStates[] = [];
    ha.subscribeEntities(["switch.p"], (m) => maps.push(m));
    expect(await ha.callService({ domain: "switch", service: "turn_on", target: { entity_id: "switch.p" } })).toEqual({ ok: true, response: null });
    expect(ha.getState("switch.p")?.state).toBe("on");
    ha.queueResult({ ok: false, code: "home_assistant_error", message: "offline" });
    expect(await ha.callService({ domain: "switch", service: "turn_off", target: { entity_id: "switch.p" } })).toMatchObject({ ok: false });
    expect(ha.getState("switch.p")?.state).toBe("on");
    ha.setStatus({ kind: "disconnected", sinceMs: 5, cause: "test", retryInMs: 1000 });
    expect(await ha.callService({ domain: "switch", service: "turn_off" })).toMatchObject({ ok: false, code: "not_connected" });
    const n = maps.length;
    ha.setStatus({ kind: "connected", haVersion: "x", sinceMs: 6 });
    expect(maps.length).toBe(n + 1);
    expect(statuses).toEqual(["connected", "disconnected", "connected"]);
    expect(ha.calls.map((c) => c.service)).toEqual(["turn_on", "turn_off", "turn_off"]);
  });
});
