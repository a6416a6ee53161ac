import type { EpochMs, PlanReason, PlannerInput } from "../domain/index.js";
import type { Decision, SlotOutcome } from "./physics.js";

/** Everything the reason derivation reads: inputs, decisions, physics and optional duals. */
export interface ReasonContext {
  readonly input: PlannerInput;
  readonly decisions: readonly Decision[];
  readonly outcomes: readonly SlotOutcome[];
  /** Marginal value of a kWh stored at the end of each slot (−dual of the SOC row), LP only. */
  readonly storedValue: readonly number[] | null;
}

const W = 1;

/** Round-trip loss grid → battery → grid, %. */
export function roundTripLossPct(input: PlannerInput): number {
  const b = input.battery;
  return 100 * (1 - b.chargeEfficiency * b.dischargeEfficiency * b.inverterEfficiency ** 2);
}

/** The dearest later slot in which the battery discharges; else the dearest later slot. */
function laterUse(ctx: ReasonContext, t: number): { priceEurPerKWh: number; atMs: EpochMs } {
  let best: { priceEurPerKWh: number; atMs: EpochMs } | null = null;
  let anyBest: { priceEurPerKWh: number; atMs: EpochMs } | null = null;
  for (let u = t + 1; u < ctx.input.slots.length; u++) {
    const s = ctx.input.slots[u];
    const o = ctx.outcomes[u];
    if (s === undefined || o === undefined) continue;
    const cand = { priceEurPerKWh: s.importPriceEurPerKWh, atMs: s.startMs };
    if (anyBest === null || cand.priceEurPerKWh > anyBest.priceEurPerKWh) anyBest = cand;
    if (o.dcNetW < -W && (best === null || cand.priceEurPerKWh > best.priceEurPerKWh)) best = cand;
  }
  return best ?? anyBest ?? { priceEurPerKWh: ctx.input.battery.terminalValueEurPerKWh, atMs: 0 };
}

function storedValueAt(ctx: ReasonContext, t: number): number {
  const dual = ctx.storedValue?.[t];
  if (dual !== undefined) return dual;
  const b = ctx.input.battery;
  return Math.max(b.terminalValueEurPerKWh, laterUse(ctx, t).priceEurPerKWh * b.dischargeEfficiency * b.inverterEfficiency);
}

function batteryReasons(ctx: ReasonContext, t: number): PlanReason[] {
  const d = ctx.decisions[t];
  const o = ctx.outcomes[t];
  const s = ctx.input.slots[t];
  if (d === undefined || o === undefined || s === undefined) return [];
  const later = laterUse(ctx, t);
  if (d.acInW > W) {
    return [{ kind: "grid_charge", powerW: d.acInW, priceNowEurPerKWh: s.importPriceEurPerKWh,
      laterPriceEurPerKWh: later.priceEurPerKWh, laterAtMs: later.atMs, roundTripLossPct: roundTripLossPct(ctx.input) }];
  }
  if (o.dcNetW < -W) {
    return [{ kind: "discharge", powerW: -o.dcNetW, priceNowEurPerKWh: s.importPriceEurPerKWh,
      storedValueEurPerKWh: storedValueAt(ctx, t) }];
  }
  if (o.dcNetW > W) {
    return [{ kind: "store_pv", powerW: o.dcNetW, exportPriceEurPerKWh: s.exportPriceEurPerKWh,
      laterPriceEurPerKWh: later.priceEurPerKWh, laterAtMs: later.atMs }];
  }
  return idleReasons(ctx, t, later);
}

function idleReasons(ctx: ReasonContext, t: number, later: { priceEurPerKWh: number; atMs: EpochMs }): PlanReason[] {
  const o = ctx.outcomes[t];
  const s = ctx.input.slots[t];
  if (o === undefined || s === undefined) return [];
  const bat = ctx.input.battery;
  const aboveMin = o.socPct > bat.socMinPct + 0.5;
  if (o.gridW > W && aboveMin && later.priceEurPerKWh > s.importPriceEurPerKWh) {
    return [{ kind: "hold", priceNowEurPerKWh: s.importPriceEurPerKWh, laterPriceEurPerKWh: later.priceEurPerKWh, laterAtMs: later.atMs }];
  }
  const prices = ctx.input.slots.map((x) => x.importPriceEurPerKWh);
  const spread = Math.max(...prices) - Math.min(...prices);
  const rt = 1 - roundTripLossPct(ctx.input) / 100;
  const needed = Math.max(...prices) * (1 - rt) + 2 * bat.wearCostEurPerKWh;
  return [{ kind: "idle", spreadEurPerKWh: spread, neededSpreadEurPerKWh: needed }];
}

function gridReasons(ctx: ReasonContext, t: number): PlanReason[] {
  const d = ctx.decisions[t];
  const o = ctx.outcomes[t];
  const s = ctx.input.slots[t];
  if (d === undefined || o === undefined || s === undefined) return [];
  const out: PlanReason[] = [];
  const curtailedW = s.pvW - d.pvUsedW;
  if (curtailedW > W) {
    out.push({ kind: "curtail", curtailedW, cause: curtailCause(ctx, t, o), exportLimitW: ctx.input.grid.maxExportW,
      exportPriceEurPerKWh: s.exportPriceEurPerKWh });
  }
  if (o.gridW < -W) out.push({ kind: "export", powerW: -o.gridW, exportPriceEurPerKWh: s.exportPriceEurPerKWh });
  if (s.importPriceEurPerKWh < 0 && o.gridW > W) {
    out.push({ kind: "negative_price", priceEurPerKWh: s.importPriceEurPerKWh, importW: o.gridW });
  }
  return out;
}

function curtailCause(ctx: ReasonContext, t: number, o: SlotOutcome): "battery_full" | "export_capped" | "negative_export_price" | "charge_limit" {
  const s = ctx.input.slots[t];
  const bat = ctx.input.battery;
  if ((s?.exportPriceEurPerKWh ?? 0) < 0) return "negative_export_price";
  if (o.socPct >= bat.socMaxPct - 0.5) return -o.gridW >= ctx.input.grid.maxExportW - W ? "export_capped" : "battery_full";
  if (-o.gridW >= ctx.input.grid.maxExportW - W) return "export_capped";
  return "charge_limit";
}

function plugReasons(ctx: ReasonContext, t: number): PlanReason[] {
  const d = ctx.decisions[t];
  const s = ctx.input.slots[t];
  if (d === undefined || s === undefined) return [];
  return ctx.input.plugs
    .filter((p) => d.plugsOn.includes(p.id))
    .map((p) => {
      const window = ctx.input.slots.slice(p.earliestSlot, p.latestSlot + 1).map((x) => x.importPriceEurPerKWh);
      const mean = window.reduce((a, b) => a + b, 0) / Math.max(1, window.length);
      return { kind: "plug_on", plugId: p.id, priceEurPerKWh: s.importPriceEurPerKWh, windowMeanPriceEurPerKWh: mean };
    });
}

/** Reasons for every slot, derived from the decisions, the physics and the prices. */
export function deriveReasons(ctx: ReasonContext): PlanReason[][] {
  return ctx.decisions.map((_, t) => [...batteryReasons(ctx, t), ...gridReasons(ctx, t), ...plugReasons(ctx, t)]);
}
