// HA-backed price sources against an in-memory HaClient fake.
// Data: /work/shared/data/prices/nordpool-ha-core-get-prices-for-date-response-SE3-2024-11-05.json,
//   nordpool-hacs-sensor-attributes-SE3-2023-09-26.json, nordpool-hacs-sensor-attributes-tail-SE4-2024-10-29.json,
//   hass-entso-e-average-price-sensor-attributes-NL-2024-08-20-excerpt.json,
//   tibber-graphql-viewer-homes-priceInfo-DE-2025-01-04.json (see data/PROVENANCE.md).
import { describe, expect, it } from "vitest";
import { nordpoolActionSource, tibberActionSource } from "../../addon/src/sources/ha-price-actions.js";
import { entsoeHacsSource, nordpoolHacsSource, octopusHaSource } from "../../addon/src/sources/ha-price-sensors.js";
import type { SourceResult } from "../../addon/src/domain/index.js";
import { FakeHa } from "./support/fake-ha.js";
import { readData } from "./support/recorded-server.js";

const H = 3_600_000;

function ok<T>(r: SourceResult<T>): T {
  if (r.kind !== "ok") throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r.value;
}

const nordpoolResponse = (JSON.parse(readData("prices/nordpool-ha-core-get-prices-for-date-response-SE3-2024-11-05.json")) as { service_response: unknown }).service_response;

describe("Nord Pool core action", () => {
  it("asks for today and tomorrow; tomorrow not yet published is a partial day, not an error", async () => {
    const ha = new FakeHa((call) =>
      call.serviceData?.date === "2024-11-05" ? { ok: true, response: nordpoolResponse } : { ok: false, code: "service_validation_error", message: "no prices" },
    );
    const src = nordpoolActionSource({ ha, configEntry: "abc", area: "SE3", currency: "SEK", timeZone: "Europe/Stockholm" });
    const s = ok(await src.fetch(Date.UTC(2024, 10, 5, 10)));
    expect(ha.calls.map((c) => [c.domain, c.service, c.serviceData?.date, c.returnResponse])).toEqual([
      ["nordpool", "get_prices_for_date", "2024-11-05", true],
      ["nordpool", "get_prices_for_date", "2024-11-06", true],
    ]);
    expect(s.currency).toBe("SEK");
    expect(s.slots).toHaveLength(24);
    expect(s.slots[0]).toEqual({ startMs: Date.UTC(2024, 10, 4, 23), endMs: Date.UTC(2024, 10, 5, 0), priceEurPerKWh: expect.closeTo(0.25073, 12) as number });
    expect(s.validUntilMs).toBe(Date.UTC(2024, 10, 5, 23));
  });

  it("today failing is an error value", async () => {
    const ha = new FakeHa(() => ({ ok: false, code: "not_found", message: "config entry" }));
    const r = await nordpoolActionSource({ ha, configEntry: "x", area: "SE3", currency: "SEK", timeZone: "Europe/Stockholm" }).fetch(0);
    expect(r).toEqual({ kind: "error", severity: "transient", message: "nordpool action: not_found: config entry" });
  });
});

describe("HACS Nord Pool sensor", () => {
  it("raw_today + empty raw_tomorrow (before ~13:00 CET) → partial day with SEK, negative prices kept", async () => {
    const se3 = JSON.parse(readData("prices/nordpool-hacs-sensor-attributes-SE3-2023-09-26.json")) as { attributes: Record<string, unknown> };
    const tail = JSON.parse(readData("prices/nordpool-hacs-sensor-attributes-tail-SE4-2024-10-29.json")) as { attributes_tail: Record<string, unknown> };
    const ha = new FakeHa();
    const src = nordpoolHacsSource(ha, "sensor.nordpool");
    const stop = src.start();
    expect(ok.bind(null, await src.fetch(0))).toThrow(/no state/);
    const attrs = { ...se3.attributes, raw_today: se3.attributes.raw_today_first_entries, raw_tomorrow: tail.attributes_tail.raw_tomorrow };
    ha.setState("sensor.nordpool", "0.07", attrs, 1_695_700_000_000);
    const s = ok(await src.fetch(1_695_800_000_000));
    expect(s.fetchedAtMs).toBe(1_695_700_000_000);
    expect(s.currency).toBe("SEK");
    expect(s.slots[0]).toEqual({ startMs: Date.UTC(2023, 8, 25, 22), endMs: Date.UTC(2023, 8, 25, 23), priceEurPerKWh: -0.06 });
    expect(s.slots.length).toBe((se3.attributes.raw_today_first_entries as unknown[]).length);
    stop();
    expect(ha.listenerCount).toBe(0);
  });

  it("unavailable sensor → transient error", async () => {
    const ha = new FakeHa();
    const src = nordpoolHacsSource(ha, "sensor.nordpool");
    src.start();
    ha.setState("sensor.nordpool", "unavailable", {}, 0);
    expect(await src.fetch(0)).toEqual({ kind: "error", severity: "transient", message: "sensor.nordpool is unavailable" });
  });
});

