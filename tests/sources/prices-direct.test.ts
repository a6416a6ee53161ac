// Direct price APIs against recorded payloads served on 127.0.0.1.
// Data: /work/shared/data/prices/awattar-api-at-v1-marketdata-raw-2025-03-30-dst-spring.json,
//   awattar-api-at-v1-marketdata-raw-2023-07-02-negative-prices.json,
//   energy-charts-at-price-15min-raw-2026-03-29-dst-spring-92-quarters.json,
//   energy-charts-at-price-15min-raw-2025-10-26-dst-autumn-100-quarters.json,
//   entsoe-a44-dayahead-DE_LU-60M_15M_overlap-hass-entso-e.xml, entsoe-a44-dayahead-BE_*.xml,
//   octopus-rest-unit-rates-examples.json (see data/PROVENANCE.md).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { awattarResponseSchema, awattarSource, awattarToSeries } from "../../addon/src/sources/awattar.js";
import { entsoeSource, parseEntsoeA44 } from "../../addon/src/sources/entsoe-a44.js";
import { octopusSource, octopusToSlots, octopusRatesSchema } from "../../addon/src/sources/octopus.js";
import { resamplePrices } from "../../addon/src/sources/slot-ops.js";
import { readData, startRecordedServer, type RecordedServer } from "./support/recorded-server.js";
import type { PriceSeries, SourceResult } from "../../addon/src/domain/index.js";

const Q = 15 * 60_000;
const H = 3_600_000;

