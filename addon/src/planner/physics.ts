import type { PlannerInput, SlotAction } from "../domain/index.js";

/** The four decision fields of a slot (contract scenario-v1). */
export interface Decision {
  readonly pvUsedW: number;
  readonly acOutW: number;
  readonly acInW: number;
  readonly plugsOn: readonly string[];
}

/** What the contract physics derives from a decision. */
export interface SlotOutcome {
  /** Net DC power into the battery, W (contract `d`). */
  readonly dcNetW: number;
  readonly gridW: number;
  readonly storedWhEnd: number;
  readonly socPct: number;
  readonly costEur: number;
}

export interface Simulation {
  readonly slots: readonly SlotOutcome[];
  readonly objectiveEur: number;
  readonly storedWhEnd: number;
}

/** Plug power switched on in slot decisions, W. */
export function plugLoadW(input: PlannerInput, plugsOn: readonly string[]): number {
  let w = 0;
  for (const p of input.plugs) if (plugsOn.includes(p.id)) w += p.powerW;
  return w;
}

/** Applies one slot of the contract physics from `storedWh`. Does not check limits. */
export function stepSlot(input: PlannerInput, t: number, d: Decision, storedWh: number, dtH: number): SlotOutcome {
  const bat = input.battery;
  const slot = input.slots[t];
  const eta = bat.inverterEfficiency;
  const dcNetW = d.pvUsedW + d.acInW * eta - d.acOutW / eta;
  const dEnergy = dcNetW >= 0 ? dcNetW * bat.chargeEfficiency * dtH : (dcNetW / bat.dischargeEfficiency) * dtH;
  const storedWhEnd = storedWh + dEnergy;
  const gridW = (slot?.loadW ?? 0) + plugLoadW(input, d.plugsOn) - d.acOutW + d.acInW;
  const imp = Math.max(gridW, 0);
  const exp = Math.max(-gridW, 0);
  const costEur =
    (dtH / 1000) *
    ((slot?.importPriceEurPerKWh ?? 0) * imp -
      (slot?.exportPriceEurPerKWh ?? 0) * exp +
      bat.wearCostEurPerKWh * Math.abs(dcNetW));
  return { dcNetW, gridW, storedWhEnd, socPct: (100 * storedWhEnd) / bat.capacityWh, costEur };
}

/** Runs the physics over all slots; objective = Σ cost − terminal value of the stored change. */
export function simulate(input: PlannerInput, decisions: readonly Decision[], dtH: number): Simulation {
  const startWh = (input.socStartPct / 100) * input.battery.capacityWh;
  let stored = startWh;
  let total = 0;
  const slots: SlotOutcome[] = [];
  decisions.forEach((d, t) => {
    const o = stepSlot(input, t, d, stored, dtH);
    slots.push(o);
    stored = o.storedWhEnd;
    total += o.costEur;
  });
  const objectiveEur = total - (input.battery.terminalValueEurPerKWh * (stored - startWh)) / 1000;
  return { slots, objectiveEur, storedWhEnd: stored };
}

/** The hub's mode in a slot, for the card and the executor (1 W dead band). */
export function slotAction(d: Decision, dcNetW: number): SlotAction {
  if (d.acInW > 1) return "grid_charge";
  if (dcNetW < -1) return "discharge";
  if (dcNetW > 1) return "charge";
  return "idle";
}
