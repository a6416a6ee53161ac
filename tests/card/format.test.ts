/** Card formatters (lovelace-card/src/card/format.ts): hand-checked tables in en/de/nl and time zones incl. DST. */
import { describe, expect, it } from "vitest";
import { formatAge, formatClock, formatDayClock, formatEur, formatPower, formatPriceTenths } from "../../lovelace-card/src/card/format.js";
import { minutesOfDayIn } from "../../lovelace-card/src/card/chart-data.js";

describe("numbers", () => {
  it.each([
    [640, "en", "640 W"], [-640, "en", "-640 W"], [999.6, "en", "1,000 W"], [1000, "en", "1.0 kW"], [1234, "de", "1,2 kW"], [-2500, "nl", "-2,5 kW"], [0, "de", "0 W"],
  ] as const)("formatPower(%d, %s) = %s", (w, lang, s) => {
    expect(formatPower(w, lang)).toBe(s);
  });
  it.each([[235, "en", "23.5 ct/kWh"], [235, "de", "23,5 ct/kWh"], [-12, "nl", "-1,2 ct/kWh"], [0, "en", "0.0 ct/kWh"]] as const)("formatPriceTenths(%d, %s) = %s", (p, lang, s) => {
    expect(formatPriceTenths(p, lang)).toBe(s);
  });
  it.each([[0.4249, "en", "0.42 €"], [7.855, "de", "7,86 €"], [-1.5, "nl", "-1,50 €"]] as const)("formatEur(%d, %s) = %s", (e, lang, s) => {
    expect(formatEur(e, lang)).toBe(s);
  });
  it.each([[0, "0 s"], [59.9, "59 s"], [60, "1 min"], [3599, "59 min"], [3600, "1 h"], [30_000, "8 h"], [172_799, "47 h"], [172_800, "2 d"], [-5, "0 s"]] as const)("formatAge(%d) = %s", (s, text) => {
    expect(formatAge(s, "en")).toBe(text);
  });
});

describe("times in the home's zone", () => {
  const at = Date.UTC(2026, 5, 20, 22, 0); // 2026-06-21 00:00 CEST
  it.each([
    ["Europe/Berlin", "en", "00:00", "Sun 00:00"], ["Europe/Berlin", "de", "00:00", "So 00:00"], ["Europe/Amsterdam", "nl", "00:00", "zo 00:00"],
    ["UTC", "en", "22:00", "Sat 22:00"], ["America/New_York", "en", "18:00", "Sat 18:00"],
  ] as const)("%s %s", (zone, lang, clock, day) => {
    expect(formatClock(at, lang, zone)).toBe(clock);
    expect(formatDayClock(at, lang, zone)).toBe(day);
  });

  it("counts minutes of the local day across the spring DST change (Europe/Berlin 2026-03-29)", () => {
    const m = minutesOfDayIn("Europe/Berlin");
    const t = Date.UTC(2026, 2, 29, 0, 45); // 01:45 CET
    expect([0, 15, 30, 45].map((d) => m(t + d * 60_000))).toEqual([105, 180, 195, 210]); // 01:45, 03:00 (no 02:xx), 03:15, 03:30
  });

  it("repeats the hour at the autumn change (Europe/Berlin 2025-10-26)", () => {
    const m = minutesOfDayIn("Europe/Berlin");
    const t = Date.UTC(2025, 9, 26, 0, 0); // 02:00 CEST
    expect([0, 60].map((d) => m(t + d * 60_000))).toEqual([120, 120]); // 02:00 CEST, then 02:00 CET
  });
});
