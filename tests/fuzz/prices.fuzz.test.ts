// Property-based fuzzing of every price source's parser (issue 8 §3), through each source's
// public fetch(nowMs): recorded payloads with a few values changed, dropped or duplicated, and
// wholly random JSON. Whatever arrives: no throw, and either a series that keeps the slot
// preconditions with finite prices, or an error/rate-limit value carrying its reason.
// Seeds (real payloads, /work/shared/data/prices/): awattar-api-at-v1-marketdata-raw-2023-07-02-negative-prices.json,
// entsoe-a44-dayahead-*.xml (5 files), octopus-rest-unit-rates-examples.json,
// nordpool-hacs-sensor-attributes-NL-2022-11-05.json, nordpool-hacs-sensor-attributes-SE3-2023-09-26.json,
// hass-entso-e-average-price-sensor-attributes-NL-2024-08-20-excerpt.json,
// nordpool-ha-core-get-prices-for-date-response-SE3-2024-11-05.json.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { PriceSeries, PriceSource, SourceResult } from "../../addon/src/domain/index.js";
import { awattarSource } from "../../addon/src/sources/awattar.js";
import { entsoeSource } from "../../addon/src/sources/entsoe-a44.js";
import { octopusSource } from "../../addon/src/sources/octopus.js";
import { entsoeHacsSource, nordpoolHacsSource, octopusHaSource } from "../../addon/src/sources/ha-price-sensors.js";
import { nordpoolActionSource, tibberActionSource } from "../../addon/src/sources/ha-price-actions.js";
import { fakeFetch, haAnswering, haWithEntity, httpReply } from "./support/fake-sources.js";
import { resultProblems } from "./support/invariants.js";
import { mutated, nastyValue, type Json } from "./support/json-mutate.js";
import { PRICE_SOURCES_FUZZED, RUNS, TOTAL_CASES } from "./support/runs.js";

const DATA = "/work/shared/data/prices/";
const json = (name: string): Json => JSON.parse(readFileSync(`${DATA}${name}`, "utf8")) as Json;
const NOW = Date.parse("2024-11-05T10:00:00Z");
const params = { numRuns: RUNS.pricePerSource };

function check(r: SourceResult<PriceSeries>): void {
  expect(resultProblems(r, (s) => s.priceEurPerKWh)).toEqual([]);
}

const awattar = json("awattar-api-at-v1-marketdata-raw-2023-07-02-negative-prices.json");
const octopus = json("octopus-rest-unit-rates-examples.json") as { standard_unit_rates_page: Json };
/** The stored excerpts keep raw_today under `raw_today_first_entries`: back to the sensor's own key. */
const nordpoolHacs = ["nordpool-hacs-sensor-attributes-NL-2022-11-05.json", "nordpool-hacs-sensor-attributes-SE3-2023-09-26.json"].map((name): Json => {
  const { raw_today_first_entries: rawToday, ...rest } = (json(name) as { attributes: Record<string, Json> }).attributes;
  return { ...rest, raw_today: rawToday ?? [] };
});
const entsoeHacs = json("hass-entso-e-average-price-sensor-attributes-NL-2024-08-20-excerpt.json") as { prices_today_first_entries: Json };
const nordpoolAction = (json("nordpool-ha-core-get-prices-for-date-response-SE3-2024-11-05.json") as { service_response: Json }).service_response;
const entsoeXml = ["BE_15M_avg", "BE_15M_exact4", "BE_60M", "BE_60M_15M_mix", "DE_LU-60M_15M_overlap"].map((n) => readFileSync(`${DATA}entsoe-a44-dayahead-${n}-hass-entso-e.xml`, "utf8"));

