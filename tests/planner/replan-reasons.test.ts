/**
 * The slow loop's plan-level reasons `replanned` (trigger) and `input_status` (freshness):
 * compact card form (validated by the card payload schema) round-trips to the same sentence,
 * and each language says it with the numbers of the reason.
 */
import { describe, expect, it } from "vitest";
import { cardReasonSchema, compactReason, expandCardReason, type PlanReason } from "../../addon/src/domain/index.js";
import { reasonText } from "../../addon/src/domain/reason-text.js";

const span = { i: 0, n: 96, startMs: Date.UTC(2026, 5, 1) };

const cases: { reason: PlanReason; en: string; de: string; nl: string }[] = [
  {
    reason: { kind: "replanned", trigger: { kind: "prices_changed", slotsBefore: 40, slotsAfter: 136 } },
    en: "re-planned: new prices (40 → 136 slots)",
    de: "neu geplant: neue Preise (40 → 136 Slots)",
    nl: "opnieuw gepland: nieuwe prijzen (40 → 136 slots)",
  },
  {
    reason: { kind: "replanned", trigger: { kind: "forecast_changed", energyBeforeWh: 3120, energyAfterWh: 4560.4 } },
    en: "re-planned: PV forecast changed (3.12 kWh → 4.56 kWh)",
    de: "neu geplant: PV-Prognose geändert (3,12 kWh → 4,56 kWh)",
    nl: "opnieuw gepland: PV-voorspelling gewijzigd (3,12 kWh → 4,56 kWh)",
  },
  {
    reason: { kind: "replanned", trigger: { kind: "soc_off_plan", plannedSocPct: 64.6, observedSocPct: 41.2 } },
    en: "re-planned: SOC 41 % instead of the planned 65 %",
    de: "neu geplant: SOC 41 % statt geplanter 65 %",
    nl: "opnieuw gepland: SOC 41 % in plaats van de geplande 65 %",
  },
  {
    reason: { kind: "replanned", trigger: { kind: "command", command: "set_mode" } },
    en: "re-planned: set_mode from Home Assistant",
    de: "neu geplant: set_mode aus Home Assistant",
    nl: "opnieuw gepland: set_mode vanuit Home Assistant",
  },
  {
    reason: { kind: "input_status", input: "pv_forecast", source: "open_meteo", status: { kind: "stale", ageMs: 190 * 60_000, maxAgeMs: 180 * 60_000 } },
    en: "PV forecast from open_meteo: stale, 190 min old (limit 180 min)",
    de: "PV-Prognose von open_meteo: veraltet, 190 min alt (Grenze 180 min)",
    nl: "PV-voorspelling van open_meteo: verouderd, 190 min oud (grens 180 min)",
  },
  {
    reason: { kind: "input_status", input: "pv_forecast", source: "weather", status: { kind: "substituted", by: "weather", cause: "open_meteo: rate limited" } },
    en: "PV forecast from weather: replaced by weather (open_meteo: rate limited)",
    de: "PV-Prognose von weather: ersetzt durch weather (open_meteo: rate limited)",
    nl: "PV-voorspelling van weather: vervangen door weather (open_meteo: rate limited)",
  },
  {
    reason: { kind: "input_status", input: "prices", source: null, status: { kind: "missing", cause: "entity not found" } },
    en: "prices: missing (entity not found)",
    de: "Preise: fehlt (entity not found)",
    nl: "prijzen: ontbreekt (entity not found)",
  },
];

describe("replanned and input_status reasons", () => {
  for (const c of cases) {
    it(`${c.reason.kind}: ${c.en}`, () => {
      const compact = cardReasonSchema.parse(compactReason(c.reason, span));
      const back = expandCardReason(compact, span.startMs);
      for (const lang of ["en", "de", "nl"] as const) {
        expect(reasonText(c.reason, lang), lang).toBe(c[lang]);
        expect(reasonText(back, lang), `${lang} after the card round trip`).toBe(c[lang]);
      }
    });
  }

  it("the compact trigger rounds energies and SOC to integers", () => {
    const compact = compactReason({ kind: "replanned", trigger: { kind: "forecast_changed", energyBeforeWh: 3120.4, energyAfterWh: 4560.6 } }, span);
    expect(compact).toEqual({ k: "replanned", i: 0, n: 96, trigger: { kind: "forecast_changed", energyBeforeWh: 3120, energyAfterWh: 4561 } });
  });
});
