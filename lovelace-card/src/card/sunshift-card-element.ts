import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import { chartModel, minutesOfDayIn, stepSelection } from "./chart-data.js";
import { chartView, legendView } from "./chart-view.js";
import { CARD_TYPE, entityIds, parseCardConfig, stubConfig, type CardConfig } from "./config.js";
import { formatEur, formatPct, formatPower } from "./format.js";
import { entitiesChanged, type HomeAssistant } from "./hass.js";
import { modeLabel, t, type MessageKey } from "./i18n.js";
import { slotDetail } from "./slot-detail.js";
import { cardStyles } from "./styles.js";
import { cardView, watchedEntityIds, type CardView } from "./view-model.js";

/**
 * `custom:sunshift-card`: what the battery does now and why, the plan for the next hours,
 * savings, data ages, problems, and the mode/re-plan controls. Reads only the add-on's
 * entities; commands are the standard `select.select_option` and `button.press` actions.
 */
export class SunshiftCard extends LitElement {
  static override styles = cardStyles;

  @property({ attribute: false }) hass: HomeAssistant | undefined;
  @state() private config: CardConfig | null = null;
  @state() private selected: number | null = null;
  private watched: readonly string[] = [];

  /** HA calls this with the YAML/editor config; invalid config throws an Error naming the field. */
  setConfig(raw: unknown): void {
    const r = parseCardConfig(raw);
    if (!r.ok) throw new Error(`sunshift-card: ${r.error}`);
    this.config = r.config;
    this.watched = watchedEntityIds(r.config);
  }

  static getStubConfig(): Record<string, unknown> {
    return stubConfig();
  }

  static getConfigElement(): HTMLElement {
    return document.createElement(`${CARD_TYPE}-editor`);
  }

  /** Masonry view: 1 unit = 50 px. */
  getCardSize(): number {
    return this.config?.show_flow === false ? 7 : 9;
  }

  /** Sections view: full width by default, usable from half width. */
  getGridOptions(): Record<string, number | string> {
    return { columns: 12, rows: "auto", min_columns: 6, min_rows: 6 };
  }

  /** Re-render only when one of our entities (or language/theme) changed, not on every HA state change. */
  protected override shouldUpdate(changed: PropertyValues<this>): boolean {
    if (this.hass === undefined || this.config === null) return false;
    if (changed.size === 1 && changed.has("hass")) {
      return entitiesChanged(changed.get("hass"), this.hass, this.watched);
    }
    return true;
  }

  protected override render(): TemplateResult | typeof nothing {
    const hass = this.hass;
    const config = this.config;
    if (hass === undefined || config === null) return nothing;
    const view = cardView(hass, config, this.nowMs());
    const title = config.title ?? t(view.lang, "title");
    if (view.missingEntity !== null) {
      return html`<ha-card><div class="head"><span class="title">${title}</span></div><div class="warning">${t(view.lang, "missing_entity", { id: view.missingEntity })}</div></ha-card>`;
    }
    return html`<ha-card>
      ${this.head(view, title)} ${view.problem === null ? nothing : html`<div class="problem" role="alert">⚠ ${view.problem}</div>`}
      ${this.nowRow(view)} ${config.show_flow ? this.flow(view) : nothing} ${this.plan(view, config)} ${this.foot(view, config)}
    </ha-card>`;
  }

  /** The card's clock (the browser's; tests fix it through the browser). */
  private nowMs(): number {
    return Date.now();
  }

  private head(v: CardView, title: string): TemplateResult {
    const fallback = v.payload?.status === "fallback";
    const status = fallback ? t(v.lang, "fallback_plan") : v.generatedText;
    return html`<div class="head"><span class="title">${title}</span><span class="muted plan-status" title=${v.planNotes.join("\n")}>${status ?? ""}</span>
      <span class="badges">${v.ages.map((a) => html`<span class="badge ${a.stale ? "stale" : ""}" title=${a.stale ? t(v.lang, "stale") : ""}>${a.label} ${a.text}</span>`)}</span></div>
      ${fallback ? html`<div class="warning fallback">${v.planNotes.join(" · ")}</div>` : nothing}`;
  }

  private nowRow(v: CardView): TemplateResult {
    const soc = v.live.socPct ?? (v.payload === null ? null : (v.payload.socPct[0] ?? null));
    const c = v.current;
    return html`<div class="now"><div class="soc">${soc === null ? "—" : formatPct(soc, v.lang)}<small>${t(v.lang, "battery")}</small></div>
      <div>${c === null ? html`<div class="muted">${v.planState ?? t(v.lang, "no_plan")}</div>` : html`<div class="action ${c.action}">${c.text}</div>
        ${c.reason === null ? nothing : html`<div class="reason">${c.reason}</div>`}${c.next === null ? nothing : html`<div class="reason">${c.next}</div>`}`}</div></div>`;
  }

