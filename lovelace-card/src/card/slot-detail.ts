import type { CardPayload } from "../../../addon/src/domain/card-payload.js";
import { expandCardReason } from "../../../addon/src/domain/card-reasons.js";
import { reasonText, type ReasonLang } from "../../../addon/src/domain/reason-text.js";
import { slotAction, type SlotAction } from "./chart-data.js";
import { formatDayClock, formatClock, formatPct, formatPower, formatPriceTenths } from "./format.js";
import { t, type MessageKey } from "./i18n.js";

/**
 * What the card says about one slot: the popup's title, its numbers and its reasons as
 * sentences (reason-text.ts, in the card's language and the home's zone). Pure.
 */
export interface SlotDetail {
  readonly index: number;
  readonly title: string;
  readonly action: SlotAction;
  readonly actionText: string;
  readonly rows: readonly (readonly [string, string])[];
  readonly reasons: readonly string[];
  /** Shown when the slot has no reason because the add-on left some out (size budget). */
  readonly note: string | null;
}

export function actionLabel(action: SlotAction, lang: ReasonLang): string {
  const key: MessageKey = `action_${action}`;
  return t(lang, key);
}

/** Sentences of the slot reasons covering slot i (merged runs included), in payload order. */
export function slotReasonTexts(p: CardPayload, i: number, lang: ReasonLang, timeZone: string | undefined): string[] {
  const opts = timeZone === undefined ? {} : { timeZone };
  return p.reasons.filter((r) => i >= r.i && i < r.i + r.n).map((r) => reasonText(expandCardReason(r, p.startMs), lang, opts));
}

/** Sentences of the plan-level reasons (solver, plan kept/replaced, fallback cause). */
export function planReasonTexts(p: CardPayload, lang: ReasonLang, timeZone: string | undefined): string[] {
  const opts = timeZone === undefined ? {} : { timeZone };
  return p.planReasons.map((r) => reasonText(expandCardReason(r, p.startMs), lang, opts));
}

function rows(p: CardPayload, i: number, lang: ReasonLang): [string, string][] {
  const out: [string, string][] = [];
  const price = p.importP[i];
  if (price !== undefined && price !== null) out.push([t(lang, "price"), formatPriceTenths(price, lang)]);
  out.push([t(lang, "soc"), formatPct(p.socPct[i] ?? 0, lang)]);
  const b = p.batteryW[i] ?? 0;
  out.push([t(lang, "battery"), b === 0 ? formatPower(0, lang) : `${formatPower(Math.abs(b), lang)} ${t(lang, b > 0 ? "discharging" : "charging")}`]);
  const pv = p.pvW[i];
  if (pv !== undefined && pv !== null) out.push([t(lang, "pv_forecast"), formatPower(pv, lang)]);
  const load = p.loadW[i];
  if (load !== undefined && load !== null) out.push([t(lang, "load_forecast"), formatPower(load, lang)]);
  const g = p.gridW[i] ?? 0;
  out.push([t(lang, "grid"), `${formatPower(Math.abs(g), lang)} ${t(lang, g >= 0 ? "importing" : "exporting")}`]);
  const on = p.plugs.filter((plug) => plug.runs.some(([a, n]) => i >= a && i < a + n)).map((plug) => plug.id);
  if (on.length > 0) out.push([t(lang, "plugs"), on.join(", ")]);
  return out;
}

/** Everything the popup of slot i shows. Precondition: 0 ≤ i < slot count. */
export function slotDetail(p: CardPayload, i: number, lang: ReasonLang, timeZone: string | undefined): SlotDetail {
  const startMs = p.startMs + i * p.stepMin * 60_000;
  const endMs = startMs + p.stepMin * 60_000;
  const action = slotAction(p, i);
  const reasons = slotReasonTexts(p, i, lang, timeZone);
  const lastCovered = p.reasons.reduce((m, r) => Math.max(m, r.i + r.n), 0);
  const dropped = reasons.length === 0 && p.reasonsDropped > 0 && i >= lastCovered;
  return {
    index: i,
    title: `${formatDayClock(startMs, lang, timeZone)}–${formatClock(endMs, lang, timeZone)}`,
    action,
    actionText: actionLabel(action, lang),
    rows: rows(p, i, lang),
    reasons,
    note: reasons.length > 0 ? null : dropped ? t(lang, "reasons_dropped", { n: p.reasonsDropped }) : t(lang, "no_reasons"),
  };
}

/** The next slot after `from` whose action differs, or null: "then charging from 02:00". */
export function nextChange(p: CardPayload, from: number): { readonly index: number; readonly action: SlotAction } | null {
  const now = slotAction(p, from);
  for (let i = from + 1; i < p.socPct.length; i++) {
    const a = slotAction(p, i);
    if (a !== now) return { index: i, action: a };
  }
  return null;
}