describe("HACS ENTSO-E sensor", () => {
  it("space-separated local times, ends inferred from spacing", async () => {
    const f = JSON.parse(readData("prices/hass-entso-e-average-price-sensor-attributes-NL-2024-08-20-excerpt.json")) as { prices_today_first_entries: unknown[] };
    const ha = new FakeHa();
    const src = entsoeHacsSource(ha, "sensor.average_electricity_price");
    src.start();
    ha.setState("sensor.average_electricity_price", "0.25", { prices_today: f.prices_today_first_entries, prices_tomorrow: [] }, 5);
    const s = ok(await src.fetch(10));
    expect(s.slots).toHaveLength(12);
    expect(s.slots[0]).toEqual({ startMs: Date.UTC(2024, 7, 19, 22), endMs: Date.UTC(2024, 7, 19, 23), priceEurPerKWh: 0.26603 });
    expect(s.slots[11]!.endMs - s.slots[11]!.startMs).toBe(H);
  });

  it("15-min entries give 15-min slots", async () => {
    const ha = new FakeHa();
    const src = entsoeHacsSource(ha, "sensor.avg");
    src.start();
    const prices = [0, 1, 2, 3].map((i) => ({ time: `2025-10-01 00:${String(i * 15).padStart(2, "0")}:00+02:00`, price: i / 10 }));
    ha.setState("sensor.avg", "0.1", { prices }, 5);
    const s = ok(await src.fetch(10));
    expect(s.slots.map((x) => x.endMs - x.startMs)).toEqual([900_000, 900_000, 900_000, 900_000]);
  });
});

describe("Tibber action", () => {
  it("retail prices per home; the last hour's end is inferred", async () => {
    const gql = JSON.parse(readData("prices/tibber-graphql-viewer-homes-priceInfo-DE-2025-01-04.json")) as {
      data: { viewer: { homes: { currentSubscription: { priceInfo: { today: { total: number; startsAt: string }[] } } }[] } };
    };
    const today = gql.data.viewer.homes[0]!.currentSubscription.priceInfo.today;
    // The HA action answers with start_time/price per home nickname (DEVICES.md §4).
    const response = { prices: { Home: today.map((p) => ({ start_time: p.startsAt, price: p.total })) } };
    const ha = new FakeHa(() => ({ ok: true, response }));
    const s = ok(await tibberActionSource({ ha, home: "Home" }).fetch(Date.UTC(2025, 0, 3, 23, 30)));
    expect(ha.calls[0]!.serviceData).toEqual({ start: "2025-01-03T23:00:00.000Z", end: "2025-01-05T23:00:00.000Z" });
    expect(s.kind).toBe("retail");
    expect(s.slots).toHaveLength(24);
    expect(s.slots[23]).toEqual({ startMs: Date.UTC(2025, 0, 4, 22), endMs: Date.UTC(2025, 0, 4, 23), priceEurPerKWh: 0.3048 });
    const missingHome = await tibberActionSource({ ha, home: "Cabin" }).fetch(0);
    expect(missingHome.kind).toBe("error");
  });
});

describe("Octopus Energy integration (HA)", () => {
  it("current-day and next-day rate entities → GBP/kWh retail slots; next day optional", async () => {
    // Shape of the integration's `rates` attribute, filled with the recorded Octopus REST rates
    // (octopus-rest-unit-rates-examples.json, agile 2020-03-29, inc. VAT p/kWh → GBP/kWh).
    const rest = JSON.parse(readData("prices/octopus-rest-unit-rates-examples.json")) as {
      agile_2020_03_29_results: { value_inc_vat: number; valid_from: string; valid_to: string }[];
    };
    const rates = rest.agile_2020_03_29_results.map((r) => ({ start: r.valid_from, end: r.valid_to, value_inc_vat: r.value_inc_vat / 100 }));
    const ha = new FakeHa();
    const today = "event.octopus_energy_electricity_22l_current_day_rates";
    const src = octopusHaSource(ha, today);
    const stop = src.start();
    expect(ha.listenerCount).toBe(2);
    ha.setState(today, "unknown", { rates: rates.slice(2) }, 100);
    const partial = ok(await src.fetch(200));
    expect(partial.slots).toHaveLength(2);
    ha.setState("event.octopus_energy_electricity_22l_next_day_rates", "unknown", { rates: rates.slice(0, 2) }, 150);
    const s = ok(await src.fetch(200));
    expect([s.kind, s.currency, s.fetchedAtMs]).toEqual(["retail", "GBP", 100]);
    expect(s.slots.map((x) => x.priceEurPerKWh)).toEqual([0.04452, 0.0378, 0.03465, 0.03591].map((v) => expect.closeTo(v, 12) as number));
    stop();
  });
});
