// The InfluxDB 1.x export path end to end against a real influxd 1.6.7 (Debian's package,
// started by tests/support/influxdb.ts on loopback): points arrive; influxd stopped in the middle
// of a run while an hour of 10-s readings comes in, then started again → every point arrives
// exactly once (per-point values and a per-series sum); the shutdown flush; the spool carried
// over to a new exporter instance; a lost acknowledgement re-sent as an identical overwrite.
// Readings: the real 10-s household load in
// /work/shared/data/timeseries/emhass-ha-rest-history-power-load-10s-2022-10-19.csv (see support/real-hour.ts).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { influxOptions, type InfluxConfig } from "../../addon/src/config/groups/influx.js";
import { createInfluxExporter, decisionPoints, planPoints, readingPoints, writerFor, type InfluxExporter, type InfluxWriter, type WriteOutcome } from "../../addon/src/export/index.js";
import { silentLogger, type Command, type Plan, type Sample } from "../../addon/src/domain/index.js";
import { realClock, realScheduler, waitFor } from "../sim/helpers.js";
import { rows, startInfluxd, type InfluxServer } from "../support/influxdb.js";
import { instants, SERIES_PER_INSTANT } from "./support/real-hour.js";

let influx: InfluxServer;
const dirs: string[] = [];

beforeAll(async () => {
  influx = await startInfluxd();
});
afterAll(async () => {
  await influx.dispose();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), "sunshift-influx-spool-"));
  dirs.push(d);
  return d;
}

async function database(name: string): Promise<InfluxConfig> {
  await influx.query(`CREATE DATABASE ${name}`);
  const parsed = influxOptions.parse({ enabled: true, version: 1, url: influx.url, database: name, batch_size: 500 });
  return { ...parsed, flushIntervalMs: 100 };
}

/** The real v1 writer, counting the lines InfluxDB acknowledged (transport-level exactly-once). */
function counting(config: InfluxConfig): InfluxWriter & { acked: number; requests: number } {
  const inner = writerFor(config.target, 2000);
  const w = {
    target: inner.target,
    acked: 0,
    requests: 0,
    async write(lines: readonly string[]): Promise<WriteOutcome> {
      w.requests++;
      const outcome = await inner.write(lines);
      if (outcome.kind === "written") w.acked += lines.length;
      return outcome;
    },
  };
  return w;
}

function exporter(config: InfluxConfig, spoolDir: string, writer: InfluxWriter): InfluxExporter {
  return createInfluxExporter({ config, spoolDir, clock: realClock, scheduler: realScheduler, logger: silentLogger, writer, minRetryMs: 50, maxRetryMs: 400, shutdownTimeoutMs: 3000 });
}

const key = (series: string, atMs: number): string => `${series}@${atMs}`;

function expected(batches: readonly Sample[][]): Map<string, number> {
  return new Map(batches.flat().map((s) => [key(s.series, s.atMs), s.value]));
}

/** Every point of `sunshift_reading` in `db`, keyed like `expected` (plug series rebuilt from the tag). */
async function stored(db: string): Promise<Map<string, number>> {
  const got = rows(await influx.query("SELECT * FROM sunshift_reading", db));
  const out = new Map<string, number>();
  for (const r of got) {
    const series = r.series === "plug_w" ? `plug_w:${String(r.plug)}` : String(r.series);
    const k = key(series, Number(r.time));
    if (out.has(k)) throw new Error(`duplicate point ${k}`);
    out.set(k, Number(r.value));
  }
  return out;
}

async function countsBySeries(db: string): Promise<Record<string, number>> {
  const got = rows(await influx.query('SELECT count("value") FROM sunshift_reading GROUP BY "series"', db));
  return Object.fromEntries(got.map((r, i) => [String(i), Number(r.count)]));
}

