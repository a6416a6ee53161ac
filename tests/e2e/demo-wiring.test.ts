/**
 * The service's wiring as a user of the demo sees it (issues 5–7): the plan sensor says what the
 * plan does now and carries the input freshness; the data-age, next-cheap-window and savings
 * sensors have values; the card is served and linked from the status page; the prices in
 * effect are recorded as history; /metrics has plan-run and command timings, input ages and
 * log counts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { startDemo, type RunningDemo } from "../../addon/src/cli/demo-command.js";
import { waitFor } from "../sim/helpers.js";

let demo: RunningDemo | null = null;
afterEach(async () => {
  await demo?.stop();
  demo = null;
});

describe("demo wiring", () => {
  it("fills the plan, data-age, next-cheap and savings sensors and serves the card", async () => {
    // 300×: an hour of home time in 12 s; savings are computed 30 s of home time after start.
    const d = await startDemo({ speed: 300, apiPort: 0, start: "2024-06-15T14:00:00Z", broker: "aedes", write: () => undefined });
    demo = d;
    const entity = (id: string) => d.sim.mqtt?.entities().find((e) => e.entityId === id);
    await waitFor(() => entity("sensor.sunshift_plan")?.attributes.dataStatus !== undefined, "plan sensor with dataStatus", 20_000);
    await waitFor(() => entity("sensor.sunshift_savings_today")?.state !== undefined && !["unknown", "unavailable"].includes(entity("sensor.sunshift_savings_today")?.state ?? "unknown"), "savings today", 20_000);

    const plan = entity("sensor.sunshift_plan");
    expect(plan?.state).toMatch(/^(Charging from the grid|Charging from PV|Supplying the home|Holding the battery)( \(rules\))? · /);
    const status = plan?.attributes.dataStatus as { input: string; ageS: number | null }[];
    expect(status.map((s) => s.input)).toEqual(expect.arrayContaining(["prices", "pv_forecast", "load_forecast"]));
    expect(Number(entity("sensor.sunshift_data_age_prices")?.state)).toBeGreaterThanOrEqual(0);
    // A fresh demo has no history yet: the load forecast has no age, and says it is stale.
    expect(status.find((s) => s.input === "load_forecast")).toMatchObject({ ageS: null, stale: true });
    expect(Date.parse(entity("sensor.sunshift_next_cheap_start")?.state ?? "")).toBeGreaterThan(0);
    expect(Number(entity("sensor.sunshift_savings_month")?.state)).not.toBeNaN();
    expect(entity("sensor.sunshift_tariff_recommendation")?.attributes).toMatchObject({ summary: "", days_used: 0, candidates: [] });

    const base = `http://127.0.0.1:${d.service.apiPort}`;
    const page = await (await fetch(`${base}/`)).text();
    expect(page).toContain('href="card"');
    const card = await fetch(`${base}/sunshift-card.js?v=x`);
    expect(card.status).toBe(200);
    expect(card.headers.get("content-type")).toMatch(/javascript/);
    expect((await fetch(`${base}/card-demo`)).status).toBe(200);
    const target = (await (await fetch(`${base}/card-demo/config.json`)).json()) as { haUrl: string };
    expect(target.haUrl).toBe(d.sim.url);

    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(Number(/^sunshift_duration_seconds_count\{op="plan_run"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^sunshift_duration_max_seconds\{op="plan_run"\} ([\d.]+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0);
    expect(Number(/^sunshift_duration_seconds_count\{op="command_confirm"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
    expect(Number(/^sunshift_input_age_seconds\{input="prices"\} (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(0);
    expect(metrics).toMatch(/^sunshift_input_stale\{input="load_forecast"\} 1$/m);
    expect(metrics).toMatch(/^sunshift_events_total\{event="log_warning"\} \d+$/m);

    const nowMs = d.sim.clock.nowMs();
    const recorded = d.service.store.samples("import_price_eur_per_kwh", nowMs - 3_600_000, nowMs + 1);
    expect(recorded.length).toBeGreaterThan(0);
  }, 60_000);
});
