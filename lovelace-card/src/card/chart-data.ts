import type { CardPayload } from "../../../addon/src/domain/card-payload.js";

/**
 * CardPayload → what the SVG draws, in viewBox units (pure; chart-view.ts only maps this to
 * elements). Panels top to bottom: prices (bars) with the SOC line over them, powers around a
 * centre line (battery bars: discharge up, charge down; PV and load forecast lines), plug runs.
 */
export const CHART_W = 480;
export const PRICE_TOP = 6;
export const PRICE_H = 96;
export const POWER_TOP = 112;
export const POWER_H = 64;
export const PLUG_TOP = 184;
export const PLUG_ROW_H = 12;

export type SlotAction = "grid_charge" | "charge" | "discharge" | "idle";
export type PriceLevel = "cheap" | "mid" | "dear" | "none";

export interface ChartSlot {
  /** Index into the payload's per-slot arrays. */
  readonly index: number;
  readonly startMs: number;
  readonly x: number;
  readonly w: number;
  readonly action: SlotAction;
  readonly level: PriceLevel;
  /** Price bar: top y and height (negative prices hang below the zero line). */
  readonly priceY: number;
  readonly priceH: number;
  /** Battery bar around the power centre line. */
  readonly batteryY: number;
  readonly batteryH: number;
}

export interface PlugBar {
  readonly id: string;
  readonly row: number;
  readonly x: number;
  readonly w: number;
}

export interface Tick {
  readonly x: number;
  readonly label: string;
}

export interface ChartModel {
  readonly slots: readonly ChartSlot[];
  readonly height: number;
  readonly priceZeroY: number;
  readonly powerMidY: number;
  /** SVG path data; "" when there is nothing to draw. */
  readonly socPath: string;
  readonly pvPath: string;
  readonly loadPath: string;
  readonly plugs: readonly PlugBar[];
  readonly plugIds: readonly string[];
  readonly ticks: readonly Tick[];
  /** x of "now", null when now lies outside the window. */
  readonly nowX: number | null;
  /** Largest |power| in the window, W (the power panel's half-height). */
  readonly powerScaleW: number;
}

export interface ChartOptions {
  readonly nowMs: number;
  readonly hours: number;
  /** Minutes after local midnight of an instant, in the display zone (for ticks). */
  readonly minutesOfDay: (ms: number) => number;
}

const ACTION_THRESHOLD_W = 25;
const round1 = (v: number): number => Math.round(v * 10) / 10;

/** First slot index at or after now (the slot containing now), clamped to the payload. */
export function windowOf(p: CardPayload, nowMs: number, hours: number): { readonly first: number; readonly count: number } {
  const n = p.socPct.length;
  const stepMs = p.stepMin * 60_000;
  const first = Math.min(Math.max(0, Math.floor((nowMs - p.startMs) / stepMs)), Math.max(0, n - 1));
  const count = n === 0 ? 0 : Math.min(n - first, Math.max(1, Math.round((hours * 60) / p.stepMin)));
  return { first, count };
}

/** What the hub does in slot i: from its reasons when they say, else from the planned powers. */
export function slotAction(p: CardPayload, i: number): SlotAction {
  for (const r of p.reasons) {
    if (i < r.i || i >= r.i + r.n) continue;
    if (r.k === "grid_charge") return "grid_charge";
    if (r.k === "store_pv") return "charge";
    if (r.k === "discharge") return "discharge";
  }
  const b = p.batteryW[i] ?? 0;
  if (b > ACTION_THRESHOLD_W) return "discharge";
  if (b < -ACTION_THRESHOLD_W) return (p.gridW[i] ?? 0) > ACTION_THRESHOLD_W ? "grid_charge" : "charge";
  return "idle";
}

/** Cheap = lowest third of the window's known prices, dear = highest third. */
function levels(prices: readonly (number | null)[]): PriceLevel[] {
  const known = prices.filter((v): v is number => v !== null).sort((a, b) => a - b);
  const lo = known[Math.floor((known.length - 1) / 3)] ?? 0;
  const hi = known[Math.ceil(((known.length - 1) * 2) / 3)] ?? 0;
  return prices.map((v) => (v === null ? "none" : lo === hi ? "mid" : v <= lo ? "cheap" : v >= hi ? "dear" : "mid"));
}

/** 95th percentile of |values|: a single spike of the load forecast should not flatten the battery bars. */
function robustMax(values: readonly (number | null | undefined)[]): number {
  const v = values.filter((x): x is number => typeof x === "number").map(Math.abs).sort((a, b) => a - b);
  return v[Math.floor(0.95 * (v.length - 1))] ?? 0;
}

/** Half-height of the power panel in W: every battery bar fits; PV/load lines above it are clipped. */
function powerScale(p: CardPayload, idx: readonly number[]): number {
  const battery = Math.max(0, ...idx.map((i) => Math.abs(p.batteryW[i] ?? 0)));
  return Math.max(100, battery, robustMax(idx.map((i) => p.pvW[i])), robustMax(idx.map((i) => p.loadW[i])));
}

/** Path through (x, y) points; null values break the line. */
export function linePath(points: readonly (readonly [number, number | null])[]): string {
  let d = "";
  let pen = false;
  for (const [x, y] of points) {
    if (y === null) {
      pen = false;
      continue;
    }
    d += `${pen ? "L" : "M"}${round1(x)} ${round1(y)}`;
    pen = true;
  }
  return d;
}