describe("InfluxDB 1.x export against a real influxd", () => {
  it("points arrive: count and values", async () => {
    const config = await database("arrive");
    const writer = counting(config);
    const e = exporter(config, tempDir(), writer);
    const data = instants(0, 60);
    for (const samples of data) e.push(readingPoints(samples));
    expect(await e.flush()).toEqual({ ok: true, sent: 60 * SERIES_PER_INSTANT });
    expect(rows(await influx.query("SELECT count(value) FROM sunshift_reading", "arrive"))[0]?.count).toBe(360);
    expect(await stored("arrive")).toEqual(expected(data));
    await e.stop();
  });

  it("an outage in the middle of a run: an hour of 10-s readings spooled, then every point exactly once", async () => {
    const config = await database("outage");
    const writer = counting(config);
    const e = exporter(config, tempDir(), writer);
    const before = instants(0, 60);
    const hour = instants(60, 360);
    for (const samples of before) e.push(readingPoints(samples));
    await waitFor(() => e.stats().pendingPoints === 0 && writer.acked === 360, "the first 10 minutes sent", 5000);

    await influx.stop();
    for (const [i, samples] of hour.entries()) {
      e.push(readingPoints(samples));
      // Let the exporter try (and fail) during the outage, as it would in a running add-on.
      if (i % 60 === 59) await new Promise((r) => setTimeout(r, 30));
    }
    await waitFor(() => e.stats().failures >= 2, "failed attempts during the outage", 5000);
    expect(e.stats()).toMatchObject({ pendingPoints: 360 * SERIES_PER_INSTANT, sentPoints: 360, droppedPoints: 0 });

    await influx.start();
    await waitFor(() => e.stats().pendingPoints === 0, "the spool drained after influxd returned", 10_000);
    const all = [...before, ...hour];
    const want = expected(all);
    expect(want.size).toBe(420 * SERIES_PER_INSTANT);
    expect(await stored("outage")).toEqual(want);
    expect(Object.values(await countsBySeries("outage"))).toEqual(Array<number>(SERIES_PER_INSTANT).fill(420));
    // Checksum through InfluxDB itself: the sum of every series equals the sum of what was pushed.
    const sums = rows(await influx.query('SELECT sum("value") FROM sunshift_reading', "outage"))[0]?.sum;
    expect(Number(sums)).toBeCloseTo(all.flat().reduce((acc, s) => acc + s.value, 0), 6);
    expect(writer.acked, "no line sent twice").toBe(420 * SERIES_PER_INSTANT);
    expect(e.stats()).toMatchObject({ sentPoints: 2520, failures: 0, resentPoints: 0 });
    await e.stop();
  });

  it("stop() flushes what waits before the interval", async () => {
    const config = { ...(await database("shutdown")), flushIntervalMs: 3_600_000, batchSize: 5000 };
    const e = exporter(config, tempDir(), counting(config));
    const data = instants(0, 100);
    for (const samples of data) e.push(readingPoints(samples));
    expect(await stored("shutdown")).toEqual(new Map());
    await e.stop();
    expect(await stored("shutdown")).toEqual(expected(data));
  });

  it("the spool survives a restart: a new exporter on the same spool dir sends the rest", async () => {
    const config = await database("restart");
    const dir = tempDir();
    const data = instants(0, 30);
    await influx.stop();
    const first = exporter(config, dir, counting(config));
    for (const samples of data) first.push(readingPoints(samples));
    await first.stop();
    await influx.start();
    const writer = counting(config);
    const second = exporter(config, dir, writer);
    expect(second.stats().pendingPoints).toBe(30 * SERIES_PER_INSTANT);
    expect(await second.flush()).toEqual({ ok: true, sent: 30 * SERIES_PER_INSTANT });
    expect(await stored("restart")).toEqual(expected(data));
    expect(writer.acked).toBe(180);
    await second.stop();
  });

  it("plans and decisions arrive with consistent field types", async () => {
    const config = await database("plans");
    const e = exporter(config, tempDir(), counting(config));
    const t = 1_763_812_800_000;
    const base = { pvUsedW: 0, pvCurtailedW: 0, acOutW: 0, acInW: 0, plugsOn: [], batteryW: 0, gridW: 0, socPct: 50, costEur: 0, action: "idle", reasons: [] } as const;
    const plan: Plan = {
      status: "optimal", generatedAtMs: t, objectiveEur: 0.5, reasons: [],
      slots: [{ ...base, startMs: t, endMs: t + 900_000, acInW: 800, batteryW: -760, gridW: 1100, action: "grid_charge" }, { ...base, startMs: t + 900_000, endMs: t + 1_800_000, plugsOn: ["boiler"] }],
    };
    const charge: Command = { kind: "battery_ac_charge", powerW: 800, reason: { kind: "plan", slotStartMs: t, action: "grid_charge" } };
    const plug: Command = { kind: "plug_switch", plugId: "boiler", on: true, reason: { kind: "startup_sync" } };
    e.push(planPoints(plan, [{ startMs: t, endMs: t + 900_000, importPriceEurPerKWh: 0.12, exportPriceEurPerKWh: 0.05, loadW: 300, pvW: 0 }]));
    e.push(decisionPoints([{ command: charge, result: { ok: true, response: null } }, { command: plug, result: { ok: false } }], t + 1000));
    expect(await e.flush()).toEqual({ ok: true, sent: 4 });
    expect(e.stats().rejectedPoints).toBe(0);
    const planRows = rows(await influx.query("SELECT grid_w, action, plugs_on, import_price_eur_per_kwh FROM sunshift_plan", "plans"));
    expect(planRows.map(({ time, grid_w, action, plugs_on, import_price_eur_per_kwh }) => [time, grid_w, action, plugs_on, import_price_eur_per_kwh])).toEqual([
      [t, 1100, "grid_charge", "", 0.12],
      [t + 900_000, 0, "idle", "boiler", null],
    ]);
    const decisions = rows(await influx.query('SELECT * FROM sunshift_decision GROUP BY "command"', "plans"));
    expect(decisions.map((r) => [r.time, r.setpoint_w ?? null, r.on ?? null, r.outcome])).toEqual([
      [t + 1000, -800, null, "sent"],
      [t + 1000, null, true, "failed"],
    ]);
    await e.stop();
  });

  it("a lost acknowledgement re-sends the batch, which InfluxDB stores as an identical overwrite", async () => {
    const config = { ...(await database("lostack")), batchSize: 100 };
    const real = counting(config);
    let lose = true;
    const lossy: InfluxWriter = {
      target: real.target,
      async write(lines) {
        const outcome = await real.write(lines);
        if (lose && outcome.kind === "written") {
          lose = false;
          return { kind: "failed", cause: "unreachable", status: null, message: "socket hang up (after the write)" };
        }
        return outcome;
      },
    };
    const e = exporter(config, tempDir(), lossy);
    const data = instants(0, 50);
    for (const samples of data) e.push(readingPoints(samples));
    await waitFor(() => e.stats().pendingPoints === 0, "all sent", 5000);
    expect(real.acked, "the first batch of 100 went out twice").toBe(300 + 100);
    expect(await stored("lostack")).toEqual(expected(data));
    await e.stop();
  });
});
