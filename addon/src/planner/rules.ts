import type { FallbackCause, Plan, PlanReason, PlannerInput, RuleName } from "../domain/index.js";
import { assemblePlan } from "./assemble.js";
import { slotHours } from "./build-model.js";
import { plugLoadW, stepSlot, type Decision } from "./physics.js";
import { roundTripLossPct } from "./reasons.js";
import { rulePlugSchedule } from "./rule-plugs.js";

/** Price thresholds of the rules: the lower and upper quartile of the import prices. */
export interface RuleThresholds {
  readonly lowEurPerKWh: number;
  readonly highEurPerKWh: number;
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(sorted.length - 1, lo + 1)] ?? a;
  return a + (b - a) * (pos - lo);
}

export function ruleThresholds(input: PlannerInput): RuleThresholds {
  const sorted = input.slots.map((s) => s.importPriceEurPerKWh).sort((a, b) => a - b);
  return { lowEurPerKWh: quantile(sorted, 0.25), highEurPerKWh: quantile(sorted, 0.75) };
}

export interface RuleState {
  readonly input: PlannerInput;
  readonly dtH: number;
  readonly th: RuleThresholds;
  readonly gridChargeAllowed: boolean;
}

/** DC charge and discharge headroom this slot, W, from the stored energy and the limits. */
export function headroom(st: Pick<RuleState, "input" | "dtH">, storedWh: number): { chargeW: number; dischargeW: number } {
  const b = st.input.battery;
  const eMin = (b.socMinPct / 100) * b.capacityWh;
  const eMax = (b.socMaxPct / 100) * b.capacityWh;
  return {
    chargeW: Math.max(0, Math.min(b.maxChargeDcW, (eMax - storedWh) / (b.chargeEfficiency * st.dtH)) * 0.999),
    dischargeW: Math.max(0, Math.min(b.maxDischargeDcW, ((storedWh - eMin) * b.dischargeEfficiency) / st.dtH) * 0.999),
  };
}

/** Grid charging pays if a later price beats this one after round-trip loss and wear. */
function cheapChargePays(st: RuleState, t: number): boolean {
  const price = st.input.slots[t]?.importPriceEurPerKWh ?? 0;
  if (!st.gridChargeAllowed || price > st.th.lowEurPerKWh || st.input.battery.maxAcChargeW <= 0) return false;
  const rt = 1 - roundTripLossPct(st.input) / 100;
  let later = -Infinity;
  for (let u = t + 1; u < st.input.slots.length; u++) later = Math.max(later, st.input.slots[u]?.importPriceEurPerKWh ?? 0);
  return later * rt - price > 2 * st.input.battery.wearCostEurPerKWh;
}

function gridChargeDecision(st: RuleState, t: number, room: { chargeW: number }, plugsOn: string[]): Decision {
  const eta = st.input.battery.inverterEfficiency;
  const pv = st.input.slots[t]?.pvW ?? 0;
  const pvUsedW = Math.min(pv, room.chargeW);
  const acInW = Math.min(st.input.battery.maxAcChargeW, (room.chargeW - pvUsedW) / eta);
  return { pvUsedW, acOutW: 0, acInW: Math.max(0, acInW), plugsOn };
}

/** Self-consumption: PV to the home, surplus to the battery then export, deficit from the battery. */
function selfConsumption(st: RuleState, t: number, room: { chargeW: number; dischargeW: number }, plugsOn: string[], mayDischarge: boolean): Decision {
  const { input } = st;
  const s = input.slots[t];
  const bat = input.battery;
  const eta = bat.inverterEfficiency;
  const pv = s?.pvW ?? 0;
  const demand = (s?.loadW ?? 0) + plugLoadW(input, plugsOn);
  const price = s?.importPriceEurPerKWh ?? 0;
  if (price < 0) {
    return { pvUsedW: Math.min(pv, room.chargeW), acOutW: 0, acInW: 0, plugsOn };
  }
  const coverW = Math.min(demand, pv * eta, bat.maxOutputW);
  const rest = pv - coverW / eta;
  const charge = Math.min(rest, room.chargeW);
  const exportPays = (s?.exportPriceEurPerKWh ?? 0) > 0;
  const exportAc = exportPays ? Math.max(0, Math.min((rest - charge) * eta, bat.maxOutputW - coverW, input.grid.maxExportW)) : 0;
  let acOutW = coverW + exportAc;
  const deficit = demand - coverW;
  if (mayDischarge && deficit > 0 && charge <= 0) {
    acOutW += Math.max(0, Math.min(deficit, bat.maxOutputW - acOutW, room.dischargeW * eta));
  }
  return { pvUsedW: coverW / eta + charge + exportAc / eta, acOutW, acInW: 0, plugsOn };
}

