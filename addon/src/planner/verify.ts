import type { LinearProgram, PlannerInput } from "../domain/index.js";
import { simulate, type Decision } from "./physics.js";
import { slotHours } from "./build-model.js";

/** The worst violated check of a candidate answer, or null when it passes. */
export interface Violation {
  readonly check: string;
  readonly amount: number;
}

const worse = (a: Violation, b: Violation): Violation => (b.amount > a.amount ? b : a);

function columnViolation(lp: LinearProgram, x: Float64Array): Violation {
  let worst: Violation = { check: "none", amount: 0 };
  for (let j = 0; j < lp.numCols; j++) {
    const v = x[j] ?? 0;
    const name = lp.colNames[j] ?? String(j);
    worst = worse(worst, { check: `bound ${name}`, amount: Math.max((lp.colLower[j] ?? 0) - v, v - (lp.colUpper[j] ?? 0)) });
    if (lp.isInteger[j] === 1) worst = worse(worst, { check: `integrality ${name}`, amount: Math.abs(v - Math.round(v)) });
  }
  return worst;
}

function rowViolation(lp: LinearProgram, x: Float64Array): Violation {
  let worst: Violation = { check: "none", amount: 0 };
  for (let i = 0; i < lp.numRows; i++) {
    let act = 0;
    for (let k = lp.rowStarts[i] ?? 0; k < (lp.rowStarts[i + 1] ?? 0); k++) {
      act += (lp.rowValues[k] ?? 0) * (x[lp.rowIndices[k] ?? 0] ?? 0);
    }
    worst = worse(worst, { check: `row ${i}`, amount: Math.max((lp.rowLower[i] ?? 0) - act, act - (lp.rowUpper[i] ?? 0)) });
  }
  return worst;
}

/** Largest bound, row and integrality violation of x in the LP's own units (kW/kWh), if > 1e-6. */
export function lpViolation(lp: LinearProgram, x: Float64Array): Violation | null {
  const worst = worse(columnViolation(lp, x), rowViolation(lp, x));
  return worst.amount > 1e-6 ? worst : null;
}

/** Checks decisions against the contract physics (limits in W, SOC window in Wh); plug runs are LP rows. */
export function physicsViolation(input: PlannerInput, decisions: readonly Decision[]): Violation | null {
  const bat = input.battery;
  const sim = simulate(input, decisions, slotHours(input));
  const eMin = (bat.socMinPct / 100) * bat.capacityWh;
  const eMax = (bat.socMaxPct / 100) * bat.capacityWh;
  const checks: [string, number][] = [];
  decisions.forEach((d, t) => {
    const o = sim.slots[t];
    const s = input.slots[t];
    if (o === undefined || s === undefined) return;
    const maxImp = input.grid.maxImportW ?? Infinity;
    checks.push(
      ["pvUsedW", d.pvUsedW - s.pvW],
      ["acOutW", d.acOutW - bat.maxOutputW],
      ["acInW", d.acInW - bat.maxAcChargeW],
      ["inverter mode", Math.min(d.acOutW, d.acInW)],
      ["charge", o.dcNetW - bat.maxChargeDcW],
      ["discharge", -o.dcNetW - bat.maxDischargeDcW],
      ["soc", Math.max(eMin - o.storedWhEnd, o.storedWhEnd - eMax)],
      ["import", o.gridW - maxImp],
      ["export", -o.gridW - input.grid.maxExportW],
    );
  });
  const worst = checks.reduce<Violation | null>((w, [check, amount]) => (amount > (w?.amount ?? 0.5) ? { check, amount } : w), null);
  return worst;
}
