import type { Config } from "../config/schema.js";
import type { Command } from "../domain/command.js";
import type { ServiceCall } from "../domain/ha.js";

/** The parts of the configuration commands need. */
export type CommandConfig = Pick<Config, "battery" | "plugs" | "light">;

/** Limits of Zendure-HA's `number.zendure_manager_manual_power` (DEVICES.md §1.4). */
export const MANAGER_POWER_LIMIT_W = 12_000;

type BatteryCommand = Extract<Command, { kind: "battery_discharge" | "battery_ac_charge" | "battery_idle" }>;

/** Rounds to whole W and clamps to [0, max]; negative and non-finite requests (NaN, ±Infinity) become 0. */
export function clampPowerW(powerW: number, maxW: number): number {
  if (!Number.isFinite(powerW) || powerW <= 0) return 0;
  return Math.round(Math.min(powerW, Math.max(0, maxW)));
}

function selectOption(entityId: string, option: string): ServiceCall {
  return { domain: "select", service: "select_option", target: { entity_id: entityId }, serviceData: { option } };
}

function setNumber(entityId: string, value: number): ServiceCall {
  return { domain: "number", service: "set_value", target: { entity_id: entityId }, serviceData: { value } };
}

/**
 * Battery power as a signed set-point, W: + discharge to the home, − charge from AC, clamped to
 * the hub's limits (`max_output_w`, `max_ac_charge_w`).
 */
function signedSetpointW(command: BatteryCommand, b: CommandConfig["battery"]): number {
  switch (command.kind) {
    case "battery_discharge":
      return clampPowerW(command.powerW, b.maxOutputW);
    case "battery_ac_charge":
      return -clampPowerW(command.powerW, b.maxAcChargeW);
    case "battery_idle":
      return 0;
  }
}

/**
 * Manager path: Zendure-HA's manager in `manual` with one signed power (negative = charge); the
 * manager handles AC mode and smartMode itself.
 */
function managerCalls(setpointW: number, b: CommandConfig["battery"]): ServiceCall[] {
  const value = Math.max(-MANAGER_POWER_LIMIT_W, Math.min(MANAGER_POWER_LIMIT_W, setpointW));
  // `+ 0` turns −0 (idle) into 0 so the payload reads "value": 0.
  return [selectOption(b.managerOperationEntity, "manual"), setNumber(b.managerPowerEntity, value + 0)];
}

/**
 * Device path: the hub's AC mode first, then the unused direction's limit to 0, then the limit
 * in use, as Zendure-HA's zenSDK charge/discharge/stop writes do (DEVICES.md §1.3). The mode
 * follows the command, so a charge clamped to 0 W still selects `input`.
 */
function deviceCalls(command: BatteryCommand, setpointW: number, b: CommandConfig["battery"]): ServiceCall[] {
  if (command.kind === "battery_ac_charge") {
    return [selectOption(b.acModeEntity, "input"), setNumber(b.outputLimitEntity, 0), setNumber(b.inputLimitEntity, Math.abs(setpointW))];
  }
  return [selectOption(b.acModeEntity, "output"), setNumber(b.inputLimitEntity, 0), setNumber(b.outputLimitEntity, Math.max(0, setpointW))];
}

function lightCalls(command: Command & { kind: "light_set" }, light: CommandConfig["light"]): ServiceCall[] {
  if (!light.enabled) return [];
  const target = { entity_id: light.entity };
  if (!command.on) return [{ domain: "light", service: "turn_off", target }];
  const rgb = command.rgbColor.map((c) => Math.round(Math.min(255, Math.max(0, Number.isFinite(c) ? c : 0))));
  const brightness = Math.round(Math.min(100, Math.max(0, Number.isFinite(command.brightnessPct) ? command.brightnessPct : 0)));
  return [{ domain: "light", service: "turn_on", target, serviceData: { rgb_color: rgb, brightness_pct: brightness } }];
}

/**
 * The HA service calls that carry out `command`, in order (STYLE.md P11). Battery powers are
 * clamped to the configured device limits; a plug id that is not configured, or the light when
 * it is disabled, yields no calls.
 */
export function commandToCalls(command: Command, config: CommandConfig): ServiceCall[] {
  switch (command.kind) {
    case "battery_discharge":
    case "battery_ac_charge":
    case "battery_idle": {
      const setpointW = signedSetpointW(command, config.battery);
      return config.battery.controlPath === "manager" ? managerCalls(setpointW, config.battery) : deviceCalls(command, setpointW, config.battery);
    }
    case "plug_switch": {
      const plug = config.plugs.find((p) => p.id === command.plugId);
      if (plug === undefined) return [];
      return [{ domain: "switch", service: command.on ? "turn_on" : "turn_off", target: { entity_id: plug.switchEntity } }];
    }
    case "light_set":
      return lightCalls(command, config.light);
  }
}

/** `commandToCalls` bound to a configuration, the shape the executor's `toCalls` expects. */
export function createCommandMapper(config: CommandConfig): (command: Command) => readonly ServiceCall[] {
  return (command) => commandToCalls(command, config);
}
