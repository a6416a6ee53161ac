import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Logger } from "../domain/log.js";
import type { Clock, Scheduler } from "../domain/time.js";
import type { InfluxConfig, InfluxTarget } from "../config/groups/influx.js";
import { backoffMs } from "../ha/backoff.js";
import { toLine, type ExportPoint } from "./line-protocol.js";
import { openSpool, type Spool, type SpoolStats } from "./spool.js";
import { createV1Writer } from "./v1-writer.js";
import { createV2Writer } from "./v2-writer.js";
import type { InfluxWriter, WriteOutcome } from "./writer.js";

/**
 * The InfluxDB export (issue 7 §4): `push` writes points through to the disk spool at once (a
 * crash loses nothing that was pushed); a drain sends the spool in order, `batchSize` lines per
 * request, when a full batch is waiting and every flush interval. A failed request is retried
 * after a capped exponential backoff (1 s, 2 s, 4 s … `maxRetryMs`); meanwhile points keep
 * collecting in the spool. `stop()` tries a last drain within `shutdownTimeoutMs`; whatever is
 * left stays in the spool for the next start.
 */
export interface InfluxExporterOptions {
  readonly config: InfluxConfig;
  /** Directory of the spool file (`influx-spool.db`), usually the add-on's data dir. */
  readonly spoolDir: string;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  /** Replaces the writer the config describes (tests, other transports). */
  readonly writer?: InfluxWriter;
  /** Per request, ms (default 5 s). */
  readonly requestTimeoutMs?: number;
  /** First and longest retry delay, ms (defaults 1 s and 5 min). */
  readonly minRetryMs?: number;
  readonly maxRetryMs?: number;
  /** How long `stop()` keeps sending, ms of clock time (default 5 s). */
  readonly shutdownTimeoutMs?: number;
}

export type FlushResult =
  | { readonly ok: true; readonly sent: number }
  | { readonly ok: false; readonly sent: number; readonly error: string; readonly pending: number };

export interface ExporterStats extends SpoolStats {
  readonly sentPoints: number;
  /** Refused by InfluxDB (HTTP 400) and therefore not kept. */
  readonly rejectedPoints: number;
  /** Not writable (no finite field, bad time): never spooled. */
  readonly invalidPoints: number;
  /** Failed attempts in a row (0 when the last request succeeded). */
  readonly failures: number;
  readonly lastError: string | null;
  readonly lastSuccessAtMs: number | null;
}

export interface InfluxExporter {
  /** Never throws, never waits: points are spooled now and sent later. */
  push(points: readonly ExportPoint[]): void;
  /** Sends the whole spool now (ignoring a pending backoff); resolves when done or failed. */
  flush(): Promise<FlushResult>;
  stats(): ExporterStats;
  /** Stops the timers, sends what it can within the shutdown timeout, closes the spool. */
  stop(): Promise<void>;
}

export const SPOOL_FILE = "influx-spool.db";

/** The exporter the options ask for: a no-op when `influxdb.enabled` is false (no spool file). */
export function createInfluxExporter(opts: InfluxExporterOptions): InfluxExporter {
  if (!opts.config.enabled) return disabledExporter;
  const path = join(opts.spoolDir, SPOOL_FILE);
  let spool: Spool;
  try {
    mkdirSync(opts.spoolDir, { recursive: true });
    spool = openSpool({ path, maxBytes: opts.config.spoolMaxBytes, logger: opts.logger });
  } catch (err) {
    // The add-on runs on without the export rather than not at all (STYLE.md P12).
    opts.logger.error("influxdb: cannot open the export spool, export disabled", { path, error: String(err) });
    return disabledExporter;
  }
  const writer = opts.writer ?? writerFor(opts.config.target, opts.requestTimeoutMs ?? 5000);
  return new SpoolingExporter(opts, spool, writer);
}

/** The writer for the configured API version. */
export function writerFor(target: InfluxTarget, timeoutMs: number): InfluxWriter {
  switch (target.version) {
    case 1:
      return createV1Writer({ url: target.url, database: target.database, username: target.username, password: target.password, timeoutMs });
    case 2:
      return createV2Writer({ url: target.url, org: target.org, bucket: target.bucket, token: target.apiToken, timeoutMs });
  }
}

const disabledExporter: InfluxExporter = {
  push: () => undefined,
  flush: () => Promise.resolve({ ok: true, sent: 0 }),
  stats: () => ({ pendingPoints: 0, pendingBytes: 0, droppedPoints: 0, resentPoints: 0, sentPoints: 0, rejectedPoints: 0, invalidPoints: 0, failures: 0, lastError: null, lastSuccessAtMs: null }),
  stop: () => Promise.resolve(),
};

class SpoolingExporter implements InfluxExporter {
  private readonly counts = { sent: 0, rejected: 0, invalid: 0 };
  private failures = 0;
  private lastError: string | null = null;
  private lastSuccessAtMs: number | null = null;
  private draining: Promise<FlushResult> | null = null;
  private cancelRetry: (() => void) | null = null;
  private readonly cancelTick: () => void;
  private stopped = false;
  private deadlineMs = Number.POSITIVE_INFINITY;

