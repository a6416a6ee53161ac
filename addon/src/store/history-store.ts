import Sqlite from "better-sqlite3";
import type { Database } from "better-sqlite3";
import type { HistoryReader, HistoryWriter } from "../domain/history.js";
import type { PlanRunStore, SettingsStore, StoreWriteResult } from "../domain/plan-run.js";
import type { EpochMs } from "../domain/time.js";
import { Maintenance, type MaintainResult } from "./maintenance.js";
import { applyMigrations, MIGRATIONS } from "./migrations.js";
import { resolveStoreOptions, type HistoryStoreOptions, type ResolvedStoreOptions } from "./options.js";
import { PlanRuns } from "./plan-runs.js";
import { Queries } from "./queries.js";
import { SampleWriter, type FlushResult } from "./sample-writer.js";
import { Settings } from "./settings.js";
import { SeriesIds, StoreState } from "./state.js";

/** Health figures for the status page and /metrics. */
export interface StoreStats {
  readonly pendingSamples: number;
  readonly droppedOverflow: number;
  readonly droppedInvalid: number;
  readonly lastFlushAtMs: EpochMs | null;
  readonly lastMaintainAtMs: EpochMs | null;
  /** Database file size (pages in use + free pages) in bytes; the WAL file comes on top. */
  readonly dbBytes: number;
  readonly schemaVersion: number;
}

/** The SQLite history store: all history ports plus the lifecycle the composition root drives. */
export interface HistoryStore extends HistoryWriter, HistoryReader, PlanRunStore, SettingsStore {
  /** Write buffered samples in one transaction. Call at least every 10 s. Never throws. */
  flush(nowMs: EpochMs): FlushResult;
  /** Rollup of complete buckets, then retention. Call every minute. Never throws. */
  maintain(nowMs: EpochMs): MaintainResult;
  deleteSetting(key: string): StoreWriteResult;
  stats(): StoreStats;
  /** Flushes what is buffered (best effort), then closes the file. The store is unusable after. */
  close(): void;
}

function configure(db: Database, busyTimeoutMs: number): void {
  // WAL: readers never block the writer; NORMAL: a commit is durable against a process crash
  // (SIGKILL) and the file can never be corrupted; a power cut may lose the last commits only.
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  db.pragma("foreign_keys = ON");
}

/**
 * Opens (creating or migrating) the history database. Throws ConfigError for invalid options,
 * SchemaTooNewError for a file from a newer Sunshift, and SQLite's error for an unreadable file:
 * all are startup failures the composition root reports.
 */
export function openHistoryStore(options: HistoryStoreOptions): HistoryStore {
  const opts = resolveStoreOptions(options);
  const db = new Sqlite(opts.path);
  try {
    configure(db, opts.busyTimeoutMs);
    const migrated = applyMigrations(db, opts.path, MIGRATIONS, opts.logger);
    opts.logger.info("history store open", { path: opts.path, ...migrated });
  } catch (err) {
    db.close();
    throw err;
  }
  return assemble(db, opts);
}

function assemble(db: Database, opts: ResolvedStoreOptions): HistoryStore {
  const ids = new SeriesIds(db);
  const state = new StoreState(db);
  const writer = new SampleWriter(db, ids, state, opts.logger, opts.maxBufferedSamples);
  const maintenance = new Maintenance(db, ids, state, opts);
  const queries = new Queries(db, ids);
  const planRuns = new PlanRuns(db, opts.planRunsKept);
  const settings = new Settings(db);
  const times = { lastFlushAtMs: null as EpochMs | null, lastMaintainAtMs: null as EpochMs | null };

  return {
    append: (samples) => {
      writer.append(samples);
    },
    flush: (nowMs) => {
      times.lastFlushAtMs = nowMs;
      return writer.flush();
    },
    maintain: (nowMs) => {
      times.lastMaintainAtMs = nowMs;
      const result = maintenance.run(nowMs, () => {
        state.reload(db);
      });
      if (!result.ok) opts.logger.warn("history: maintenance failed", { error: result.error });
      return result;
    },
    aggregates: (series, resolution, fromMs, toMs) => queries.aggregates(series, resolution, fromMs, toMs),
    samples: (series, fromMs, toMs) => queries.samples(series, fromMs, toMs),
    savePlanRun: (run) => planRuns.savePlanRun(run),
    latestPlanRun: () => planRuns.latestPlanRun(),
    planRuns: (limit) => planRuns.planRuns(limit),
    getSetting: (key) => settings.getSetting(key),
    setSetting: (key, value) => settings.setSetting(key, value),
    deleteSetting: (key) => settings.deleteSetting(key),
    stats: () => ({
      pendingSamples: writer.pending(),
      droppedOverflow: writer.dropped().overflow,
      droppedInvalid: writer.dropped().invalid,
      ...times,
      dbBytes: pragmaNumber(db, "page_count") * pragmaNumber(db, "page_size"),
      schemaVersion: pragmaNumber(db, "user_version"),
    }),
    close: () => {
      if (!db.open) return;
      const flushed = writer.flush();
      if (!flushed.ok) opts.logger.error("history: samples lost at close", { pending: flushed.pending });
      db.pragma("optimize");
      db.close();
    },
  };
}

function pragmaNumber(db: Database, name: string): number {
  const v = db.pragma(name, { simple: true });
  return typeof v === "number" ? v : 0;
}
