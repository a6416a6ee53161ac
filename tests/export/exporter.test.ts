// The exporter (addon/src/export/exporter.ts) against a fake writer at its port and a manual
// clock: batching by size and by interval, capped exponential backoff, refused batches, stop's
// final flush, the spool carried over to the next instance, and the disabled no-op.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { influxOptions, type InfluxConfig } from "../../addon/src/config/groups/influx.js";
import { createInfluxExporter, SPOOL_FILE, type ExportPoint, type InfluxExporter, type InfluxWriter, type WriteOutcome } from "../../addon/src/export/index.js";
import type { Logger } from "../../addon/src/domain/index.js";
import { ManualTime } from "../app/manual-time.js";

const T0 = Date.UTC(2026, 10, 22, 12, 0, 0);

/** A writer that records every batch with the clock time it was sent at and answers from a script. */
class FakeWriter implements InfluxWriter {
  readonly target = "fake";
  readonly calls: { atMs: number; lines: readonly string[] }[] = [];
  answer: (lines: readonly string[]) => WriteOutcome = () => ({ kind: "written" });
  constructor(private readonly time: ManualTime) {}
  write(lines: readonly string[]): Promise<WriteOutcome> {
    this.calls.push({ atMs: this.time.nowMs(), lines });
    return Promise.resolve(this.answer(lines));
  }
  sentLines(): string[] {
    return this.calls.flatMap((c) => c.lines);
  }
}

const down: WriteOutcome = { kind: "failed", cause: "unreachable", status: null, message: "connect ECONNREFUSED 127.0.0.1:8086" };

interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

function recordingLogger(into: LogLine[]): Logger {
  const at = (level: string) => (msg: string, fields?: Readonly<Record<string, unknown>>) => into.push({ level, msg, fields: fields ?? {} });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}

/** Lets pending promise callbacks (the drain after a write answered) run. */
const idle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const reading = (i: number): ExportPoint => ({ measurement: "sunshift_reading", tags: { series: "grid_w" }, fields: { value: i }, atMs: T0 + i * 10_000 });
const readings = (from: number, n: number): ExportPoint[] => Array.from({ length: n }, (_, k) => reading(from + k));
const lineOf = (i: number): string => `sunshift_reading,series=grid_w value=${i} ${T0 + i * 10_000}`;

let dir: string;
let time: ManualTime;
let writer: FakeWriter;
let logs: LogLine[];
const running: InfluxExporter[] = [];

function config(options: Record<string, unknown> = {}): InfluxConfig {
  return influxOptions.parse({ enabled: true, ...options });
}