function priceScale(prices: readonly (number | null)[]): (v: number) => number {
  const known = prices.filter((v): v is number => v !== null);
  const max = Math.max(1, ...known);
  const min = Math.min(0, ...known);
  return (v) => PRICE_TOP + ((max - v) / (max - min)) * PRICE_H;
}

function ticksOf(p: CardPayload, first: number, count: number, slotW: number, o: ChartOptions): Tick[] {
  const every = o.hours > 24 ? 6 : 3;
  const ticks: Tick[] = [];
  for (let k = 0; k < count; k++) {
    const m = o.minutesOfDay(p.startMs + (first + k) * p.stepMin * 60_000);
    const x = k * slotW;
    // A label centred on the chart's edge would be cut in half: skip those.
    if (m % 60 === 0 && (m / 60) % every === 0 && x >= 8 && x <= CHART_W - 8) ticks.push({ x: round1(x), label: String(m / 60).padStart(2, "0") });
  }
  return ticks;
}

function plugBars(p: CardPayload, first: number, count: number, slotW: number): PlugBar[] {
  const bars: PlugBar[] = [];
  p.plugs.forEach((plug, row) => {
    for (const [i, n] of plug.runs) {
      const a = Math.max(i, first);
      const b = Math.min(i + n, first + count);
      if (b > a) bars.push({ id: plug.id, row, x: round1((a - first) * slotW), w: round1((b - a) * slotW) });
    }
  });
  return bars;
}

/** The chart of `hours` from the slot containing `nowMs`. Precondition: the payload parsed. */
export function chartModel(p: CardPayload, o: ChartOptions): ChartModel {
  const { first, count } = windowOf(p, o.nowMs, o.hours);
  const idx = Array.from({ length: count }, (_, k) => first + k);
  const slotW = count === 0 ? CHART_W : CHART_W / count;
  const prices = idx.map((i) => p.importP[i] ?? null);
  const py = priceScale(prices);
  const zero = py(0);
  const lv = levels(prices);
  const scaleW = powerScale(p, idx);
  const mid = POWER_TOP + POWER_H / 2;
  const wy = (w: number): number => Math.min(POWER_TOP + POWER_H, Math.max(POWER_TOP, mid - (w / scaleW) * (POWER_H / 2)));
  const slots: ChartSlot[] = idx.map((i, k) => {
    const price = prices[k] ?? null;
    const top = price === null ? zero : Math.min(py(price), zero);
    const b = p.batteryW[i] ?? 0;
    return {
      index: i, startMs: p.startMs + i * p.stepMin * 60_000, x: round1(k * slotW), w: round1(round1((k + 1) * slotW) - round1(k * slotW)), action: slotAction(p, i), level: lv[k] ?? "none",
      priceY: round1(top), priceH: price === null ? 0 : round1(Math.abs(py(price) - zero)),
      batteryY: round1(Math.min(wy(b), mid)), batteryH: round1(Math.abs(wy(b) - mid)),
    };
  });
  const socY = (pct: number): number => PRICE_TOP + PRICE_H - (pct / 100) * PRICE_H;
  const socStart = p.socPct[first - 1] ?? p.socPct[first];
  const socPoints: [number, number | null][] = [[0, socStart === undefined ? null : socY(socStart)], ...idx.map((i, k): [number, number | null] => [(k + 1) * slotW, socY(p.socPct[i] ?? 0)])];
  const centre = (k: number): number => (k + 0.5) * slotW;
  const series = (arr: readonly (number | null)[]): string => linePath(idx.map((i, k): [number, number | null] => { const v = arr[i] ?? null; return [centre(k), v === null ? null : wy(v)]; }));
  const stepMs = p.stepMin * 60_000;
  const endMs = p.startMs + (first + count) * stepMs;
  const winStart = p.startMs + first * stepMs;
  return {
    slots, height: PLUG_TOP + p.plugs.length * PLUG_ROW_H + 14, priceZeroY: round1(zero), powerMidY: mid,
    socPath: count === 0 ? "" : linePath(socPoints), pvPath: series(p.pvW), loadPath: series(p.loadW),
    plugs: plugBars(p, first, count, slotW), plugIds: p.plugs.map((x) => x.id), ticks: ticksOf(p, first, count, slotW, o),
    nowX: o.nowMs >= winStart && o.nowMs < endMs ? round1(((o.nowMs - winStart) / (endMs - winStart)) * CHART_W) : null,
    powerScaleW: scaleW,
  };
}

/** Minutes after local midnight in `timeZone` (browser zone when undefined). */
export function minutesOfDayIn(timeZone: string | undefined): (ms: number) => number {
  const f = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", ...(timeZone === undefined ? {} : { timeZone }) });
  return (ms) => {
    const [h, m] = f.format(ms).split(":").map(Number);
    return ((h ?? 0) % 24) * 60 + (m ?? 0);
  };
}

/** Keyboard selection: the slot `delta` away within the window, entering from the edge when none is selected. */
export function stepSelection(m: ChartModel, selected: number | null, delta: number): number | null {
  const first = m.slots[0]?.index;
  const last = m.slots[m.slots.length - 1]?.index;
  if (first === undefined || last === undefined) return null;
  const from = selected ?? (delta > 0 ? first - 1 : last + 1);
  return Math.min(last, Math.max(first, from + delta));
}
