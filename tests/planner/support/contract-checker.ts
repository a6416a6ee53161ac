/**
 * Independent checker for contract scenario-v1 (../shared/contracts/scenario-v1.md), written
 * from the contract text only: it imports nothing from addon/src. Tolerances: 0.5 W on powers,
 * 0.5 Wh on energy (as the contract states).
 */

export interface CheckBattery {
  capacityWh: number;
  socStartPct: number;
  socMinPct: number;
  socMaxPct: number;
  maxOutputW: number;
  maxAcChargeW: number;
  maxChargeDcW: number;
  maxDischargeDcW: number;
  chargeEfficiency: number;
  dischargeEfficiency: number;
  inverterEfficiency: number;
  wearCostEurPerKWh: number;
  terminalValueEurPerKWh: number;
}

export interface CheckPlug {
  id: string;
  powerW: number;
  runSlots: number;
  earliestSlot: number;
  latestSlot: number;
  contiguous: boolean;
  /** Extensions beyond scenario-v1 (the add-on's plug options min_on/min_off/max_starts, in slots). */
  minOnSlots?: number;
  minOffSlots?: number;
  maxStarts?: number;
}

export interface CheckScenario {
  version: 1;
  start: string;
  stepMinutes: 15 | 30 | 60;
  importPriceEurPerKWh: number[];
  exportPriceEurPerKWh: number[];
  loadW: number[];
  pvW: number[];
  battery: CheckBattery;
  grid: { maxImportW: number | null; maxExportW: number };
  plugs: CheckPlug[];
}

export interface CheckSlot {
  start: string;
  pvUsedW: number;
  acOutW: number;
  acInW: number;
  plugsOn: readonly string[];
  batteryW: number;
  gridW: number;
  socPct: number;
  costEur: number;
}

export interface CheckPlan {
  version: 1;
  status: string;
  objectiveEur: number;
  slots: readonly CheckSlot[];
}

export interface CheckResult {
  violations: string[];
  /** Cost recomputed from the decision fields only. */
  costEur: number;
}

const TOL_W = 0.5;
const TOL_WH = 0.5;

function checkPlugs(sc: CheckScenario, plan: CheckPlan, v: string[]): void {
  for (const p of sc.plugs) {
    const on = plan.slots.map((s) => s.plugsOn.includes(p.id));
    const idx = on.flatMap((x, i) => (x ? [i] : []));
    if (idx.length !== p.runSlots) v.push(`plug ${p.id}: on in ${idx.length} slots, wants ${p.runSlots}`);
    if (idx.some((i) => i < p.earliestSlot || i > p.latestSlot)) v.push(`plug ${p.id}: on outside its window`);
    const first = idx[0];
    const last = idx[idx.length - 1];
    if (p.contiguous && first !== undefined && last !== undefined && last - first + 1 !== idx.length) {
      v.push(`plug ${p.id}: not one block`);
    }
  }
  for (const s of plan.slots) {
    for (const id of s.plugsOn) if (!sc.plugs.some((p) => p.id === id)) v.push(`unknown plug ${id}`);
  }
  for (const p of sc.plugs) checkPlugLimits(p, plan.slots.map((s) => s.plugsOn.includes(p.id)), v);
}

/** Maximal runs of `true` as [first, length]. */
function blocks(on: readonly boolean[]): [number, number][] {
  const out: [number, number][] = [];
  on.forEach((x, i) => {
    const last = out[out.length - 1];
    if (!x) return;
    if (last !== undefined && last[0] + last[1] === i) last[1] += 1;
    else out.push([i, 1]);
  });
  return out;
}

/**
 * The plug limits as the options define them: at most maxStarts runs; every run at least
 * minOnSlots long; at least minOffSlots off between two runs.
 */
function checkPlugLimits(p: CheckPlug, on: readonly boolean[], v: string[]): void {
  const runs = blocks(on);
  if (p.maxStarts !== undefined && runs.length > p.maxStarts) v.push(`plug ${p.id}: ${runs.length} starts > ${p.maxStarts}`);
  for (const [first, n] of runs) {
    if (p.minOnSlots !== undefined && n < p.minOnSlots) v.push(`plug ${p.id}: run at ${first} of ${n} < min on ${p.minOnSlots}`);
  }
  for (let k = 1; k < runs.length; k++) {
    const prev = runs[k - 1];
    const cur = runs[k];
    if (prev === undefined || cur === undefined) continue;
    const off = cur[0] - (prev[0] + prev[1]);
    if (p.minOffSlots !== undefined && off < p.minOffSlots) v.push(`plug ${p.id}: off ${off} slots before ${cur[0]} < min off ${p.minOffSlots}`);
  }
}

