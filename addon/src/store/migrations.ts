import type { Database } from "better-sqlite3";
import { PermanentError } from "../domain/errors.js";
import type { Logger } from "../domain/log.js";

/**
 * Versioned schema migrations. The database's version lives in `PRAGMA user_version`
 * (0 = empty file). Each migration runs in its own transaction together with the version bump,
 * so a crash or a failing statement leaves the file at the previous version, never half-way.
 * Never edit a shipped migration: append a new one.
 */
export interface Migration {
  /** 1, 2, 3, … without gaps; the database is at version N after migration N. */
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * v1: series dictionary, raw samples, 1-minute and 15-minute aggregates, rollup bookkeeping.
 * Time columns are epoch ms (UTC). Aggregates keep the sum, not the mean, so 15-minute buckets
 * combine 1-minute buckets exactly. WITHOUT ROWID tables keyed by (series_id, time) make every
 * query and retention delete a range scan of one clustered index.
 */
const V1_SQL = `
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE
) STRICT;
CREATE TABLE samples (
  series_id INTEGER NOT NULL,
  at_ms INTEGER NOT NULL,
  value REAL NOT NULL,
  PRIMARY KEY (series_id, at_ms)
) WITHOUT ROWID, STRICT;
CREATE TABLE agg_1m (
  series_id INTEGER NOT NULL,
  start_ms INTEGER NOT NULL,
  sum_value REAL NOT NULL,
  min_value REAL NOT NULL,
  max_value REAL NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (series_id, start_ms)
) WITHOUT ROWID, STRICT;
CREATE TABLE agg_15m (
  series_id INTEGER NOT NULL,
  start_ms INTEGER NOT NULL,
  sum_value REAL NOT NULL,
  min_value REAL NOT NULL,
  max_value REAL NOT NULL,
  n INTEGER NOT NULL,
  PRIMARY KEY (series_id, start_ms)
) WITHOUT ROWID, STRICT;
CREATE TABLE store_state (
  key TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID, STRICT;
`;

/** v2: persisted plan runs (STYLE.md P5) and runtime settings. */
const V2_SQL = `
CREATE TABLE plan_runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  schema_version INTEGER NOT NULL,
  generated_at_ms INTEGER NOT NULL,
  input_json TEXT NOT NULL,
  result_json TEXT NOT NULL
) STRICT;
CREATE TABLE settings (
  key TEXT PRIMARY KEY,
  value_json TEXT NOT NULL
) WITHOUT ROWID, STRICT;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, description: "samples, 1m/15m aggregates, rollup state", sql: V1_SQL },
  { version: 2, description: "plan runs and settings", sql: V2_SQL },
];

/** The database was written by a newer Sunshift; opening it could corrupt it, so we refuse. */
export class SchemaTooNewError extends PermanentError {
  constructor(
    readonly path: string,
    readonly fileVersion: number,
    readonly knownVersion: number,
  ) {
    super(
      `history database ${path} has schema version ${fileVersion}, but this Sunshift only knows ` +
        `versions up to ${knownVersion}; update the add-on or move the file away (it is not modified)`,
    );
  }
}

export interface MigrationOutcome {
  readonly fromVersion: number;
  readonly toVersion: number;
}

export function schemaVersion(db: Database): number {
  const v = db.pragma("user_version", { simple: true });
  return typeof v === "number" ? v : 0;
}

/**
 * Brings `db` to the last version of `migrations` (sorted, gap-free, starting at 1).
 * Throws SchemaTooNewError for a newer file; a failing migration throws and leaves the file at
 * the last version that completed.
 */
export function applyMigrations(
  db: Database,
  path: string,
  migrations: readonly Migration[],
  logger: Logger,
): MigrationOutcome {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new PermanentError(`migration list broken at index ${i}: version ${m.version}`);
  });
  const known = migrations.length;
  const fromVersion = schemaVersion(db);
  if (fromVersion > known) throw new SchemaTooNewError(path, fromVersion, known);
  for (const m of migrations.slice(fromVersion)) {
    // user_version lives in the file header page, so it commits or rolls back with the DDL.
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    logger.info("history store migrated", { version: m.version, description: m.description });
  }
  return { fromVersion, toVersion: known };
}
