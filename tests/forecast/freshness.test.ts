// Choosing between providers by freshness, and the summary the plan's reasons / HA sensor use.
import { describe, expect, it } from "vitest";
import { chooseInput, dataStatusOf, freshnessAttributes, summarizeFreshness, type InputCandidate } from "../../addon/src/forecast/freshness.js";

const fresh = (source: string, ageMs = 60_000): InputCandidate<string> => ({ source, value: source, status: { kind: "fresh", ageMs } });
const stale = (source: string): InputCandidate<string> => ({ source, value: source, status: { kind: "stale", ageMs: 8 * 3_600_000, maxAgeMs: 6 * 3_600_000 } });
const missing = (source: string, cause: string): InputCandidate<string> => ({ source, value: null, status: { kind: "missing", cause } });

describe("chooseInput", () => {
  it.each([
    ["preferred fresh", [fresh("solcast"), fresh("open_meteo")], "solcast", "fresh"],
    ["preferred stale, fallback fresh → substituted", [stale("solcast"), fresh("open_meteo")], "open_meteo", "substituted"],
    ["preferred missing, fallback fresh → substituted", [missing("solcast", "HTTP 429"), fresh("weather_fallback")], "weather_fallback", "substituted"],
    ["nothing fresh → first stale value", [missing("a", "x"), stale("b")], "b", "stale"],
    ["nothing at all → missing", [missing("a", "timeout")], null, "missing"],
    ["not configured → missing", [], null, "missing"],
  ] as const)("%s", (_name, candidates, used, kind) => {
    const r = chooseInput("pv_forecast", candidates);
    expect(r.value).toBe(used);
    expect(r.report.status.kind).toBe(kind);
  });

  it("a substitution names the substitute and why the preferred one was not used", () => {
    const r = chooseInput("pv_forecast", [missing("solcast", "rate limited: HTTP 429"), fresh("open_meteo")]);
    expect(r.report.status).toEqual({ kind: "substituted", by: "open_meteo", cause: "solcast: rate limited: HTTP 429" });
  });
});

describe("summarizeFreshness", () => {
  it("state and problems; HA sensor attributes in seconds", () => {
    const prices = chooseInput("prices", [fresh("awattar", 120_000)]).report;
    const pv = chooseInput("pv_forecast", [stale("solcast"), fresh("open_meteo")]).report;
    const load = chooseInput("load_forecast", [stale("history")]).report;
    const s = summarizeFreshness([prices, pv, load]);
    expect(s.state).toBe("degraded");
    expect(s.problems).toEqual([
      "pv_forecast: replaced by open_meteo (solcast: stale (480 min old, limit 360 min))",
      "load_forecast: stale (480 min old, limit 360 min)",
    ]);
    const attrs = freshnessAttributes(s, Date.UTC(2026, 0, 1));
    expect(attrs.inputs).toEqual({
      prices: { source: "awattar", status: "fresh", age_s: 120 },
      pv_forecast: { source: "open_meteo", status: "substituted", cause: "solcast: stale (480 min old, limit 360 min)", used_instead: "open_meteo" },
      load_forecast: { source: "history", status: "stale", age_s: 28800, max_age_s: 21600 },
    });
    expect(attrs.checked_at).toBe("2026-01-01T00:00:00.000Z");
    expect(summarizeFreshness([prices]).state).toBe("ok");
    expect(summarizeFreshness([prices, chooseInput("pv_forecast", []).report]).state).toBe("missing");
  });
});

describe("dataStatusOf (the plan sensor's dataStatus items)", () => {
  it.each([
    ["fresh: its age, not stale", [fresh("solcast", 90_400)], null, { input: "pv_forecast", source: "solcast", ageS: 90, stale: false, usedInstead: null }],
    ["stale value used as it is", [stale("solcast")], null, { input: "pv_forecast", source: "solcast", ageS: 28_800, stale: true, usedInstead: null }],
    ["substituted: names the substitute", [missing("solcast", "HTTP 429"), fresh("weather_fallback")], null, { input: "pv_forecast", source: "weather_fallback", ageS: null, stale: true, usedInstead: "weather_fallback" }],
    ["missing: what the caller used instead", [missing("awattar", "timeout")], "rules", { input: "pv_forecast", source: null, ageS: null, stale: true, usedInstead: "rules" }],
  ] as const)("%s", (_name, candidates, fallback, expected) => {
    expect(dataStatusOf(chooseInput("pv_forecast", candidates).report, fallback)).toEqual(expected);
  });
});
