import type { CardReason } from "./card-payload.js";
import type { PlanReason } from "./reason.js";
import type { ReplanTrigger } from "./replan.js";
import type { InputStatus } from "./slots.js";
import type { EpochMs } from "./time.js";

/**
 * PlanReason ⇄ CardReason (card-payload.ts). The add-on compacts, the card expands back to a
 * PlanReason and renders it with reason-text.ts, so there is one set of localized texts.
 * Expanding loses only rounding: prices to 0.1 ct, powers to 1 W, times to 1 min, money to 1 ct.
 */

/** Where a compact reason sits: slots [i, i + n) of a payload starting at `startMs`. */
export interface CardSpan {
  readonly i: number;
  readonly n: number;
  readonly startMs: EpochMs;
}

const toP = (eurPerKWh: number): number => Math.round(eurPerKWh * 1000);
const fromP = (p: number): number => p / 1000;
const toW = Math.round;
const toT = (atMs: EpochMs, s: CardSpan): number => Math.round((atMs - s.startMs) / 60_000);
const fromT = (t: number, startMs: EpochMs): EpochMs => startMs + t * 60_000;
const toC = (eur: number): number => Math.round(eur * 100);
const fromC = (c: number): number => c / 100;

type Compactors = { readonly [K in PlanReason["kind"]]: (r: Extract<PlanReason, { kind: K }>, s: CardSpan) => CardReason };
type Expanders = { readonly [K in CardReason["k"]]: (c: Extract<CardReason, { k: K }>, startMs: EpochMs) => PlanReason };

const compactors: Compactors = {
  grid_charge: (r, s) => ({ k: "grid_charge", i: s.i, n: s.n, w: toW(r.powerW), p: toP(r.priceNowEurPerKWh), pLater: toP(r.laterPriceEurPerKWh), tLater: toT(r.laterAtMs, s), lossPct: Math.round(r.roundTripLossPct) }),
  discharge: (r, s) => ({ k: "discharge", i: s.i, n: s.n, w: toW(r.powerW), p: toP(r.priceNowEurPerKWh), pStored: toP(r.storedValueEurPerKWh) }),
  store_pv: (r, s) => ({ k: "store_pv", i: s.i, n: s.n, w: toW(r.powerW), pExport: toP(r.exportPriceEurPerKWh), pLater: toP(r.laterPriceEurPerKWh), tLater: toT(r.laterAtMs, s) }),
  hold: (r, s) => ({ k: "hold", i: s.i, n: s.n, p: toP(r.priceNowEurPerKWh), pLater: toP(r.laterPriceEurPerKWh), tLater: toT(r.laterAtMs, s) }),
  idle: (r, s) => ({ k: "idle", i: s.i, n: s.n, pSpread: toP(r.spreadEurPerKWh), pNeeded: toP(r.neededSpreadEurPerKWh) }),
  curtail: (r, s) => ({ k: "curtail", i: s.i, n: s.n, w: toW(r.curtailedW), cause: r.cause, wExportLimit: toW(r.exportLimitW), pExport: toP(r.exportPriceEurPerKWh) }),
  export: (r, s) => ({ k: "export", i: s.i, n: s.n, w: toW(r.powerW), pExport: toP(r.exportPriceEurPerKWh) }),
  negative_price: (r, s) => ({ k: "negative_price", i: s.i, n: s.n, p: toP(r.priceEurPerKWh), w: toW(r.importW) }),
  plug_on: (r, s) => ({ k: "plug_on", i: s.i, n: s.n, plug: r.plugId, p: toP(r.priceEurPerKWh), pWindow: toP(r.windowMeanPriceEurPerKWh) }),
  rule: (r, s) => ({ k: "rule", i: s.i, n: s.n, rule: r.rule, p: toP(r.priceEurPerKWh), pLow: toP(r.lowThresholdEurPerKWh), pHigh: toP(r.highThresholdEurPerKWh) }),
  fallback: (r, s) => ({ k: "fallback", i: s.i, n: s.n, cause: r.cause }),
  solved: (r, s) => ({ k: "solved", i: s.i, n: s.n, solver: r.solver, status: r.status, binaries: r.binaries }),
  plan_kept: (r, s) => ({ k: "plan_kept", i: s.i, n: s.n, cKept: toC(r.keptCostEur), cCandidate: toC(r.candidateCostEur), cMargin: toC(r.marginEur) }),
  plan_replaced: (r, s) => ({ k: "plan_replaced", i: s.i, n: s.n, cKept: toC(r.keptCostEur), cCandidate: toC(r.candidateCostEur), stickySlots: r.stickySlots }),
  off_plan: (r, s) => ({ k: "off_plan", i: s.i, n: s.n, socPlannedPct: Math.round(r.plannedSocPct), socObservedPct: Math.round(r.observedSocPct) }),
  replanned: (r, s) => ({ k: "replanned", i: s.i, n: s.n, trigger: compactTrigger(r.trigger) }),
  input_status: (r, s) => ({ k: "input_status", i: s.i, n: s.n, input: r.input, source: r.source, status: compactStatus(r.status) }),
};