/** Decision-field limits of one slot; returns the net DC power d into the battery. */
function checkDecisionLimits(sc: CheckScenario, s: CheckSlot, i: number, v: string[]): number {
  const b = sc.battery;
  const at = `slot ${i}`;
  if (s.pvUsedW < -TOL_W || s.pvUsedW > (sc.pvW[i] ?? 0) + TOL_W) v.push(`${at}: pvUsedW ${s.pvUsedW}`);
  if (s.acOutW < -TOL_W || s.acOutW > b.maxOutputW + TOL_W) v.push(`${at}: acOutW ${s.acOutW}`);
  if (s.acInW < -TOL_W || s.acInW > b.maxAcChargeW + TOL_W) v.push(`${at}: acInW ${s.acInW}`);
  if (s.acOutW > TOL_W && s.acInW > TOL_W) v.push(`${at}: inverter in both modes`);
  const d = s.pvUsedW + s.acInW * b.inverterEfficiency - s.acOutW / b.inverterEfficiency;
  if (d > b.maxChargeDcW + TOL_W) v.push(`${at}: DC charge ${d}`);
  if (-d > b.maxDischargeDcW + TOL_W) v.push(`${at}: DC discharge ${-d}`);
  if (Math.abs(s.batteryW + d) > TOL_W) v.push(`${at}: batteryW ${s.batteryW} vs ${-d}`);
  return d;
}

/** Meter side of one slot; returns the slot's cost recomputed from the contract formula. */
function checkGridAndCost(sc: CheckScenario, s: CheckSlot, i: number, d: number, v: string[]): number {
  const at = `slot ${i}`;
  const plugW = sc.plugs.filter((p) => s.plugsOn.includes(p.id)).reduce((a, p) => a + p.powerW, 0);
  const g = (sc.loadW[i] ?? 0) + plugW - s.acOutW + s.acInW;
  const imp = Math.max(g, 0);
  const exp = Math.max(-g, 0);
  if (sc.grid.maxImportW !== null && imp > sc.grid.maxImportW + TOL_W) v.push(`${at}: import ${imp}`);
  if (exp > sc.grid.maxExportW + TOL_W) v.push(`${at}: export ${exp}`);
  if (Math.abs(s.gridW - g) > TOL_W) v.push(`${at}: gridW ${s.gridW} vs ${g}`);
  const dh = sc.stepMinutes / 60;
  const c = (dh / 1000) * ((sc.importPriceEurPerKWh[i] ?? 0) * imp - (sc.exportPriceEurPerKWh[i] ?? 0) * exp + sc.battery.wearCostEurPerKWh * Math.abs(d));
  if (Math.abs(s.costEur - c) > 1e-6) v.push(`${at}: costEur ${s.costEur} vs ${c}`);
  return c;
}

/** Checks every physics rule of the contract and recomputes the cost. */
export function checkPlan(sc: CheckScenario, plan: CheckPlan): CheckResult {
  const v: string[] = [];
  const b = sc.battery;
  const n = sc.importPriceEurPerKWh.length;
  const dh = sc.stepMinutes / 60;
  if (plan.slots.length !== n) v.push(`plan has ${plan.slots.length} slots, scenario ${n}`);
  const eMin = (b.socMinPct * b.capacityWh) / 100;
  const eMax = (b.socMaxPct * b.capacityWh) / 100;
  const e0 = (b.socStartPct * b.capacityWh) / 100;
  let e = e0;
  let cost = 0;
  const startMs = Date.parse(sc.start);
  plan.slots.forEach((s, i) => {
    if (Date.parse(s.start) !== startMs + i * sc.stepMinutes * 60_000) v.push(`slot ${i}: start ${s.start}`);
    const d = checkDecisionLimits(sc, s, i, v);
    e += d >= 0 ? d * b.chargeEfficiency * dh : (d / b.dischargeEfficiency) * dh;
    if (e < eMin - TOL_WH || e > eMax + TOL_WH) v.push(`slot ${i}: stored ${e.toFixed(2)} Wh outside [${eMin}, ${eMax}]`);
    if (Math.abs((s.socPct * b.capacityWh) / 100 - e) > TOL_WH) v.push(`slot ${i}: socPct ${s.socPct} vs ${(100 * e) / b.capacityWh}`);
    cost += checkGridAndCost(sc, s, i, d, v);
  });
  cost -= (b.terminalValueEurPerKWh * (e - e0)) / 1000;
  if (Math.abs(plan.objectiveEur - cost) > 1e-5) v.push(`objectiveEur ${plan.objectiveEur} vs ${cost}`);
  checkPlugs(sc, plan, v);
  return { violations: v, costEur: cost };
}

/**
 * Cost of doing nothing with the battery (d = 0 in every slot, PV through the inverter only to
 * cover the home and export where paid), with the plugs where the plan put them.
 */
export function idleBatteryCost(sc: CheckScenario, plugsOn: readonly (readonly string[])[]): number {
  const b = sc.battery;
  const dh = sc.stepMinutes / 60;
  let cost = 0;
  sc.importPriceEurPerKWh.forEach((price, i) => {
    const plugW = sc.plugs.filter((p) => plugsOn[i]?.includes(p.id) === true).reduce((a, p) => a + p.powerW, 0);
    const demand = (sc.loadW[i] ?? 0) + plugW;
    const exportPrice = sc.exportPriceEurPerKWh[i] ?? 0;
    const room = exportPrice > 0 ? sc.grid.maxExportW : 0;
    const ao = price < 0 ? 0 : Math.min((sc.pvW[i] ?? 0) * b.inverterEfficiency, b.maxOutputW, demand + room);
    const g = demand - ao;
    cost += (dh / 1000) * (price * Math.max(g, 0) - exportPrice * Math.max(-g, 0));
  });
  return cost;
}
