import type { PlannerInput } from "../domain/index.js";
import type { LpBuilder } from "./lp-builder.js";
import type { GridCols, SlotCols } from "./model-types.js";
import { initialEnergyKWh } from "./constraints/battery.js";

/**
 * The contract's cost in EUR with powers in kW and energy in kWh:
 * Σ Δ·(c⁺·import − c⁻·export + w·(bc + bd)) − v·(e_T − e_0).
 * w·(bc + bd) equals w·|d| because the optimum never charges and discharges at once.
 */
export function addObjective(
  b: LpBuilder,
  input: PlannerInput,
  hub: readonly SlotCols[],
  grid: readonly GridCols[],
  dtH: number,
): void {
  const wear = input.battery.wearCostEurPerKWh;
  input.slots.forEach((slot, t) => {
    const h = hub[t];
    const g = grid[t];
    if (h === undefined || g === undefined) return;
    b.addCost(g.imp, dtH * slot.importPriceEurPerKWh);
    b.addCost(g.exp, -dtH * slot.exportPriceEurPerKWh);
    b.addCost(h.bc, dtH * wear);
    b.addCost(h.bd, dtH * wear);
  });
  const last = hub[hub.length - 1];
  const v = input.battery.terminalValueEurPerKWh;
  if (last !== undefined) b.addCost(last.e, -v);
  b.addOffset(v * initialEnergyKWh(input));
}
