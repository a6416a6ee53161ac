// Schema migrations: fresh file, upgrade of a v1 file written by this test, refusal of a newer
// file, rollback of a failing migration, option validation.
import Sqlite from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { ConfigError, PermanentError } from "../../addon/src/domain/errors.js";
import { applyMigrations, MIGRATIONS, SchemaTooNewError, schemaVersion } from "../../addon/src/store/migrations.js";
import { openTestStore, recordingLogger, T0, MIN, withTempDir } from "./support/temp-store.js";

/** The v1 schema exactly as it shipped (frozen here on purpose: it is what old files contain). */
const V1_AS_SHIPPED = `
CREATE TABLE series (id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE) STRICT;
CREATE TABLE samples (series_id INTEGER NOT NULL, at_ms INTEGER NOT NULL, value REAL NOT NULL,
  PRIMARY KEY (series_id, at_ms)) WITHOUT ROWID, STRICT;
CREATE TABLE agg_1m (series_id INTEGER NOT NULL, start_ms INTEGER NOT NULL, sum_value REAL NOT NULL,
  min_value REAL NOT NULL, max_value REAL NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (series_id, start_ms)) WITHOUT ROWID, STRICT;
CREATE TABLE agg_15m (series_id INTEGER NOT NULL, start_ms INTEGER NOT NULL, sum_value REAL NOT NULL,
  min_value REAL NOT NULL, max_value REAL NOT NULL, n INTEGER NOT NULL,
  PRIMARY KEY (series_id, start_ms)) WITHOUT ROWID, STRICT;
CREATE TABLE store_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID, STRICT;
PRAGMA user_version = 1;
`;

function tableNames(path: string): string[] {
  const db = new Sqlite(path, { readonly: true });
  try {
    return db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
      .all()
      .map((r) => r.name);
  } finally {
    db.close();
  }
}

describe("history store migrations", () => {
  const tmpDir = withTempDir();

  it("creates a fresh file at the latest version in WAL mode", () => {
    const path = tmpDir().file("fresh.db");
    const { store, log } = openTestStore(path);
    expect(store.stats().schemaVersion).toBe(MIGRATIONS.length);
    store.close();
    expect(tableNames(path)).toEqual(
      ["agg_15m", "agg_1m", "plan_runs", "samples", "series", "settings", "sqlite_sequence", "store_state"],
    );
    const db = new Sqlite(path);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    const migratedTo = log.lines.filter((l) => l.msg === "history store migrated").map((l) => l.fields?.["version"]);
    expect(migratedTo).toEqual([1, 2]);
  });

  it("upgrades a v1 file written by an older version and keeps its data", () => {
    const path = tmpDir().file("v1.db");
    const old = new Sqlite(path);
    old.exec(V1_AS_SHIPPED);
    old.exec(`INSERT INTO series (id, key) VALUES (1, 'grid_w');
      INSERT INTO samples VALUES (1, ${T0}, 100), (1, ${T0 + 1000}, 300);
      INSERT INTO agg_15m VALUES (1, ${T0 - 15 * MIN}, 900, 10, 50, 30);
      INSERT INTO store_state VALUES ('done_1m_ms', ${T0}), ('done_15m_ms', ${T0});`);
    old.close();

    const { store } = openTestStore(path, { rollupDelayMs: 0 });
    expect(store.stats().schemaVersion).toBe(2);
    expect(store.samples("grid_w", T0, T0 + MIN).map((s) => s.value)).toEqual([100, 300]);
    expect(store.aggregates("grid_w", "15m", T0 - 15 * MIN, T0)).toEqual([
      { series: "grid_w", startMs: T0 - 15 * MIN, mean: 30, min: 10, max: 50, count: 30 },
    ]);
    // The v2 tables work, and the v1 watermark was honoured: the rollup starts at T0.
    expect(store.setSetting("mode", "auto")).toEqual({ ok: true });
    expect(store.savePlanRun({ schemaVersion: 1, generatedAtMs: T0, input: {}, result: {} }).ok).toBe(true);
    const done = store.maintain(T0 + MIN);
    expect(done).toMatchObject({ ok: true, buckets1m: 1 });
    expect(store.aggregates("grid_w", "1m", T0, T0 + MIN)).toEqual([
      { series: "grid_w", startMs: T0, mean: 200, min: 100, max: 300, count: 2 },
    ]);
    store.close();
  });

  it("refuses a file from a newer version with a clear error and leaves it untouched", () => {
    const path = tmpDir().file("future.db");
    const future = new Sqlite(path);
    future.exec("CREATE TABLE from_the_future (x INTEGER); PRAGMA user_version = 7;");
    future.close();

    let caught: unknown;
    try {
      openTestStore(path);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SchemaTooNewError);
    expect(caught).toBeInstanceOf(PermanentError);
    expect((caught as SchemaTooNewError).fileVersion).toBe(7);
    expect((caught as Error).message).toContain("schema version 7");
    expect((caught as Error).message).toContain(`up to ${MIGRATIONS.length}`);
    expect(tableNames(path)).toEqual(["from_the_future"]);
  });

  it("rolls a failing migration back completely and keeps the previous version", () => {
    const path = tmpDir().file("broken.db");
    openTestStore(path).store.close();
    const broken = [
      ...MIGRATIONS,
      { version: 3, description: "half-good", sql: "CREATE TABLE added_by_v3 (x INTEGER); INSERT INTO nope VALUES (1);" },
    ];
    const db = new Sqlite(path);
    expect(() => applyMigrations(db, path, broken, recordingLogger())).toThrow(/no such table: nope/);
    expect(schemaVersion(db)).toBe(2);
    db.close();
    expect(tableNames(path)).not.toContain("added_by_v3");
  });

  it("rejects a migration list with a gap", () => {
    const db = new Sqlite(":memory:");
    const gap = [MIGRATIONS[0]!, { version: 3, description: "gap", sql: "" }];
    expect(() => applyMigrations(db, ":memory:", gap, recordingLogger())).toThrow(/index 1: version 3/);
    db.close();
  });

  it("lists every invalid option at once", () => {
    let caught: unknown;
    try {
      openTestStore(tmpDir().file("x.db"), { rawRetentionMs: -1, planRunsKept: 0, quarterRetentionMs: 1000 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).problems).toEqual([
      "store.rawRetentionMs: must be a positive integer (got -1)",
      "store.planRunsKept: must be a positive integer (got 0)",
      "store.quarterRetentionMs: must be ≥ minuteRetentionMs",
    ]);
  });
});
