import type { PlannerInput } from "../../domain/index.js";
import type { LpBuilder } from "../lp-builder.js";
import type { SlotCols } from "../model-types.js";

const KW = 1 / 1000;

/** Initial stored energy, kWh. */
export function initialEnergyKWh(input: PlannerInput): number {
  return (input.socStartPct / 100) * input.battery.capacityWh * KW;
}

/**
 * Hub columns of one slot: PV used, inverter output/input, DC charge/discharge, stored energy.
 * Bounds carry the power limits and the SOC window. Negative-price dominance fix
 * (OPTIMIZATION.md §5.5): where import is free or paid for, discharge and AC output are fixed to 0,
 * which removes the need for exclusivity binaries.
 */
export function addHubColumns(b: LpBuilder, input: PlannerInput, t: number): SlotCols {
  const bat = input.battery;
  const slot = input.slots[t];
  const pvKw = Math.max(0, (slot?.pvW ?? 0) * KW);
  // At an import price ≤ 0 own energy can only forfeit a free or paid import: fix it off.
  const negative = (slot?.importPriceEurPerKWh ?? 0) <= 0;
  const fixed = input.fixed?.[t];
  const last = t === input.slots.length - 1 && input.terminalAtLeastStart === true;
  const eMin = Math.max((bat.socMinPct / 100) * bat.capacityWh * KW, last ? initialEnergyKWh(input) : 0);
  const eMax = (bat.socMaxPct / 100) * bat.capacityWh * KW;
  const aoMax = negative ? 0 : bat.maxOutputW * KW;
  const aiMax = bat.maxAcChargeW * KW;
  const cols: SlotCols = {
    p: b.addCol(`p_${t}`, 0, 0, pvKw),
    ao: b.addCol(`ao_${t}`, 0, 0, aoMax),
    ai: b.addCol(`ai_${t}`, 0, 0, aiMax),
    bc: b.addCol(`bc_${t}`, 0, 0, bat.maxChargeDcW * KW),
    bd: b.addCol(`bd_${t}`, 0, 0, negative ? 0 : bat.maxDischargeDcW * KW),
    e: b.addCol(`e_${t}`, 0, eMin, eMax),
  };
  if (fixed !== undefined) {
    b.fix(cols.ao, clamp(fixed.acOutW * KW, 0, aoMax));
    b.fix(cols.ai, clamp(fixed.acInW * KW, 0, aiMax));
  }
  return cols;
}

/** DC bus: p + η·ai − ao/η = bc − bd (the contract's net DC power d = bc − bd). */
export function addDcBus(b: LpBuilder, input: PlannerInput, c: SlotCols): void {
  const eta = input.battery.inverterEfficiency;
  b.addRow(0, 0, [
    [c.p, 1],
    [c.ai, eta],
    [c.ao, -1 / eta],
    [c.bc, -1],
    [c.bd, 1],
  ]);
}

/** SOC balance e_t = e_{t−1} + Δ(η_c·bc − bd/η_d); returns the row index. */
export function addSocBalance(
  b: LpBuilder,
  input: PlannerInput,
  c: SlotCols,
  prev: SlotCols | undefined,
  dtH: number,
): number {
  const bat = input.battery;
  const terms: [number, number][] = [
    [c.e, 1],
    [c.bc, -dtH * bat.chargeEfficiency],
    [c.bd, dtH / bat.dischargeEfficiency],
  ];
  if (prev === undefined) {
    const e0 = initialEnergyKWh(input);
    return b.addRow(e0, e0, terms);
  }
  terms.push([prev.e, -1]);
  return b.addRow(0, 0, terms);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
