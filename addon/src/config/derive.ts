import type { BatteryModel, GridModel } from "../domain/plan.js";
import type { BatteryConfig } from "./groups/battery.js";
import type { PlannerConfig } from "./groups/planner.js";

/** The planner's battery model from the `battery` options (units already match). */
export function batteryModelOf(b: BatteryConfig): BatteryModel {
  return {
    capacityWh: b.capacityWh,
    socMinPct: b.socMinPct,
    socMaxPct: b.socMaxPct,
    maxOutputW: b.maxOutputW,
    maxAcChargeW: b.maxAcChargeW,
    maxChargeDcW: b.maxChargeDcW,
    maxDischargeDcW: b.maxDischargeDcW,
    chargeEfficiency: b.chargeEfficiency,
    dischargeEfficiency: b.dischargeEfficiency,
    inverterEfficiency: b.inverterEfficiency,
    wearCostEurPerKWh: b.wearCostEurPerKWh,
    terminalValueEurPerKWh: b.terminalValueEurPerKWh,
  };
}

/** The planner's grid model from the `planner` options. */
export function gridModelOf(p: PlannerConfig): GridModel {
  return { maxImportW: p.maxImportW, maxExportW: p.maxExportW };
}
