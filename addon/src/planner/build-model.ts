import type { PlannerInput } from "../domain/index.js";
import { LpBuilder } from "./lp-builder.js";
import type { GridCols, PlannerModel, PlugCols, SlotCols } from "./model-types.js";
import { addDcBus, addHubColumns, addSocBalance } from "./constraints/battery.js";
import { addAcBus, addGridColumns } from "./constraints/grid.js";
import { addPlug } from "./constraints/plugs.js";
import { addObjective } from "./objective.js";

/** Slot length in hours, from the first slot (all slots have the same length). */
export function slotHours(input: PlannerInput): number {
  const s = input.slots[0];
  return s === undefined ? 0.25 : (s.endMs - s.startMs) / 3_600_000;
}

/**
 * Builds the planning LP/MILP (OPTIMIZATION.md §7, contract scenario-v1 physics) in kW/kWh/EUR.
 * `relax` turns plug binaries into [0, 1] columns (fast LP mode, and the bound for the gap).
 */
export function buildModel(input: PlannerInput, relax = false): PlannerModel {
  const b = new LpBuilder();
  const dtH = slotHours(input);
  const n = input.slots.length;
  const hub: SlotCols[] = [];
  const grid: GridCols[] = [];
  for (let t = 0; t < n; t++) {
    hub.push(addHubColumns(b, input, t));
    grid.push(addGridColumns(b, input, t));
  }
  const plugs: PlugCols[] = [];
  let binaries = 0;
  for (const req of input.plugs) {
    const built = addPlug(b, input, req, relax);
    plugs.push(built.cols);
    binaries += built.binaries;
  }
  const socRows: number[] = [];
  for (let t = 0; t < n; t++) {
    const h = hub[t];
    const g = grid[t];
    if (h === undefined || g === undefined) continue;
    addDcBus(b, input, h);
    socRows.push(addSocBalance(b, input, h, hub[t - 1], dtH));
    addAcBus(b, input, t, h, g, plugs);
  }
  addObjective(b, input, hub, grid, dtH);
  return { lp: b.build(), hub, grid, plugs, socRows, dtH, binaries };
}
