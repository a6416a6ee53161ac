import type { BatteryModel, PlannerSlotInput } from "../domain/index.js";
import type { DayChunk } from "./days.js";
import type { ExecutedSlot } from "./replay.js";

/**
 * Energy and money over a stretch of executed slots. Energies in kWh, money in EUR. The bill is
 * import cost − export revenue (no standing charge); wear is the planner's throughput cost,
 * not a bill item.
 */
export interface Totals {
  readonly slots: number;
  readonly loadKWh: number;
  /** PV available at the hub's DC input. */
  readonly pvKWh: number;
  readonly importKWh: number;
  readonly exportKWh: number;
  readonly importCostEur: number;
  readonly exportRevenueEur: number;
  readonly wearEur: number;
  /** DC energy into and out of the battery. */
  readonly chargeKWh: number;
  readonly dischargeKWh: number;
  /** AC energy drawn from the grid to charge. */
  readonly gridChargeKWh: number;
  /** PV left unused (inverter, battery or export limits, or on purpose). */
  readonly curtailedKWh: number;
}

export const ZERO_TOTALS: Totals = {
  slots: 0, loadKWh: 0, pvKWh: 0, importKWh: 0, exportKWh: 0, importCostEur: 0, exportRevenueEur: 0,
  wearEur: 0, chargeKWh: 0, dischargeKWh: 0, gridChargeKWh: 0, curtailedKWh: 0,
};

export function billEur(t: Totals): number {
  return t.importCostEur - t.exportRevenueEur;
}

export function addTotals(a: Totals, b: Totals): Totals {
  const out: Record<keyof Totals, number> = { ...ZERO_TOTALS };
  for (const k of Object.keys(out) as (keyof Totals)[]) out[k] = a[k] + b[k];
  return out;
}

/** Totals of slots [from, to): `actual` gives prices and demand, `done` what was executed. */
export function tally(actual: readonly PlannerSlotInput[], done: readonly ExecutedSlot[], bat: BatteryModel, from: number, to: number): Totals {
  const acc: Record<keyof Totals, number> = { ...ZERO_TOTALS };
  for (let i = from; i < to; i++) {
    const s = actual[i];
    const d = done[i];
    if (s === undefined || d === undefined) continue;
    const h = (s.endMs - s.startMs) / 3_600_000 / 1000;
    const imp = Math.max(0, d.gridW) * h;
    const exp = Math.max(0, -d.gridW) * h;
    acc.slots += 1;
    acc.loadKWh += s.loadW * h;
    acc.pvKWh += s.pvW * h;
    acc.importKWh += imp;
    acc.exportKWh += exp;
    acc.importCostEur += imp * s.importPriceEurPerKWh;
    acc.exportRevenueEur += exp * s.exportPriceEurPerKWh;
    acc.wearEur += Math.abs(d.dcNetW) * h * bat.wearCostEurPerKWh;
    acc.chargeKWh += Math.max(0, d.dcNetW) * h;
    acc.dischargeKWh += Math.max(0, -d.dcNetW) * h;
    acc.gridChargeKWh += d.acInW * h;
    acc.curtailedKWh += Math.max(0, s.pvW - d.pvUsedW) * h;
  }
  return acc;
}

/** Totals per local day, for the days given (indices into `actual`/`done`). */
export function tallyDays(actual: readonly PlannerSlotInput[], done: readonly ExecutedSlot[], bat: BatteryModel, days: readonly DayChunk[]): Totals[] {
  return days.map((d) => tally(actual, done, bat, d.from, d.to));
}