function ruleFor(st: RuleState, t: number, d: Decision): RuleName {
  if (!st.gridChargeAllowed) return "safe_state";
  if (d.acInW > 0) return "cheap_charge";
  const price = st.input.slots[t]?.importPriceEurPerKWh ?? 0;
  return price >= st.th.highEurPerKWh ? "dear_discharge" : "self_consumption";
}

/** The rule decisions slot by slot, following the stored energy. */
function ruleDecisions(st: RuleState): { decisions: Decision[]; rules: RuleName[] } {
  const plugs = rulePlugSchedule(st.input);
  let stored = (st.input.socStartPct / 100) * st.input.battery.capacityWh;
  const decisions: Decision[] = [];
  const rules: RuleName[] = [];
  for (let t = 0; t < st.input.slots.length; t++) {
    const room = headroom(st, stored);
    const on = plugs[t] ?? [];
    const price = st.input.slots[t]?.importPriceEurPerKWh ?? 0;
    const charge = cheapChargePays(st, t) && room.chargeW > 1;
    const mayDischarge = !st.gridChargeAllowed || price > st.th.lowEurPerKWh;
    const d = charge ? gridChargeDecision(st, t, room, on) : selfConsumption(st, t, room, on, mayDischarge);
    decisions.push(d);
    rules.push(ruleFor(st, t, d));
    stored = stepSlot(st.input, t, d, stored, st.dtH).storedWhEnd;
  }
  return { decisions, rules };
}

/** Doing nothing with the battery: PV straight through the inverter (d = 0), plugs as the rules. */
function noBatteryDecisions(input: PlannerInput): Decision[] {
  const plugs = rulePlugSchedule(input);
  const bat = input.battery;
  return input.slots.map((s, t) => {
    const on = plugs[t] ?? [];
    const demand = s.loadW + plugLoadW(input, on);
    const exportRoom = s.exportPriceEurPerKWh > 0 && s.importPriceEurPerKWh >= 0 ? input.grid.maxExportW : 0;
    const acOutW = s.importPriceEurPerKWh < 0 ? 0 : Math.min(s.pvW * bat.inverterEfficiency, bat.maxOutputW, demand + exportRoom);
    return { pvUsedW: acOutW / bat.inverterEfficiency, acOutW, acInW: 0, plugsOn: on };
  });
}

/**
 * The rules plan (status `fallback`, cause as a plan reason). Missing data switches to the safe
 * state: no grid charging. The cheaper of the rules and "no battery" is returned, so the
 * fallback is never worse than leaving the battery alone on the plan's own forecast.
 */
export function planByRules(input: PlannerInput, cause: FallbackCause): Plan {
  const st: RuleState = { input, dtH: slotHours(input), th: ruleThresholds(input), gridChargeAllowed: cause.kind !== "missing_data" };
  const planReasons: PlanReason[] = [{ kind: "fallback", cause }];
  const ruleReason = (rule: RuleName, t: number): PlanReason => ({
    kind: "rule", rule, priceEurPerKWh: input.slots[t]?.importPriceEurPerKWh ?? 0,
    lowThresholdEurPerKWh: st.th.lowEurPerKWh, highThresholdEurPerKWh: st.th.highEurPerKWh,
  });
  const r = ruleDecisions(st);
  const rules = assemblePlan(input, r.decisions, "fallback", planReasons, null, (t) => [ruleReason(r.rules[t] ?? "self_consumption", t)]);
  const idle = assemblePlan(input, noBatteryDecisions(input), "fallback", planReasons, null, (t) => [ruleReason("no_battery", t)]);
  return idle.objectiveEur < rules.objectiveEur ? idle : rules;
}
