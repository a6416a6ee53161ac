// Command → HA service calls (devices/commands.ts) for both Zendure control paths (DEVICES.md
// §1.3/§1.4), clamped to the device limits; plugs and the status light. The last block runs the
// calls through the executor (control/executor.ts) against a fake HaClient to show the diffing
// against observed states built from a real zenSDK report
// (/work/shared/data/zendure/zensdk-sf800-properties-report-discharging-TimSoethout.json).
import { describe, expect, it } from "vitest";
import { parseOptions, type Config } from "../../addon/src/config/index.js";
import { commandToCalls, createCommandMapper } from "../../addon/src/devices/index.js";
import { createExecutor } from "../../addon/src/control/executor.js";
import type { Command, CommandReason } from "../../addon/src/domain/command.js";
import type { HaClient, ServiceCall } from "../../addon/src/domain/ha.js";
import { silentLogger } from "../../addon/src/domain/log.js";
import { zendureReport, zendureStates } from "./support/real-states.js";

function config(raw: unknown): Config {
  const r = parseOptions(raw);
  if (!r.ok) throw new Error(r.problems.join("\n"));
  return r.config;
}

const reason: CommandReason = { kind: "startup_sync" };
const discharge = (powerW: number): Command => ({ kind: "battery_discharge", powerW, reason });
const charge = (powerW: number): Command => ({ kind: "battery_ac_charge", powerW, reason });
const idle: Command = { kind: "battery_idle", reason };

const sel = (entity: string, option: string): ServiceCall => ({ domain: "select", service: "select_option", target: { entity_id: entity }, serviceData: { option } });
const num = (entity: string, value: number): ServiceCall => ({ domain: "number", service: "set_value", target: { entity_id: entity }, serviceData: { value } });

const MODE = "select.solarflow_800_pro_ac_mode";
const OUT = "number.solarflow_800_pro_output_limit";
const IN = "number.solarflow_800_pro_input_limit";
const OP = "select.zendure_manager_operation";
const MAN = "number.zendure_manager_manual_power";

const device = config({});
const manager = config({ battery: { control_path: "manager" } });

describe("device path: AC mode, the unused limit 0, the limit in use (clamped)", () => {
  it.each([
    ["discharge 500 W", discharge(500), [sel(MODE, "output"), num(IN, 0), num(OUT, 500)]],
    ["discharge 1200 W → 800 (max_output_w)", discharge(1200), [sel(MODE, "output"), num(IN, 0), num(OUT, 800)]],
    ["discharge 333.6 W → 334", discharge(333.6), [sel(MODE, "output"), num(IN, 0), num(OUT, 334)]],
    ["discharge −20 W → 0", discharge(-20), [sel(MODE, "output"), num(IN, 0), num(OUT, 0)]],
    ["discharge NaN → 0", discharge(Number.NaN), [sel(MODE, "output"), num(IN, 0), num(OUT, 0)]],
    ["charge 700 W", charge(700), [sel(MODE, "input"), num(OUT, 0), num(IN, 700)]],
    ["charge 1500 W → 1000 (max_ac_charge_w)", charge(1500), [sel(MODE, "input"), num(OUT, 0), num(IN, 1000)]],
    ["charge Infinity → 0 (non-finite is never trusted)", charge(Number.POSITIVE_INFINITY), [sel(MODE, "input"), num(OUT, 0), num(IN, 0)]],
    ["idle: output mode, both limits 0", idle, [sel(MODE, "output"), num(IN, 0), num(OUT, 0)]],
  ])("%s", (_name, command, calls) => {
    expect(commandToCalls(command, device)).toEqual(calls);
  });

  it("uses the configured entities and limits", () => {
    const cfg = config({ battery: { ac_mode_entity: "select.hub_ac_mode", output_limit_entity: "number.hub_out", input_limit_entity: "number.hub_in", max_output_w: 600, max_ac_charge_w: 0 } });
    expect(commandToCalls(discharge(700), cfg)).toEqual([sel("select.hub_ac_mode", "output"), num("number.hub_in", 0), num("number.hub_out", 600)]);
    // A hub that cannot charge from AC gets a charge command clamped to 0.
    expect(commandToCalls(charge(700), cfg)).toEqual([sel("select.hub_ac_mode", "input"), num("number.hub_out", 0), num("number.hub_in", 0)]);
  });
});

