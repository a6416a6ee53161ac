import { describe, expect, it } from "vitest";
import { createExecutor, describeCall, isSatisfied } from "../../addon/src/control/executor.js";
import { silentLogger, type Command, type EntityStates, type HaClient, type HaEntityState, type ServiceCall } from "../../addon/src/domain/index.js";

function state(entityId: string, value: string, attributes: Record<string, unknown> = {}): HaEntityState {
  return { entityId, state: value, attributes, lastChangedMs: 0, lastUpdatedMs: 0 };
}

const observed: EntityStates = new Map([
  ["number.out", state("number.out", "240")],
  ["select.mode", state("select.mode", "output")],
  ["switch.p", state("switch.p", "on")],
  ["light.l", state("light.l", "on", { rgb_color: [0, 255, 0], brightness: 128 })],
]);

const call = (domain: string, service: string, entity: string, data: Record<string, unknown> = {}): ServiceCall => ({ domain, service, target: { entity_id: entity }, serviceData: data });

describe("isSatisfied", () => {
  it.each([
    [call("number", "set_value", "number.out", { value: 240 }), true],
    [call("number", "set_value", "number.out", { value: 244 }), true],
    [call("number", "set_value", "number.out", { value: 260 }), false],
    [call("select", "select_option", "select.mode", { option: "output" }), true],
    [call("select", "select_option", "select.mode", { option: "input" }), false],
    [call("switch", "turn_on", "switch.p"), true],
    [call("switch", "turn_off", "switch.p"), false],
    [call("light", "turn_on", "light.l", { rgb_color: [0, 255, 0], brightness_pct: 50 }), true],
    [call("light", "turn_on", "light.l", { rgb_color: [255, 0, 0], brightness_pct: 50 }), false],
    [call("number", "set_value", "number.unknown", { value: 1 }), false],
    [call("homeassistant", "reload", "number.out"), false],
  ])("%j → %s", (c, want) => {
    expect(isSatisfied(c, observed, 5)).toBe(want);
  });
});

describe("executor", () => {
  const command: Command = { kind: "battery_discharge", powerW: 300, reason: { kind: "startup_sync" } };
  const toCalls = (): readonly ServiceCall[] => [
    call("select", "select_option", "select.mode", { option: "output" }),
    call("number", "set_value", "number.out", { value: 300 }),
  ];
  function fakeHa(fail: boolean): HaClient & { calls: ServiceCall[] } {
    const calls: ServiceCall[] = [];
    return {
      calls,
      subscribeEntities: () => () => undefined,
      onStatus: () => () => undefined,
      callService: (c) => {
        calls.push(c);
        return Promise.resolve(fail ? { ok: false, code: "home_assistant_error", message: "device busy" } : { ok: true, response: null });
      },
    };
  }
  it("sends only what HA does not already show, tagged with the reason", async () => {
    const ha = fakeHa(false);
    const sent = await createExecutor({ ha, toCalls, logger: silentLogger, dryRun: false, numberTolerance: 5 }).execute(command, observed);
    expect(ha.calls.map(describeCall)).toEqual(["number.set_value number.out value=300"]);
    expect(sent[0]?.command.reason.kind).toBe("startup_sync");
  });
  it("sends nothing in dry-run mode", async () => {
    const ha = fakeHa(false);
    const sent = await createExecutor({ ha, toCalls, logger: silentLogger, dryRun: true, numberTolerance: 5 }).execute(command, new Map());
    expect(ha.calls).toHaveLength(0);
    expect(sent).toHaveLength(2);
  });
  it("stops at the first failed call", async () => {
    const ha = fakeHa(true);
    const sent = await createExecutor({ ha, toCalls, logger: silentLogger, dryRun: false, numberTolerance: 5 }).execute(command, new Map());
    expect(ha.calls).toHaveLength(1);
    expect(sent[0]?.result.ok).toBe(false);
  });
});