const expanders: Expanders = {
  grid_charge: (c, t0) => ({ kind: "grid_charge", powerW: c.w, priceNowEurPerKWh: fromP(c.p), laterPriceEurPerKWh: fromP(c.pLater), laterAtMs: fromT(c.tLater, t0), roundTripLossPct: c.lossPct }),
  discharge: (c) => ({ kind: "discharge", powerW: c.w, priceNowEurPerKWh: fromP(c.p), storedValueEurPerKWh: fromP(c.pStored) }),
  store_pv: (c, t0) => ({ kind: "store_pv", powerW: c.w, exportPriceEurPerKWh: fromP(c.pExport), laterPriceEurPerKWh: fromP(c.pLater), laterAtMs: fromT(c.tLater, t0) }),
  hold: (c, t0) => ({ kind: "hold", priceNowEurPerKWh: fromP(c.p), laterPriceEurPerKWh: fromP(c.pLater), laterAtMs: fromT(c.tLater, t0) }),
  idle: (c) => ({ kind: "idle", spreadEurPerKWh: fromP(c.pSpread), neededSpreadEurPerKWh: fromP(c.pNeeded) }),
  curtail: (c) => ({ kind: "curtail", curtailedW: c.w, cause: c.cause, exportLimitW: c.wExportLimit, exportPriceEurPerKWh: fromP(c.pExport) }),
  export: (c) => ({ kind: "export", powerW: c.w, exportPriceEurPerKWh: fromP(c.pExport) }),
  negative_price: (c) => ({ kind: "negative_price", priceEurPerKWh: fromP(c.p), importW: c.w }),
  plug_on: (c) => ({ kind: "plug_on", plugId: c.plug, priceEurPerKWh: fromP(c.p), windowMeanPriceEurPerKWh: fromP(c.pWindow) }),
  rule: (c) => ({ kind: "rule", rule: c.rule, priceEurPerKWh: fromP(c.p), lowThresholdEurPerKWh: fromP(c.pLow), highThresholdEurPerKWh: fromP(c.pHigh) }),
  fallback: (c) => ({ kind: "fallback", cause: c.cause }),
  solved: (c) => ({ kind: "solved", solver: c.solver, status: c.status, binaries: c.binaries }),
  plan_kept: (c) => ({ kind: "plan_kept", keptCostEur: fromC(c.cKept), candidateCostEur: fromC(c.cCandidate), marginEur: fromC(c.cMargin) }),
  plan_replaced: (c) => ({ kind: "plan_replaced", keptCostEur: fromC(c.cKept), candidateCostEur: fromC(c.cCandidate), stickySlots: c.stickySlots }),
  off_plan: (c) => ({ kind: "off_plan", plannedSocPct: c.socPlannedPct, observedSocPct: c.socObservedPct }),
  replanned: (c) => ({ kind: "replanned", trigger: c.trigger }),
  input_status: (c) => ({ kind: "input_status", input: c.input, source: c.source, status: expandStatus(c.status) }),
};

/** Trigger numbers rounded to integers (Wh, %); the kinds map one to one. */
function compactTrigger(t: ReplanTrigger): ReplanTrigger {
  switch (t.kind) {
    case "start":
    case "schedule":
    case "command":
    case "prices_changed":
      return t;
    case "forecast_changed":
      return { kind: t.kind, energyBeforeWh: Math.round(t.energyBeforeWh), energyAfterWh: Math.round(t.energyAfterWh) };
    case "soc_off_plan":
      return { kind: t.kind, plannedSocPct: Math.round(t.plannedSocPct), observedSocPct: Math.round(t.observedSocPct) };
  }
}

type CardInputStatus = Extract<CardReason, { k: "input_status" }>["status"];
const toS = (ms: number): number => Math.round(ms / 1000);

function compactStatus(s: InputStatus): CardInputStatus {
  switch (s.kind) {
    case "fresh":
      return { kind: "fresh", ageS: toS(s.ageMs) };
    case "stale":
      return { kind: "stale", ageS: toS(s.ageMs), maxAgeS: toS(s.maxAgeMs) };
    case "missing":
    case "substituted":
      return s;
  }
}

function expandStatus(s: CardInputStatus): InputStatus {
  switch (s.kind) {
    case "fresh":
      return { kind: "fresh", ageMs: s.ageS * 1000 };
    case "stale":
      return { kind: "stale", ageMs: s.ageS * 1000, maxAgeMs: s.maxAgeS * 1000 };
    case "missing":
    case "substituted":
      return s;
  }
}

/** Compact one reason for slots [span.i, span.i + span.n). */
export function compactReason(reason: PlanReason, span: CardSpan): CardReason {
  const f = compactors[reason.kind] as (r: PlanReason, s: CardSpan) => CardReason;
  return f(reason, span);
}

/** The PlanReason a compact item stands for (rounded), for reason-text.ts. */
export function expandCardReason(item: CardReason, startMs: EpochMs): PlanReason {
  const f = expanders[item.k] as (c: CardReason, t0: EpochMs) => PlanReason;
  return f(item, startMs);
}

/**
 * Which reasons may merge over consecutive slots: same kind and same subject (plug, curtail
 * cause, rule, fallback cause). Numbers may differ; the merged item keeps the first slot's.
 */
export function reasonRunKey(reason: PlanReason): string {
  switch (reason.kind) {
    case "plug_on":
      return `plug_on:${reason.plugId}`;
    case "curtail":
      return `curtail:${reason.cause}`;
    case "rule":
      return `rule:${reason.rule}`;
    case "fallback":
      return `fallback:${reason.cause.kind}`;
    case "input_status":
      return `input_status:${reason.input}`;
    default:
      return reason.kind;
  }
}
