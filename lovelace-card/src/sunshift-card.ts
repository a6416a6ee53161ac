import { SunshiftCardEditor } from "./card/editor.js";
import { SunshiftCard } from "./card/sunshift-card-element.js";
import { CARD_TYPE } from "./card/config.js";

/**
 * Entry of dist/sunshift-card.js: defines `sunshift-card` and its editor, registers the card
 * in HA's card picker (window.customCards) and logs a version banner for support.
 */
interface CustomCardEntry {
  readonly type: string;
  readonly name: string;
  readonly description: string;
  readonly preview: boolean;
  readonly documentationURL: string;
}

/** Set by scripts/build.mjs (esbuild `define`) to package.json's version. */
declare const SUNSHIFT_CARD_VERSION: string | undefined;

declare global {
  interface Window {
    customCards?: CustomCardEntry[];
  }
}

export const CARD_VERSION: string = typeof SUNSHIFT_CARD_VERSION === "string" ? SUNSHIFT_CARD_VERSION : "dev";

if (customElements.get(CARD_TYPE) === undefined) customElements.define(CARD_TYPE, SunshiftCard);
if (customElements.get(`${CARD_TYPE}-editor`) === undefined) customElements.define(`${CARD_TYPE}-editor`, SunshiftCardEditor);

window.customCards ??= [];
if (!window.customCards.some((c) => c.type === CARD_TYPE)) {
  window.customCards.push({
    type: CARD_TYPE,
    name: "Sunshift",
    description: "What your battery does now and why, the plan for the next hours, savings and controls.",
    preview: true,
    documentationURL: "https://github.com/sunshift-energy/sunshift",
  });
}

// A version banner in the browser console makes support easier (HA-CONVENTIONS §10.3).
// eslint-disable-next-line no-console
console.info(`%c SUNSHIFT-CARD %c ${CARD_VERSION} `, "color:#fff;background:#ff9800;font-weight:700", "color:#ff9800");