function exporter(cfg: InfluxConfig = config(), extra: { maxRetryMs?: number; shutdownTimeoutMs?: number } = {}): InfluxExporter {
  const e = createInfluxExporter({ config: cfg, spoolDir: dir, clock: time, scheduler: time, logger: recordingLogger(logs), writer, ...extra });
  running.push(e);
  return e;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sunshift-exporter-"));
  time = new ManualTime(T0);
  writer = new FakeWriter(time);
  logs = [];
});
afterEach(async () => {
  for (const e of running.splice(0)) await e.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("batching", () => {
  it("sends as soon as a full batch waits, in order, the rest in a smaller last batch", async () => {
    const e = exporter(config({ batch_size: 3, flush_interval_s: 60 }));
    e.push(readings(1, 2));
    await idle();
    expect(writer.calls).toHaveLength(0);
    e.push(readings(3, 2));
    await idle();
    expect(writer.calls.map((c) => c.lines)).toEqual([[lineOf(1), lineOf(2), lineOf(3)], [lineOf(4)]]);
    expect(e.stats()).toMatchObject({ sentPoints: 4, pendingPoints: 0, failures: 0 });
  });

  it("sends a partial batch when the flush interval has passed", async () => {
    const e = exporter(config({ batch_size: 100, flush_interval_s: 10 }));
    e.push(readings(1, 5));
    time.advance(9_999);
    await idle();
    expect(writer.calls).toHaveLength(0);
    time.advance(1);
    await idle();
    expect(writer.calls).toEqual([{ atMs: T0 + 10_000, lines: [1, 2, 3, 4, 5].map(lineOf) }]);
  });

  it("counts points it cannot write and never sends them", async () => {
    const e = exporter();
    e.push([reading(1), { ...reading(2), fields: { value: Number.NaN } }, reading(3)]);
    await e.flush();
    expect(writer.sentLines()).toEqual([lineOf(1), lineOf(3)]);
    expect(e.stats()).toMatchObject({ invalidPoints: 1, sentPoints: 2 });
  });
});

describe("retry", () => {
  it("backs off 1 s, 2 s, 4 s … up to the cap, ignoring interval ticks meanwhile, and starts over after a success", async () => {
    const e = exporter(config({ batch_size: 100, flush_interval_s: 3 }), { maxRetryMs: 8_000 });
    writer.answer = () => down;
    e.push(readings(1, 2));
    expect((await e.flush()).ok).toBe(false);
    for (let i = 0; i < 40; i++) {
      time.advance(1_000);
      await idle();
    }
    const gaps = writer.calls.slice(1).map((c, i) => c.atMs - (writer.calls[i]?.atMs ?? 0));
    expect(gaps).toEqual([1_000, 2_000, 4_000, 8_000, 8_000, 8_000, 8_000]);
    expect(e.stats()).toMatchObject({ failures: 8, pendingPoints: 2, sentPoints: 0, lastError: down.message });
    expect(logs.filter((l) => l.level === "warn" && l.msg.includes("spooling"))).toHaveLength(1);

    writer.answer = () => ({ kind: "written" });
    time.advance(8_000);
    await idle();
    expect(e.stats()).toMatchObject({ failures: 0, pendingPoints: 0, sentPoints: 2, lastSuccessAtMs: time.nowMs() });
    expect(logs.some((l) => l.level === "info" && l.msg.includes("reachable again"))).toBe(true);

    writer.answer = () => down;
    const before = writer.calls.length;
    e.push(readings(3, 1));
    await e.flush();
    time.advance(1_000);
    await idle();
    expect(writer.calls.length - before, "a new outage starts again at 1 s").toBe(2);
  });

  it("flush() retries at once, without waiting for the backoff", async () => {
    const e = exporter(config(), { maxRetryMs: 60_000 });
    writer.answer = () => down;
    e.push(readings(1, 1));
    await e.flush();
    writer.answer = () => ({ kind: "written" });
    expect(await e.flush()).toEqual({ ok: true, sent: 1 });
  });

  it("drops a batch InfluxDB refuses (400) with a warning and goes on with the next", async () => {
    const e = exporter(config({ batch_size: 2 }));
    writer.answer = (lines) => (lines.includes(lineOf(1)) ? { kind: "rejected", status: 400, message: "partial write: field type conflict" } : { kind: "written" });
    e.push(readings(1, 4));
    await e.flush();
    expect(e.stats()).toMatchObject({ rejectedPoints: 2, sentPoints: 2, pendingPoints: 0 });
    expect(logs).toContainEqual(expect.objectContaining({ level: "warn", fields: expect.objectContaining({ points: 2, status: 400 }) as unknown }));
  });

  it("auth and not-found failures are errors that tell which option to check", async () => {
    const e = exporter();
    writer.answer = () => ({ kind: "failed", cause: "auth", status: 401, message: "authorization failed" });
    e.push(readings(1, 1));
    await e.flush();
    writer.answer = () => ({ kind: "failed", cause: "not_found", status: 404, message: "database not found: \"sunshift\"" });
    await e.flush();
    const errors = logs.filter((l) => l.level === "error").map((l) => l.msg);
    expect(errors).toEqual([expect.stringContaining("username/password"), expect.stringContaining("influxdb.database")]);
    expect(e.stats().pendingPoints).toBe(1);
  });
});

describe("shutdown and restart", () => {
  it("stop() sends what is waiting, even before the interval, and push after stop is ignored", async () => {
    const e = exporter(config({ batch_size: 500, flush_interval_s: 3600 }));
    e.push(readings(1, 7));
    await e.stop();
    expect(writer.sentLines()).toEqual([1, 2, 3, 4, 5, 6, 7].map(lineOf));
    e.push(readings(8, 1));
    expect(writer.sentLines()).toHaveLength(7);
    expect(e.stats()).toMatchObject({ sentPoints: 7, pendingPoints: 0 });
    expect(await e.flush()).toMatchObject({ ok: false, error: "exporter stopped" });
  });

  it("what stop() could not send is sent by the next instance on the same spool", async () => {
    writer.answer = () => down;
    const first = exporter();
    first.push(readings(1, 5));
    await first.stop();
    expect(logs).toContainEqual(expect.objectContaining({ level: "warn", fields: expect.objectContaining({ pending: 5 }) as unknown }));
    writer.answer = () => ({ kind: "written" });
    const before = writer.calls.length;
    const second = exporter();
    expect(second.stats().pendingPoints).toBe(5);
    expect(await second.flush()).toEqual({ ok: true, sent: 5 });
    expect(writer.calls.slice(before).flatMap((c) => c.lines)).toEqual([1, 2, 3, 4, 5].map(lineOf));
  });

  it("stop() gives up at the shutdown timeout between batches", async () => {
    const e = exporter(config({ batch_size: 1 }), { shutdownTimeoutMs: 2_500 });
    writer.answer = () => {
      time.advance(1_000); // each request takes a second of clock time
      return { kind: "written" };
    };
    e.push(readings(1, 10));
    writer.calls.length = 0;
    await e.stop();
    expect(writer.calls).toHaveLength(3);
  });
});

describe("disabled", () => {
  it("is a no-op without a spool file", async () => {
    const e = exporter(influxOptions.parse({}));
    e.push(readings(1, 3));
    expect(await e.flush()).toEqual({ ok: true, sent: 0 });
    expect(writer.calls).toHaveLength(0);
    expect(existsSync(join(dir, SPOOL_FILE))).toBe(false);
  });

  it("creates a missing spool directory; a spool that cannot be opened disables the export with an error", async () => {
    const nested = join(dir, "data", "sub");
    const ok = createInfluxExporter({ config: config(), spoolDir: nested, clock: time, scheduler: time, logger: recordingLogger(logs), writer });
    await ok.stop();
    expect(existsSync(join(nested, SPOOL_FILE))).toBe(true);
    const notADir = join(dir, "plain-file");
    writeFileSync(notADir, "x");
    const e = createInfluxExporter({ config: config(), spoolDir: notADir, clock: time, scheduler: time, logger: recordingLogger(logs), writer });
    e.push(readings(1, 2));
    expect(await e.flush()).toEqual({ ok: true, sent: 0 });
    expect(logs).toContainEqual(expect.objectContaining({ level: "error", msg: expect.stringContaining("export disabled") as unknown }));
    expect(time.pending(), "no timer left running").toBe(0);
  });
});
