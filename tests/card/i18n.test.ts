/** Card strings (lovelace-card/src/card/i18n.ts): every key in en/de/nl, placeholders kept, language choice. */
import { describe, expect, it } from "vitest";
import { MESSAGE_KEYS, cardLang, messagesOf, modeLabel, t } from "../../lovelace-card/src/card/i18n.js";

const placeholders = (s: string): string[] => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? "").sort();

describe("translations", () => {
  it.each(["de", "nl"] as const)("%s has every key, non-empty, with the same placeholders as en", (lang) => {
    const en = messagesOf("en");
    const other = messagesOf(lang);
    for (const key of MESSAGE_KEYS) {
      expect(other[key].trim().length, key).toBeGreaterThan(0);
      expect(placeholders(other[key]), key).toEqual(placeholders(en[key]));
    }
    // Real translations, not copies: all but names and units differ from English.
    const same = MESSAGE_KEYS.filter((k) => other[k] === en[k]);
    expect(same.length, same.join(", ")).toBeLessThanOrEqual(6);
  });

  it("fills placeholders and leaves unknown ones visible", () => {
    expect(t("de", "then", { action: "lädt aus dem netz", time: "02:00" })).toBe("danach lädt aus dem netz ab 02:00");
    expect(t("en", "next_hours", {})).toBe("next {h} h");
  });

  it.each([["de", "de"], ["de-AT", "de"], ["nl_BE", "nl"], ["NL", "nl"], ["fr", "en"], [undefined, "en"], ["en-GB", "en"]] as const)("cardLang(%s) = %s", (input, lang) => {
    expect(cardLang(input)).toBe(lang);
  });
});

describe("modeLabel", () => {
  it.each([["auto", "en", "Automatic"], ["self_consumption", "de", "Eigenverbrauch"], ["hold", "nl", "Vasthouden"], ["boost", "de", "boost"]] as const)("%s in %s = %s", (mode, lang, label) => {
    expect(modeLabel(mode, lang)).toBe(label);
  });
});