/** XML text values the A44 reader interprets: prices, positions, times, resolutions, units. */
const xmlValue = fc.oneof(
  fc.double({ min: -5000, max: 5000, noNaN: true }).map(String),
  fc.integer({ min: -3, max: 200 }).map(String),
  fc.date({ min: new Date("2024-01-01T00:00:00Z"), max: new Date("2024-12-31T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 16) + "Z"),
  fc.constantFrom("PT15M", "PT30M", "PT60M", "PT1H", "P1D", "P1M", "PT0M", "", "NaN", "1e309", "EUR", "MWH", "KWH", "USD", "A03", "A01"),
  fc.string({ maxLength: 8 }).filter((s) => !s.includes("<")),
);

/** One edit: replace a text value, or cut an element out. */
function editText(doc: string, pick: number, value: string, cut: boolean): string {
  const texts = [...doc.matchAll(/>([^<>]*)</g)];
  const m = texts[pick % Math.max(1, texts.length)];
  if (m?.index === undefined) return doc;
  if (cut) {
    const close = doc.indexOf("</", m.index);
    const end = doc.indexOf(">", close);
    return close < 0 || end < 0 ? doc : doc.slice(0, m.index + 1) + doc.slice(end + 1);
  }
  return `${doc.slice(0, m.index + 1)}${value}${doc.slice(m.index + 1 + (m[1] ?? "").length)}`;
}

/**
 * The elements that size the output (a Period's start, end and resolution), each with values
 * of its own kind. Picked among all texts they are 3 of hundreds; a zero resolution made the
 * period loop endless and a stretched period took seconds, so these edits come one in three.
 */
const STRUCTURAL = {
  start: fc.date({ min: new Date("2023-06-01T00:00:00Z"), max: new Date("2025-06-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 16) + "Z"),
  end: fc.date({ min: new Date("2023-06-01T00:00:00Z"), max: new Date("2025-06-01T00:00:00Z"), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 16) + "Z"),
  resolution: fc.constantFrom("PT0M", "PT0H", "PT1M", "PT5M", "PT15M", "PT30M", "PT60M", "PT1H", "P1D", "PT99999999M"),
} as const;
const structuralEdit = fc.constantFrom(...(Object.keys(STRUCTURAL) as (keyof typeof STRUCTURAL)[])).chain((tag) => fc.tuple(fc.constant(tag), STRUCTURAL[tag], fc.nat()));

function editStructural(doc: string, [tag, value, pick]: [string, string, number]): string {
  const hits = [...doc.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, "g"))];
  const m = hits[pick % Math.max(1, hits.length)];
  if (m?.index === undefined) return doc;
  return `${doc.slice(0, m.index)}<${tag}>${value}</${tag}>${doc.slice(m.index + m[0].length)}`;
}

type Edit = { structural: [string, string, number] } | { text: [number, string, boolean] };
const edit: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 1, arbitrary: structuralEdit.map((structural): Edit => ({ structural })) },
  { weight: 2, arbitrary: fc.tuple(fc.nat(), xmlValue, fc.boolean()).map((text): Edit => ({ text })) },
);

/** The document with 1–5 text values replaced, or an element cut out. */
const entsoeDoc = fc
  .tuple(fc.constantFrom(...entsoeXml), fc.array(edit, { minLength: 1, maxLength: 5 }))
  .map(([xml, edits]) => edits.reduce((doc, e) => ("structural" in e ? editStructural(doc, e.structural) : editText(doc, ...e.text)), xml));

const asBody = (v: Json): string => JSON.stringify(v);

/** Outcomes per test: the mutations must reach both the accepting and the rejecting paths. */
let outcomes = { ok: 0, rejected: 0 };

async function fetchWith(source: PriceSource): Promise<SourceResult<PriceSeries>> {
  const r = await source.fetch(NOW);
  check(r);
  if (r.kind === "ok") outcomes.ok++;
  else outcomes.rejected++;
  return r;
}

beforeEach(() => {
  outcomes = { ok: 0, rejected: 0 };
});

afterEach(() => {
  // Both paths exercised in every suite (else the fuzzing would test nothing but one branch).
  expect(outcomes.ok, "accepted payloads").toBeGreaterThan(RUNS.pricePerSource / 20);
  expect(outcomes.rejected, "rejected payloads").toBeGreaterThan(RUNS.pricePerSource / 20);
});

describe(`price payload fuzzing: ${PRICE_SOURCES_FUZZED} sources × ${RUNS.pricePerSource} cases (${TOTAL_CASES} fuzz cases in tests/fuzz)`, () => {
  it("aWATTar (HTTP)", async () => {
    await fc.assert(fc.asyncProperty(httpReply(mutated(awattar).map(asBody)), async (reply) => {
      await fetchWith(awattarSource({ country: "at", fetch: fakeFetch(reply) }));
    }), params);
  });

  it("ENTSO-E A44 (HTTP, XML)", async () => {
    await fc.assert(fc.asyncProperty(httpReply(entsoeDoc), async (reply) => {
      await fetchWith(entsoeSource({ fetch: fakeFetch(reply), token: "fuzz-token-123", area: "10YBE----------2" }));
    }), params);
  });

  it("Octopus (HTTP, paginated)", async () => {
    await fc.assert(fc.asyncProperty(httpReply(mutated(octopus.standard_unit_rates_page).map(asBody)), async (reply) => {
      await fetchWith(octopusSource({ fetch: fakeFetch(reply), product: "AGILE-FLEX-22-11-25", tariff: "E-1R-AGILE-FLEX-22-11-25-C" }));
    }), params);
  });

  it("Nord Pool HACS sensor attributes", async () => {
    const attrs = fc.constantFrom(...nordpoolHacs).chain((a) => mutated(a));
    await fc.assert(fc.asyncProperty(attrs, fc.constantFrom("0.27", "unavailable", "unknown"), async (a, state) => {
      const src = nordpoolHacsSource(haWithEntity("sensor.nordpool", state, a, NOW), "sensor.nordpool");
      const stop = src.start();
      await fetchWith(src);
      stop();
    }), params);
  });

  it("ENTSO-E HACS sensor attributes", async () => {
    const attrs = mutated({ prices_today: entsoeHacs.prices_today_first_entries }).map((a) => a);
    await fc.assert(fc.asyncProperty(attrs, async (a) => {
      const src = entsoeHacsSource(haWithEntity("sensor.average_electricity_price", "0.2", a, NOW), "sensor.average_electricity_price");
      const stop = src.start();
      await fetchWith(src);
      stop();
    }), params);
  });

  it("Octopus HA integration (event entity attributes)", async () => {
    const rates: Json = { rates: [0, 1, 2, 3].map((i) => ({ start: `2024-11-05T${String(10 + i).padStart(2, "0")}:00:00+00:00`, end: `2024-11-05T${String(10 + i).padStart(2, "0")}:30:00+00:00`, value_inc_vat: 0.2 + i / 100 })) };
    await fc.assert(fc.asyncProperty(mutated(rates), async (a) => {
      const id = "event.octopus_energy_electricity_x_current_day_rates";
      const src = octopusHaSource(haWithEntity(id, "2024-11-05", a, NOW), id);
      const stop = src.start();
      await fetchWith(src);
      stop();
    }), params);
  });

  it("Nord Pool core action (get_prices_for_date)", async () => {
    await fc.assert(fc.asyncProperty(mutated(nordpoolAction), fc.integer({ min: 0, max: 9 }), async (response, n) => {
      await fetchWith(nordpoolActionSource({ ha: haAnswering(response, n === 0), configEntry: "01JD", area: "SE3", currency: "EUR", timeZone: "Europe/Stockholm" }));
    }), params);
  });

  it("Tibber action (get_prices)", async () => {
    const base: Json = { prices: { Home: [0, 1, 2, 3].map((i) => ({ start_time: `2024-11-05T1${i}:00:00.000+01:00`, price: 0.25 + i / 50 })) } };
    const response = fc.oneof(mutated(base), nastyValue);
    await fc.assert(fc.asyncProperty(response, fc.integer({ min: 0, max: 9 }), async (r, n) => {
      await fetchWith(tibberActionSource({ ha: haAnswering(r, n === 0), home: "Home" }));
    }), params);
  });
});
