import { css, html, LitElement, nothing, type TemplateResult } from "lit";
import { property, state } from "lit/decorators.js";
import type { HomeAssistant } from "./hass.js";
import { applyEdit, parseCardConfig } from "./config.js";
import { cardLang, t, type MessageKey } from "./i18n.js";

/**
 * The visual editor. Plain inputs (no dependency on HA's lazily loaded form elements); every
 * edit is validated with the card's own schema (config.ts) before `config-changed` is fired,
 * and keys the editor does not know (grid_options, visibility …) are kept.
 */
type Field =
  | { readonly key: string; readonly label: MessageKey; readonly kind: "text" }
  | { readonly key: string; readonly label: MessageKey; readonly kind: "number"; readonly step: number }
  | { readonly key: string; readonly label: MessageKey; readonly kind: "bool" };

const FIELDS: readonly Field[] = [
  { key: "title", label: "ed_title", kind: "text" },
  { key: "prefix", label: "ed_prefix", kind: "text" },
  { key: "hours", label: "ed_hours", kind: "number", step: 1 },
  { key: "show_flow", label: "ed_show_flow", kind: "bool" },
  { key: "show_controls", label: "ed_show_controls", kind: "bool" },
  { key: "stale_prices_h", label: "ed_stale_prices", kind: "number", step: 0.5 },
  { key: "stale_pv_forecast_h", label: "ed_stale_pv", kind: "number", step: 0.5 },
  { key: "stale_meter_s", label: "ed_stale_meter", kind: "number", step: 1 },
];

export class SunshiftCardEditor extends LitElement {
  static override styles = css`
    .row { display: flex; flex-direction: column; gap: 2px; margin-bottom: 10px; }
    .row.bool { flex-direction: row; align-items: center; gap: 8px; }
    label { font-size: 0.9em; color: var(--secondary-text-color); }
    input[type="text"], input[type="number"] { font: inherit; padding: 6px 8px; border-radius: 6px; border: 1px solid var(--divider-color); background: var(--card-background-color); color: var(--primary-text-color); }
    .error { color: var(--error-color, #db4437); margin-bottom: 8px; }
  `;

  @property({ attribute: false }) hass: HomeAssistant | undefined;
  @state() private raw: Record<string, unknown> = {};
  @state() private error: string | null = null;

  setConfig(config: Readonly<Record<string, unknown>>): void {
    this.raw = { ...config };
  }

  protected override render(): TemplateResult {
    const lang = cardLang(this.hass?.locale?.language ?? this.hass?.language);
    const parsed = parseCardConfig(this.raw);
    const shown: Readonly<Record<string, unknown>> = parsed.ok ? { ...parsed.config, ...this.raw } : this.raw;
    return html`${this.error === null ? nothing : html`<div class="error" role="alert">${t(lang, "ed_invalid", { error: this.error })}</div>`}
      ${FIELDS.map((f) => this.field(f, shown[f.key], lang))}`;
  }

  private field(f: Field, value: unknown, lang: ReturnType<typeof cardLang>): TemplateResult {
    const id = `f-${f.key}`;
    const label = t(lang, f.label);
    if (f.kind === "bool") {
      return html`<div class="row bool"><input id=${id} type="checkbox" .checked=${value === true}
        @change=${(e: Event) => { this.edit(f, (e.target as HTMLInputElement).checked); }} /><label for=${id}>${label}</label></div>`;
    }
    const text = typeof value === "string" || typeof value === "number" ? String(value) : "";
    return html`<div class="row"><label for=${id}>${label}</label><input id=${id} name=${f.key} type=${f.kind} step=${f.kind === "number" ? f.step : nothing}
      .value=${text} @change=${(e: Event) => { this.edit(f, (e.target as HTMLInputElement).value); }} /></div>`;
  }

  private edit(f: Field, value: string | boolean): void {
    const next = applyEdit(this.raw, f.key, value, f.kind);
    const r = parseCardConfig(next);
    if (!r.ok) {
      this.error = r.error;
      return;
    }
    this.error = null;
    this.raw = next;
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config: next }, bubbles: true, composed: true }));
  }
}
