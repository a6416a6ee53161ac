import { cardPayloadSchema, type CardPayload } from "../../../addon/src/domain/card-payload.js";
import { SUNSHIFT_MODES } from "../../../addon/src/domain/entities.js";
import type { ReasonLang } from "../../../addon/src/domain/reason-text.js";
import { slotAction, windowOf, type SlotAction } from "./chart-data.js";
import { entityIds, type CardConfig } from "./config.js";
import { formatAge, formatClock } from "./format.js";
import { displayTimeZone, numericState, type HomeAssistant } from "./hass.js";
import { cardLang, t } from "./i18n.js";
import { actionLabel, nextChange, planReasonTexts, slotReasonTexts } from "./slot-detail.js";

/**
 * hass + config + now → everything the card shows, as plain data (pure; the element renders
 * it). The plan comes from the plan sensor's attributes, parsed with the contract's schema.
 */
export type AgeKey = "prices" | "pv_forecast" | "grid_meter";

export interface AgeBadge {
  readonly key: AgeKey;
  readonly label: string;
  readonly text: string;
  readonly stale: boolean;
}

export interface CurrentAction {
  readonly action: SlotAction;
  readonly text: string;
  readonly reason: string | null;
  readonly next: string | null;
}

export interface CardView {
  readonly lang: ReasonLang;
  readonly timeZone: string | undefined;
  /** Set when the plan sensor does not exist: the card shows only this warning. */
  readonly missingEntity: string | null;
  readonly payload: CardPayload | null;
  readonly planState: string | null;
  readonly live: { readonly socPct: number | null; readonly batteryW: number | null; readonly pvW: number | null; readonly homeW: number | null; readonly gridW: number | null };
  readonly current: CurrentAction | null;
  readonly ages: readonly AgeBadge[];
  readonly problem: string | null;
  readonly savingsTodayEur: number | null;
  readonly savingsMonthEur: number | null;
  readonly mode: string | null;
  readonly modeOptions: readonly string[];
  readonly generatedText: string | null;
  /** Plan-level reasons (solver, plan kept/replaced, fallback cause) as sentences. */
  readonly planNotes: readonly string[];
}

const PAYLOAD_KEYS = Object.keys(cardPayloadSchema.shape);
const parsed = new WeakMap<object, CardPayload | null>();

/** The CardPayload in a plan sensor's attributes (HA's own attributes ignored), or null. Memoized per attributes object. */
export function payloadOf(attributes: Readonly<Record<string, unknown>>): CardPayload | null {
  const hit = parsed.get(attributes);
  if (hit !== undefined) return hit;
  const picked = Object.fromEntries(PAYLOAD_KEYS.filter((k) => k in attributes).map((k) => [k, attributes[k]]));
  const r = cardPayloadSchema.safeParse(picked);
  const value = r.success ? r.data : null;
  parsed.set(attributes, value);
  return value;
}

function ageBadges(hass: HomeAssistant, c: CardConfig, lang: ReasonLang): AgeBadge[] {
  const ids = entityIds(c.prefix);
  const spec: readonly [AgeKey, string, number][] = [
    ["prices", ids.agePrices, c.stale_prices_h * 3600],
    ["pv_forecast", ids.agePvForecast, c.stale_pv_forecast_h * 3600],
    ["grid_meter", ids.ageGridMeter, c.stale_meter_s],
  ];
  return spec
    .filter(([, id]) => hass.states[id] !== undefined)
    .map(([key, id, limitS]) => {
      const age = numericState(hass, id);
      return { key, label: t(lang, `age_${key}`), text: age === null ? t(lang, "no_data") : formatAge(age, lang), stale: age === null || age > limitS };
    });
}

function currentAction(p: CardPayload, nowMs: number, lang: ReasonLang, tz: string | undefined): CurrentAction | null {
  // A plan that has run out says nothing about now (the add-on stopped publishing).
  if (p.socPct.length === 0 || nowMs >= p.startMs + p.socPct.length * p.stepMin * 60_000) return null;
  const { first } = windowOf(p, nowMs, 1);
  const action = slotAction(p, first);
  const next = nextChange(p, first);
  return {
    action,
    text: actionLabel(action, lang),
    reason: slotReasonTexts(p, first, lang, tz)[0] ?? null,
    next: next === null ? null : t(lang, "then", { action: actionLabel(next.action, lang).toLowerCase(), time: formatClock(p.startMs + next.index * p.stepMin * 60_000, lang, tz) }),
  };
}

function modeOptions(hass: HomeAssistant, id: string): string[] {
  const opts = hass.states[id]?.attributes["options"];
  return Array.isArray(opts) && opts.every((o): o is string => typeof o === "string") ? opts : [...SUNSHIFT_MODES];
}

function stateOf(hass: HomeAssistant, id: string): string | null {
  const s = hass.states[id]?.state;
  return s === undefined || s === "unknown" || s === "unavailable" ? null : s;
}

/** The problem text when binary_sensor.<prefix>_problem is on (its `cause` attribute), else null. */
function problemOf(hass: HomeAssistant, id: string, lang: ReasonLang): string | null {
  const s = hass.states[id];
  if (s?.state !== "on") return null;
  const cause = s.attributes["cause"];
  return typeof cause === "string" && cause !== "" ? cause : t(lang, "problem");
}

/** Everything the card shows at `nowMs`. */
export function cardView(hass: HomeAssistant, c: CardConfig, nowMs: number): CardView {
  const lang = cardLang(hass.locale?.language ?? hass.language);
  const timeZone = displayTimeZone(hass);
  const ids = entityIds(c.prefix);
  const plan = hass.states[ids.plan];
  const payload = plan === undefined ? null : payloadOf(plan.attributes);
  return {
    lang,
    timeZone,
    missingEntity: plan === undefined ? ids.plan : null,
    payload,
    planState: stateOf(hass, ids.plan),
    live: { socPct: numericState(hass, ids.soc), batteryW: numericState(hass, ids.batteryW), pvW: numericState(hass, ids.pvW), homeW: numericState(hass, ids.homeW), gridW: numericState(hass, ids.gridW) },
    current: payload === null ? null : currentAction(payload, nowMs, lang, timeZone),
    ages: ageBadges(hass, c, lang),
    problem: problemOf(hass, ids.problem, lang),
    savingsTodayEur: numericState(hass, ids.savingsToday),
    savingsMonthEur: numericState(hass, ids.savingsMonth),
    mode: stateOf(hass, ids.mode),
    modeOptions: modeOptions(hass, ids.mode),
    generatedText: payload === null ? null : t(lang, "plan_made", { time: formatClock(payload.generatedAtMs, lang, timeZone) }),
    planNotes: payload === null ? [] : planReasonTexts(payload, lang, timeZone),
  };
}

/** Entity ids whose change should re-render the card (shouldUpdate). */
export function watchedEntityIds(c: CardConfig): string[] {
  return Object.values(entityIds(c.prefix));
}