describe("manager path: manual mode and one signed power (− = charge)", () => {
  it.each([
    ["discharge 500 W", discharge(500), 500],
    ["discharge 2000 W → 800", discharge(2000), 800],
    ["charge 700 W → −700", charge(700), -700],
    ["charge 5000 W → −1000", charge(5000), -1000],
    ["charge −3 W → 0", charge(-3), 0],
    ["idle → 0", idle, 0],
  ])("%s", (_name, command, value) => {
    const calls = commandToCalls(command, manager);
    expect(calls).toEqual([sel(OP, "manual"), num(MAN, value)]);
    // Never −0 on the wire.
    expect(Object.is(calls[1]?.serviceData?.value, -0)).toBe(false);
  });
});

describe("plugs and light", () => {
  const cfg = config({
    plugs: [{ id: "dishwasher", name: "Dishwasher", switch_entity: "switch.shellyplusplugs_dishwasher", power_entity: "sensor.shellyplusplugs_dishwasher_power", power_w: 1200, run_minutes: 120 }],
  });

  it.each([
    [true, "turn_on"],
    [false, "turn_off"],
  ])("plug on=%s → switch.%s", (on, service) => {
    expect(commandToCalls({ kind: "plug_switch", plugId: "dishwasher", on, reason }, cfg)).toEqual([
      { domain: "switch", service, target: { entity_id: "switch.shellyplusplugs_dishwasher" } },
    ]);
  });

  it("an unknown plug id yields no call", () => {
    expect(commandToCalls({ kind: "plug_switch", plugId: "dryer", on: true, reason }, cfg)).toEqual([]);
  });

  it.each([
    ["on, green 40 %", { on: true, rgbColor: [0, 255, 0], brightnessPct: 40 }, { domain: "light", service: "turn_on", target: { entity_id: "light.sunshift_status" }, serviceData: { rgb_color: [0, 255, 0], brightness_pct: 40 } }],
    ["on, out-of-range values clamped", { on: true, rgbColor: [300, -5, 127.6], brightnessPct: 140 }, { domain: "light", service: "turn_on", target: { entity_id: "light.sunshift_status" }, serviceData: { rgb_color: [255, 0, 128], brightness_pct: 100 } }],
    ["off", { on: false, rgbColor: [0, 0, 0], brightnessPct: 0 }, { domain: "light", service: "turn_off", target: { entity_id: "light.sunshift_status" } }],
  ] as const)("light %s", (_name, set, call) => {
    expect(commandToCalls({ kind: "light_set", ...set, reason }, cfg)).toEqual([call]);
  });

  it("a disabled light yields no call", () => {
    expect(commandToCalls({ kind: "light_set", on: true, rgbColor: [1, 2, 3], brightnessPct: 5, reason }, config({ light: { enabled: false } }))).toEqual([]);
  });
});

describe("through the executor: only calls HA does not already satisfy are sent", () => {
  // Real SF800 report: acMode 2 (output), outputLimit 800, inputLimit 400.
  const observed = zendureStates(zendureReport("zensdk-sf800-properties-report-discharging-TimSoethout.json").properties, 0);

  function fakeHa(): HaClient & { calls: ServiceCall[] } {
    const calls: ServiceCall[] = [];
    return {
      calls,
      subscribeEntities: () => () => undefined,
      onStatus: () => () => undefined,
      callService: (call) => {
        calls.push(call);
        return Promise.resolve({ ok: true, response: null });
      },
    };
  }

  it("discharge 500 W while in output mode: input limit → 0 and output limit → 500, the mode is left alone", async () => {
    const ha = fakeHa();
    const exec = createExecutor({ ha, toCalls: createCommandMapper(device), logger: silentLogger, dryRun: false, numberTolerance: device.control.toleranceW });
    await exec.execute(discharge(500), observed);
    expect(ha.calls).toEqual([num(IN, 0), num(OUT, 500)]);
  });

  it("discharge 797 W: within the 5 W tolerance of 800, only the input limit is written", async () => {
    const ha = fakeHa();
    const exec = createExecutor({ ha, toCalls: createCommandMapper(device), logger: silentLogger, dryRun: false, numberTolerance: device.control.toleranceW });
    await exec.execute(discharge(797), observed);
    expect(ha.calls).toEqual([num(IN, 0)]);
  });
});
