import { z } from "zod";
import { efficiency, entityId, floatIn, intIn, whenValid } from "../fields.js";

/**
 * How commands reach the SolarFlow (DEVICES.md §1.4): `manager` = Zendure-HA's manager in
 * manual mode with one signed power; `device` = the hub's own AC mode and limits (manager off).
 */
export const CONTROL_PATHS = ["device", "manager"] as const;
export type ControlPath = (typeof CONTROL_PATHS)[number];

const DEV = "solarflow_800_pro";

/** Entity ids the Zendure-HA integration creates for a hub named "SolarFlow 800 Pro". */
const entities = {
  soc_entity: entityId(["sensor"], `sensor.${DEV}_electric_level`),
  pv_power_entity: entityId(["sensor"], `sensor.${DEV}_solar_input_power`),
  charge_power_entity: entityId(["sensor"], `sensor.${DEV}_output_pack_power`),
  discharge_power_entity: entityId(["sensor"], `sensor.${DEV}_pack_input_power`),
  ac_output_power_entity: entityId(["sensor"], `sensor.${DEV}_output_home_power`),
  ac_input_power_entity: entityId(["sensor"], `sensor.${DEV}_grid_input_power`),
  output_limit_entity: entityId(["number"], `number.${DEV}_output_limit`),
  input_limit_entity: entityId(["number"], `number.${DEV}_input_limit`),
  ac_mode_entity: entityId(["select"], `select.${DEV}_ac_mode`),
  min_soc_entity: entityId(["number"], `number.${DEV}_min_soc`),
  max_soc_entity: entityId(["number"], `number.${DEV}_soc_set`),
  manager_operation_entity: entityId(["select"], "select.zendure_manager_operation"),
  manager_power_entity: entityId(["number"], "number.zendure_manager_manual_power"),
};

/** `battery`: the hub (PV + battery on one DC bus behind one inverter) and its limits. */
export const batteryOptions = z
  .strictObject({
    control_path: z.enum(CONTROL_PATHS).default("device"),
    ...entities,
    capacity_wh: z.number().gt(0).max(100_000).default(1920),
    soc_min_pct: intIn(0, 100, 10),
    soc_max_pct: intIn(0, 100, 100),
    max_output_w: intIn(0, 2400, 800),
    max_ac_charge_w: intIn(0, 2400, 1000),
    max_charge_dc_w: intIn(0, 5000, 1200),
    max_discharge_dc_w: intIn(0, 5000, 1200),
    charge_efficiency: efficiency(0.96),
    discharge_efficiency: efficiency(0.96),
    inverter_efficiency: efficiency(0.95),
    wear_cost_eur_per_kwh: floatIn(0, 1, 0.03),
    terminal_value_eur_per_kwh: floatIn(0, 2, 0.1),
  })
  .superRefine((o, ctx) => {
    if (o.soc_min_pct >= o.soc_max_pct) {
      ctx.addIssue({
        code: "custom",
        path: ["soc_min_pct"],
        input: o.soc_min_pct,
        message: `must be below battery.soc_max_pct (${o.soc_max_pct})`,
      });
    }
  }, { when: whenValid(["soc_min_pct"], ["soc_max_pct"]) })
  .transform((o) => ({
    controlPath: o.control_path,
    socEntity: o.soc_entity,
    pvPowerEntity: o.pv_power_entity,
    chargePowerEntity: o.charge_power_entity,
    dischargePowerEntity: o.discharge_power_entity,
    acOutputPowerEntity: o.ac_output_power_entity,
    acInputPowerEntity: o.ac_input_power_entity,
    outputLimitEntity: o.output_limit_entity,
    inputLimitEntity: o.input_limit_entity,
    acModeEntity: o.ac_mode_entity,
    minSocEntity: o.min_soc_entity,
    maxSocEntity: o.max_soc_entity,
    managerOperationEntity: o.manager_operation_entity,
    managerPowerEntity: o.manager_power_entity,
    capacityWh: o.capacity_wh,
    socMinPct: o.soc_min_pct,
    socMaxPct: o.soc_max_pct,
    maxOutputW: o.max_output_w,
    maxAcChargeW: o.max_ac_charge_w,
    maxChargeDcW: o.max_charge_dc_w,
    maxDischargeDcW: o.max_discharge_dc_w,
    chargeEfficiency: o.charge_efficiency,
    dischargeEfficiency: o.discharge_efficiency,
    inverterEfficiency: o.inverter_efficiency,
    wearCostEurPerKWh: o.wear_cost_eur_per_kwh,
    terminalValueEurPerKWh: o.terminal_value_eur_per_kwh,
  }));

export type BatteryConfig = z.output<typeof batteryOptions>;