  private flow(v: CardView): TemplateResult {
    const { pvW, batteryW, homeW, gridW } = v.live;
    const w = (x: number | null): string => (x === null ? "—" : formatPower(Math.abs(x), v.lang));
    const dir = (x: number | null, pos: MessageKey, neg: MessageKey): string => (x === null || Math.abs(x) < 1 ? "" : t(v.lang, x > 0 ? pos : neg));
    return html`<div class="flow">
      <div class="tile pv"><span>${t(v.lang, "pv")}</span><b>${w(pvW)}</b></div>
      <div class="tile bat"><span>${t(v.lang, "battery")}</span><b class=${(batteryW ?? 0) < 0 ? "in" : "out"}>${w(batteryW)}</b><span>${dir(batteryW, "discharging", "charging")}</span></div>
      <div class="tile home"><span>${t(v.lang, "home")}</span><b>${w(homeW)}</b></div>
      <div class="tile grid"><span>${t(v.lang, "grid")}</span><b class=${(gridW ?? 0) < 0 ? "out" : "in"}>${w(gridW)}</b><span>${dir(gridW, "importing", "exporting")}</span></div>
    </div>`;
  }

  private plan(v: CardView, config: CardConfig): TemplateResult {
    const p = v.payload;
    if (p === null) return html`<div class="muted">${t(v.lang, "no_plan")}</div>`;
    const model = chartModel(p, { nowMs: this.nowMs(), hours: config.hours, minutesOfDay: minutesOfDayIn(v.timeZone) });
    // Tap and hover both select; the popup's close button clears (a tap toggle would undo the hover).
    const select = (i: number): void => {
      this.selected = i;
    };
    const step = (delta: number): void => {
      this.selected = stepSelection(model, this.selected, delta);
    };
    const close = (): void => {
      this.selected = null;
    };
    const detail = this.selected === null || this.selected >= p.socPct.length ? null : slotDetail(p, this.selected, v.lang, v.timeZone);
    return html`<div class="muted">${t(v.lang, "plan")} · ${t(v.lang, "next_hours", { h: config.hours })}</div>
      ${chartView(p, model, this.selected, v.lang, { select, hover: select, step, close })} ${legendView(v.lang)}
      ${detail === null ? nothing : html`<div class="popup" role="dialog" aria-label=${detail.title}>
        <h3><span>${detail.title} · <span class="action ${detail.action}">${detail.actionText}</span></span>
          <button class="close" @click=${close} aria-label=${t(v.lang, "close")}>✕</button></h3>
        <table>${detail.rows.map(([k, val]) => html`<tr><td class="muted">${k}</td><td>${val}</td></tr>`)}</table>
        <div class="muted">${t(v.lang, "reasons")}</div>
        ${detail.note === null ? html`<ul class="reasons">${detail.reasons.map((r) => html`<li>${r}</li>`)}</ul>` : html`<div class="reason">${detail.note}</div>`}
      </div>`}`;
  }

  private foot(v: CardView, config: CardConfig): TemplateResult {
    const eur = (x: number | null): string => (x === null ? "—" : formatEur(x, v.lang));
    return html`<div class="foot">
      <span class="savings">${t(v.lang, "savings")}: <b>${eur(v.savingsTodayEur)}</b> ${t(v.lang, "today")} · <b>${eur(v.savingsMonthEur)}</b> ${t(v.lang, "month")}</span>
      ${config.show_controls ? this.controls(v, config) : nothing}
    </div>`;
  }

  private controls(v: CardView, config: CardConfig): TemplateResult {
    const ids = entityIds(config.prefix);
    const hass = this.hass;
    const onMode = (e: Event): void => {
      const option = (e.target as HTMLSelectElement).value;
      void hass?.callService("select", "select_option", { option }, { entity_id: ids.mode });
    };
    const onReplan = (): void => {
      void hass?.callService("button", "press", {}, { entity_id: ids.replan });
    };
    return html`<span class="controls"><label class="muted" for="mode">${t(v.lang, "mode")}</label>
      <select id="mode" @change=${onMode}>${v.modeOptions.map((m) => html`<option value=${m} ?selected=${m === v.mode}>${modeLabel(m, v.lang)}</option>`)}</select>
      <button class="replan" @click=${onReplan}>${t(v.lang, "replan")}</button></span>`;
  }
}