  constructor(
    private readonly opts: InfluxExporterOptions & { readonly config: InfluxConfig },
    private readonly spool: Spool,
    private readonly writer: InfluxWriter,
  ) {
    this.cancelTick = opts.scheduler.setInterval(() => {
      this.kick();
    }, opts.config.flushIntervalMs);
    opts.logger.info("influxdb: export enabled", { target: writer.target, pending: spool.pending() });
  }

  push(points: readonly ExportPoint[]): void {
    if (this.stopped || points.length === 0) return;
    const lines: string[] = [];
    for (const p of points) {
      const line = toLine(p);
      if (line === null) this.counts.invalid++;
      else lines.push(line);
    }
    try {
      this.spool.append(lines);
    } catch (err) {
      this.opts.logger.error("influxdb: spool write failed, points lost", { points: lines.length, error: String(err) });
      return;
    }
    if (this.spool.pending() >= this.opts.config.batchSize) this.kick();
  }

  flush(): Promise<FlushResult> {
    if (this.stopped) return Promise.resolve(this.failed(0, "exporter stopped"));
    this.cancelRetry?.();
    this.cancelRetry = null;
    return this.drain();
  }

  stats(): ExporterStats {
    return {
      ...this.spool.stats(),
      sentPoints: this.counts.sent,
      rejectedPoints: this.counts.rejected,
      invalidPoints: this.counts.invalid,
      failures: this.failures,
      lastError: this.lastError,
      lastSuccessAtMs: this.lastSuccessAtMs,
    };
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelTick();
    this.cancelRetry?.();
    this.cancelRetry = null;
    this.deadlineMs = this.opts.clock.nowMs() + (this.opts.shutdownTimeoutMs ?? 5000);
    await this.draining;
    // The final drain stops at the deadline between batches; one request is bounded by its timeout.
    const last = await this.drain();
    const pending = this.spool.pending();
    if (pending > 0) this.opts.logger.warn("influxdb: stopped with points still in the spool; they are sent after the next start", { pending, error: last.ok ? null : last.error });
    this.spool.close();
  }

  /** Starts a drain unless one runs or a retry is scheduled. */
  private kick(): void {
    if (this.draining === null && this.cancelRetry === null && this.spool.pending() > 0) void this.drain();
  }

  private drain(): Promise<FlushResult> {
    this.draining ??= this.drainLoop()
      .catch((err: unknown) => {
        // A spool error (disk full, file gone): report it, keep running; the next tick tries again.
        this.opts.logger.error("influxdb: export spool error", { error: String(err) });
        return this.failed(0, String(err));
      })
      .finally(() => {
        this.draining = null;
      });
    return this.draining;
  }

  private async drainLoop(): Promise<FlushResult> {
    let sent = 0;
    for (;;) {
      if (this.stopped && this.opts.clock.nowMs() >= this.deadlineMs) return this.failed(sent, "shutdown timeout");
      const batch = this.spool.peek(this.opts.config.batchSize);
      if (batch === null) return { ok: true, sent };
      this.spool.markInFlight(batch);
      const outcome = await this.writer.write(batch.lines);
      if (outcome.kind === "failed") {
        this.onFailure(outcome);
        return this.failed(sent, outcome.message);
      }
      this.spool.ack(batch);
      this.onDelivered(outcome, batch.lines.length);
      if (outcome.kind === "written") sent += batch.lines.length;
    }
  }

  private failed(sent: number, error: string): FlushResult {
    return { ok: false, sent, error, pending: this.spool.pending() };
  }

  private onDelivered(outcome: Exclude<WriteOutcome, { kind: "failed" }>, n: number): void {
    if (this.failures > 0) this.opts.logger.info("influxdb: reachable again, sending the spooled points", { failures: this.failures, pending: this.spool.pending() + n });
    this.failures = 0;
    this.lastError = null;
    this.lastSuccessAtMs = this.opts.clock.nowMs();
    if (outcome.kind === "written") {
      this.counts.sent += n;
      return;
    }
    this.counts.rejected += n;
    this.opts.logger.warn("influxdb: batch refused by InfluxDB and dropped", { points: n, status: outcome.status, error: outcome.message });
  }

  private onFailure(outcome: Extract<WriteOutcome, { kind: "failed" }>): void {
    this.failures++;
    this.lastError = outcome.message;
    const delayMs = backoffMs(this.failures, this.opts.minRetryMs ?? 1000, this.opts.maxRetryMs ?? 300_000);
    const fields = { target: this.writer.target, cause: outcome.cause, status: outcome.status, error: outcome.message, retryInS: delayMs / 1000, pending: this.spool.pending() };
    // One line per outage at warn level (and every attempt for auth/config problems the user must fix).
    if (outcome.cause === "unreachable") {
      if (this.failures === 1) this.opts.logger.warn("influxdb: write failed, spooling points until it is back", fields);
      else this.opts.logger.debug("influxdb: write failed again", fields);
    } else this.opts.logger.error(`influxdb: write failed (${hint(outcome.cause)})`, fields);
    if (this.stopped) return;
    this.cancelRetry = this.opts.scheduler.setTimeout(() => {
      this.cancelRetry = null;
      void this.drain();
    }, delayMs);
  }
}

function hint(cause: "auth" | "not_found" | "other"): string {
  switch (cause) {
    case "auth":
      return "check influxdb.username/password or influxdb.api_token";
    case "not_found":
      return "check influxdb.database (create it first) or influxdb.org/bucket";
    case "other":
      return "unexpected answer";
  }
}
