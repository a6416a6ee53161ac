import { html, nothing, svg, type TemplateResult } from "lit";
import type { CardPayload } from "../../../addon/src/domain/card-payload.js";
import type { ReasonLang } from "../../../addon/src/domain/reason-text.js";
import { CHART_W, PLUG_ROW_H, PLUG_TOP, POWER_TOP, PRICE_TOP, type ChartModel } from "./chart-data.js";
import { formatPower, formatPriceTenths } from "./format.js";
import { t } from "./i18n.js";

/** Renders a ChartModel as SVG (thin: every number comes from chart-data.ts). */
export interface ChartHandlers {
  readonly select: (index: number) => void;
  readonly hover: (index: number) => void;
  /** Arrow keys move the selection by ±1 slot; Escape clears it. */
  readonly step: (delta: number) => void;
  readonly close: () => void;
}

function onKey(e: KeyboardEvent, h: ChartHandlers): void {
  if (e.key === "ArrowRight") h.step(1);
  else if (e.key === "ArrowLeft") h.step(-1);
  else if (e.key === "Escape") h.close();
  else return;
  e.preventDefault();
}

function bars(m: ChartModel): TemplateResult[] {
  return m.slots.flatMap((s) => [
    svg`<rect class="p-${s.level}" x=${s.x} y=${s.priceY} width=${Math.max(0.5, s.w - 0.6)} height=${s.priceH}></rect>`,
    s.batteryH > 0.2 ? svg`<rect class=${s.batteryY < m.powerMidY ? "b-out" : "b-in"} x=${s.x} y=${s.batteryY} width=${Math.max(0.5, s.w - 0.6)} height=${s.batteryH}></rect>` : svg``,
  ]);
}

function plugRows(m: ChartModel): TemplateResult[] {
  const labels = m.plugIds.map((id, row) => svg`<text x="2" y=${PLUG_TOP + row * PLUG_ROW_H + 8}>${id}</text>`);
  const runs = m.plugs.map((b) => svg`<rect class="plug" x=${b.x} y=${PLUG_TOP + b.row * PLUG_ROW_H + 1} width=${b.w} height=${PLUG_ROW_H - 3} rx="2"><title>${b.id}</title></rect>`);
  return [...runs, ...labels];
}

function priceLabels(p: CardPayload, m: ChartModel, lang: ReasonLang): TemplateResult {
  const known = m.slots.map((s) => p.importP[s.index]).filter((v): v is number => v !== null && v !== undefined);
  if (known.length === 0) return svg``;
  return svg`<text x=${CHART_W - 2} y=${PRICE_TOP + 8} text-anchor="end">${formatPriceTenths(Math.max(...known), lang)}</text>
    <text x=${CHART_W - 2} y=${POWER_TOP - 4} text-anchor="end">min ${formatPriceTenths(Math.min(...known), lang)}</text>
    <text x="2" y=${POWER_TOP + 8}>±${formatPower(m.powerScaleW, lang)}</text>`;
}

/** The plan chart: prices, SOC, battery, forecasts, plugs, ticks, now and the selected slot. */
export function chartView(p: CardPayload, m: ChartModel, selected: number | null, lang: ReasonLang, h: ChartHandlers): TemplateResult {
  const sel = m.slots.find((s) => s.index === selected);
  const axisY = m.height - 12;
  return html`<svg viewBox="0 0 ${CHART_W} ${m.height}" role="img" aria-label=${t(lang, "plan")} tabindex="0" @keydown=${(e: KeyboardEvent) => { onKey(e, h); }}>
    ${sel === undefined ? nothing : svg`<rect class="sel" x=${sel.x} y="0" width=${sel.w} height=${axisY}></rect>`}
    ${bars(m)}
    <line class="axis" x1="0" x2=${CHART_W} y1=${m.priceZeroY} y2=${m.priceZeroY}></line>
    <line class="axis" x1="0" x2=${CHART_W} y1=${m.powerMidY} y2=${m.powerMidY}></line>
    <path class="soc-line" d=${m.socPath}></path>
    <path class="pv-line" d=${m.pvPath}></path>
    <path class="load-line" d=${m.loadPath}></path>
    ${priceLabels(p, m, lang)}
    ${plugRows(m)}
    ${m.ticks.map((k) => svg`<text x=${k.x} y=${m.height - 2} text-anchor="middle">${k.label}</text><line class="axis" x1=${k.x} x2=${k.x} y1=${axisY} y2=${axisY + 3}></line>`)}
    ${m.nowX === null ? nothing : svg`<line class="now-line" x1=${m.nowX} x2=${m.nowX} y1="0" y2=${axisY}></line>`}
    ${m.slots.map((s) => svg`<rect class="hit" data-slot=${s.index} x=${s.x} y="0" width=${s.w} height=${axisY}
      @click=${() => { h.select(s.index); }} @pointerenter=${(e: PointerEvent) => { if (e.pointerType === "mouse") h.hover(s.index); }}></rect>`)}
  </svg>`;
}

export function legendView(lang: ReasonLang): TemplateResult {
  const item = (cls: string, key: "price" | "soc" | "charge" | "discharge" | "pv_forecast" | "load_forecast") =>
    html`<span><i style="background: var(${cls})"></i>${t(lang, key)}</span>`;
  return html`<div class="legend">
    ${item("--ss-muted", "price")} ${item("--primary-color", "soc")} ${item("--ss-charge", "charge")}
    ${item("--ss-discharge", "discharge")} ${item("--ss-solar", "pv_forecast")} ${item("--ss-grid", "load_forecast")}
  </div>`;
}