function ok<T>(r: SourceResult<T>): T {
  if (r.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.value;
}

function fromAwattarFile(rel: string): PriceSeries {
  return ok(awattarToSeries(awattarResponseSchema.parse(JSON.parse(readData(rel))), 0));
}

function assertWellFormed(s: PriceSeries): void {
  for (let i = 0; i < s.slots.length; i++) {
    const a = s.slots[i]!;
    expect(a.endMs).toBeGreaterThan(a.startMs);
    if (i > 0) expect(a.startMs).toBeGreaterThanOrEqual(s.slots[i - 1]!.endMs);
  }
}

let server: RecordedServer;
beforeAll(async () => {
  server = await startRecordedServer({
    "/v1/marketdata": { body: readData("prices/awattar-api-at-v1-marketdata-raw-2023-07-02-negative-prices.json") },
    "/api?": { body: readData("prices/entsoe-a44-dayahead-DE_LU-60M_15M_overlap-hass-entso-e.xml") },
    "/v1/products/": { body: JSON.stringify((JSON.parse(readData("prices/octopus-rest-unit-rates-examples.json")) as { standard_unit_rates_page: unknown }).standard_unit_rates_page) },
  });
});
afterAll(async () => server.close());

describe("aWATTar", () => {
  it("keeps negative prices (down to -500 EUR/MWh) and converts per MWh → per kWh", async () => {
    const src = awattarSource({ country: "at", fetch, baseUrl: server.baseUrl });
    const s = ok(await src.fetch(1688248800000));
    expect(s.slots).toHaveLength(24);
    expect(s.kind).toBe("spot");
    expect(Math.min(...s.slots.map((x) => x.priceEurPerKWh))).toBeCloseTo(-0.5, 9);
    expect(s.slots.filter((x) => x.priceEurPerKWh < 0)).toHaveLength(13);
    expect(s.slots[0]).toEqual({ startMs: 1688248800000, endMs: 1688252400000, priceEurPerKWh: 0.01645 });
    expect(s.fetchedAtMs).toBe(1688248800000);
    expect(s.validUntilMs).toBe(1688335200000);
    expect(server.requests.at(-1)).toBe(`/v1/marketdata?start=1688248800000&end=${1688248800000 + 48 * H}`);
  });

  it("spring DST day: 24 hourly entries from local midnight reach into the next day", () => {
    const s = fromAwattarFile("prices/awattar-api-at-v1-marketdata-raw-2025-03-30-dst-spring.json");
    assertWellFormed(s);
    expect(s.slots).toHaveLength(24);
    // 2025-03-30 00:00 CET = 2025-03-29T23:00Z; the local day has 23 h, the 24th entry is Monday 00:00.
    expect(s.slots[0]!.startMs).toBe(Date.UTC(2025, 2, 29, 23));
    expect(s.slots[23]!.endMs - s.slots[0]!.startMs).toBe(24 * H);
  });

  it("15-min DST days: 92 and 100 quarter hours, resampled to 23 and 25 hours", () => {
    const spring = fromAwattarFile("prices/energy-charts-at-price-15min-raw-2026-03-29-dst-spring-92-quarters.json");
    const autumn = fromAwattarFile("prices/energy-charts-at-price-15min-raw-2025-10-26-dst-autumn-100-quarters.json");
    expect(spring.slots).toHaveLength(92);
    expect(autumn.slots).toHaveLength(100);
    const springH = resamplePrices(spring.slots, H);
    const autumnH = resamplePrices(autumn.slots, H);
    expect(springH).toHaveLength(23);
    expect(autumnH).toHaveLength(25);
    // First hour = mean of the first four quarters (125.88, 120.23, 110.33, 110.23 EUR/MWh).
    expect(springH[0]!.priceEurPerKWh).toBeCloseTo((125.88 + 120.23 + 110.33 + 110.23) / 4000, 9);
    // Energy-weighted invariant: the mean price over the day is unchanged by resampling.
    const mean = (xs: readonly { priceEurPerKWh: number }[]) => xs.reduce((a, x) => a + x.priceEurPerKWh, 0) / xs.length;
    expect(mean(autumnH)).toBeCloseTo(mean(autumn.slots), 9);
  });

  it("a refused connection is a transient error value, never a throw", async () => {
    const closed = await startRecordedServer({});
    const url = closed.baseUrl;
    await closed.close();
    const r = await awattarSource({ country: "de", fetch, baseUrl: url }).fetch(0);
    expect(r.kind === "error" && r.severity).toBe("transient");
  });

  it("HTTP 429 with Retry-After → rate_limited for that long; 503 → transient", async () => {
    const s = await startRecordedServer({ "/v1/marketdata": { status: 429, body: "slow down", headers: { "retry-after": "120" } } });
    expect(await awattarSource({ country: "de", fetch, baseUrl: s.baseUrl }).fetch(0)).toEqual({ kind: "rate_limited", retryAfterMs: 120_000, message: "HTTP 429" });
    s.route("/v1/marketdata", { status: 503, body: "maintenance" });
    const r = await awattarSource({ country: "de", fetch, baseUrl: s.baseUrl }).fetch(0);
    expect(r.kind === "error" && r.severity).toBe("transient");
    await s.close();
  });

  it("refuses a unit it does not know", () => {
    const r = awattarToSeries({ data: [{ start_timestamp: 0, end_timestamp: H, marketprice: 1, unit: "ct/kWh" }] }, 0);
    expect(r.kind).toBe("error");
  });
});

describe("ENTSO-E A44", () => {
  it("DE-LU: the 60- and 15-min series for the same days are not added; 15 min wins", async () => {
    const src = entsoeSource({ fetch, token: "secret-token", area: "10Y1001A1001A82H", baseUrl: server.baseUrl });
    const s = ok(await src.fetch(Date.UTC(2024, 9, 6, 12)));
    assertWellFormed(s);
    expect(s.slots).toHaveLength(192);
    expect(s.slots.every((x) => x.endMs - x.startMs === Q)).toBe(true);
    expect(s.slots[0]).toEqual({ startMs: Date.UTC(2024, 9, 5, 22), endMs: Date.UTC(2024, 9, 5, 22, 15), priceEurPerKWh: expect.closeTo(0.0981, 12) as number });
    // Position 23 of day 1 is omitted (curve A03): it repeats position 22 (68.2 EUR/MWh).
    expect(s.slots[22]!.priceEurPerKWh).toBeCloseTo(0.0682, 12);
    expect(s.slots[21]!.priceEurPerKWh).toBeCloseTo(0.0682, 12);
    // The first hour's quarters are the 15-min series' own values (98.1, 89.5, 77.21, 40.09
    // EUR/MWh), not 60-min + 15-min (67.04 + …) and not the hourly value.
    expect(s.slots.slice(0, 4).map((x) => x.priceEurPerKWh * 1000)).toEqual([98.1, 89.5, 77.21, 40.09].map((v) => expect.closeTo(v, 9) as number));
    expect(server.requests.at(-1)).toContain("periodStart=202410050000");
  });

  it("mixed periods: 15-min days then a 60-min day, with omitted points filled", () => {
    const s = ok(parseEntsoeA44(readData("prices/entsoe-a44-dayahead-BE_60M_15M_mix-hass-entso-e.xml"), 0));
    assertWellFormed(s);
    expect(s.slots).toHaveLength(96 + 96 + 24);
    // Day 1 lists only every 4th position: positions 2..4 repeat position 1 (55.35).
    expect(s.slots.slice(0, 4).map((x) => x.priceEurPerKWh)).toEqual([0.05535, 0.05535, 0.05535, 0.05535]);
    expect(s.slots[4]!.priceEurPerKWh).toBeCloseTo(0.04422, 12);
    expect(s.slots[192]!.endMs - s.slots[192]!.startMs).toBe(H);
  });

  it("unordered positions inside a period are placed by position", () => {
    const s = ok(parseEntsoeA44(readData("prices/entsoe-a44-dayahead-BE_15M_avg-hass-entso-e.xml"), 0));
    // 22:00..03:00 at 15 min = 20 quarters, then 2 hours at 60 min.
    expect(s.slots).toHaveLength(22);
    expect(s.slots.slice(0, 6).map((x) => x.priceEurPerKWh * 1000)).toEqual([55.35, 40.32, 31.86, 28.71, 44.22, 44.22].map((v) => expect.closeTo(v, 9) as number));
    expect(s.slots[10]!.priceEurPerKWh).toBeCloseTo(0.02837, 12);
    // The 60-min period 03:00–05:00 has 2 positions; its point at position 3 is outside and ignored.
    expect(s.slots.slice(20).map((x) => [x.endMs - x.startMs, x.priceEurPerKWh])).toEqual([
      [H, expect.closeTo(0.06498, 12)],
      [H, expect.closeTo(0.06498, 12)],
    ]);
  });

  // Found by the fuzz suite: PT0M made the period loop endless (out of memory), and a Period
  // stretched over months at PT1M took seconds to merge.
  it("a zero resolution, an inverted or a months-long period is refused with its length", () => {
    const xml = readData("prices/entsoe-a44-dayahead-BE_60M-hass-entso-e.xml");
    const period = (x: string): string => x.replace(/(<Period>\s*<timeInterval>\s*)<start>[^<]*<\/start>/, "$1<start>2024-01-01T00:00Z</start>");
    const cases: [string, string, RegExp][] = [
      ["PT0M", xml.replace(/PT60M/g, "PT0M"), /without a valid timeInterval\/resolution/],
      ["PT0H", xml.replace(/PT60M/g, "PT0H"), /without a valid timeInterval\/resolution/],
      ["months-long at PT1M", period(xml.replace(/PT60M/g, "PT1M")), /period of 6766\.0 h \(expected more than 0 and at most 7 days\)/],
      ["end before start", xml.replace(/(<Period>\s*<timeInterval>\s*)<start>[^<]*<\/start>/, "$1<start>2024-10-09T00:00Z</start>"), /period of -2\.0 h/],
    ];
    for (const [name, doc, message] of cases) {
      const r = parseEntsoeA44(doc, 0);
      expect(r.kind, name).toBe("error");
      expect(r.kind === "error" ? r.message : "", name).toMatch(message);
    }
  });

  it("a full day at PT1M (1440 slots) is read", () => {
    const xml = readData("prices/entsoe-a44-dayahead-BE_60M-hass-entso-e.xml").replace(/PT60M/g, "PT1M");
    const s = ok(parseEntsoeA44(xml, 0));
    assertWellFormed(s);
    expect(s.slots).toHaveLength(1440);
  });

  it("an acknowledgement document (no data) is a transient error", () => {
    const xml = "<Acknowledgement_MarketDocument><Reason><code>999</code><text>No matching data found</text></Reason></Acknowledgement_MarketDocument>";
    expect(parseEntsoeA44(xml, 0)).toEqual({ kind: "error", severity: "transient", message: "entsoe: No matching data found" });
  });

  it("a bad token (401) is permanent and the token never appears in the message", async () => {
    server.route("/api?", { status: 401, body: "Unauthorized" });
    const src = entsoeSource({ fetch, token: "secret-token", area: "X", baseUrl: server.baseUrl });
    const r = await src.fetch(0);
    expect(r.kind === "error" && r.severity).toBe("permanent");
    expect(JSON.stringify(r)).not.toContain("secret-token");
  });
});

describe("Octopus", () => {
  it("newest-first page → sorted GBP/kWh retail slots; a valid_to before valid_from ends at +24 h", async () => {
    const s = ok(await octopusSource({ fetch, product: "P", tariff: "T", baseUrl: server.baseUrl }).fetch(Date.UTC(2025, 2, 3)));
    assertWellFormed(s);
    expect(s.kind).toBe("retail");
    expect(s.currency).toBe("GBP");
    expect(s.slots.map((x) => [(x.startMs - Date.UTC(2025, 2, 3)) / H, (x.endMs - Date.UTC(2025, 2, 3)) / H])).toEqual([
      [0, 4], [4, 7], [7, 13], [13, 16], [16, 19], [19, 22], [22, 46],
    ]);
    expect(s.slots[4]!.priceEurPerKWh).toBeCloseTo(0.4047225, 12);
  });

  it("agile half hours are contiguous after sorting", () => {
    const raw = JSON.parse(readData("prices/octopus-rest-unit-rates-examples.json")) as { agile_2020_03_29_results: unknown };
    const slots = octopusToSlots(octopusRatesSchema.shape.results.parse(raw.agile_2020_03_29_results));
    expect(slots.map((x) => x.priceEurPerKWh)).toEqual([0.04452, 0.0378, 0.03465, 0.03591].map((v) => expect.closeTo(v, 12) as number));
    expect(slots.every((x) => x.endMs - x.startMs === 30 * 60_000)).toBe(true);
  });
});
