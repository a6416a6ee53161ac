import type { PlannerInput } from "../../domain/index.js";
import type { LpBuilder, Term } from "../lp-builder.js";
import type { GridCols, PlugCols, SlotCols } from "../model-types.js";

const KW = 1 / 1000;

/**
 * Import/export columns with the meter limits. Export is fixed to 0 where import is paid for
 * (negative-price dominance fix) and where feed-in is zero.
 */
export function addGridColumns(b: LpBuilder, input: PlannerInput, t: number): GridCols {
  const slot = input.slots[t];
  const negative = (slot?.importPriceEurPerKWh ?? 0) <= 0;
  const maxImp = input.grid.maxImportW === null ? Infinity : input.grid.maxImportW * KW;
  return {
    imp: b.addCol(`gi_${t}`, 0, 0, maxImp),
    exp: b.addCol(`ge_${t}`, 0, 0, negative ? 0 : input.grid.maxExportW * KW),
  };
}

/** AC bus at the meter: import − export + ao − ai − Σ P·on = load. */
export function addAcBus(
  b: LpBuilder,
  input: PlannerInput,
  t: number,
  hub: SlotCols,
  grid: GridCols,
  plugs: readonly PlugCols[],
): void {
  const loadKw = Math.max(0, (input.slots[t]?.loadW ?? 0) * KW);
  const terms: Term[] = [
    [grid.imp, 1],
    [grid.exp, -1],
    [hub.ao, 1],
    [hub.ai, -1],
  ];
  for (const plug of plugs) {
    const col = plug.on[t];
    if (col !== null && col !== undefined) terms.push([col, -plug.powerKw]);
  }
  b.addRow(loadKw, loadKw, terms);
}
