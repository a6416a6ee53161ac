/**
 * Demo-only stand-ins for what HA's frontend provides around a card: the `ha-card` element
 * and the theme's CSS variables (light and dark values from HA's default theme).
 */
const LIGHT: Readonly<Record<string, string>> = {
  "--primary-background-color": "#fafafa",
  "--secondary-background-color": "#f3f3f3",
  "--card-background-color": "#ffffff",
  "--primary-text-color": "#212121",
  "--secondary-text-color": "#727272",
  "--divider-color": "rgba(0, 0, 0, 0.12)",
  "--primary-color": "#03a9f4",
  "--accent-color": "#ff9800",
  "--error-color": "#db4437",
  "--warning-color": "#ffa600",
  "--success-color": "#43a047",
  "--energy-battery-in-color": "#f06292",
  "--energy-battery-out-color": "#4db6ac",
  "--energy-solar-color": "#ff9800",
  "--energy-grid-consumption-color": "#488fc2",
  "--energy-grid-return-color": "#8353d1",
};

const DARK: Readonly<Record<string, string>> = {
  ...LIGHT,
  "--primary-background-color": "#111111",
  "--secondary-background-color": "#282828",
  "--card-background-color": "#1c1c1c",
  "--primary-text-color": "#e1e1e1",
  "--secondary-text-color": "#9b9b9b",
  "--divider-color": "rgba(225, 225, 225, 0.12)",
};

export function applyTheme(root: HTMLElement, dark: boolean): void {
  for (const [k, v] of Object.entries(dark ? DARK : LIGHT)) root.style.setProperty(k, v);
  root.style.colorScheme = dark ? "dark" : "light";
}

/** A minimal `ha-card`: a themed block with rounded corners, as HA's looks. */
export function defineHaCard(): void {
  if (customElements.get("ha-card") !== undefined) return;
  customElements.define(
    "ha-card",
    class extends HTMLElement {
      connectedCallback(): void {
        if (this.shadowRoot !== null) return;
        const root = this.attachShadow({ mode: "open" });
        root.innerHTML = `<style>:host{display:block;background:var(--ha-card-background,var(--card-background-color));border-radius:var(--ha-card-border-radius,12px);border:1px solid var(--divider-color);box-shadow:var(--ha-card-box-shadow,none);color:var(--primary-text-color)}</style><slot></slot>`;
      }
    },
  );
}
