import type { Database, Statement } from "better-sqlite3";
import type { SeriesKey } from "../domain/history.js";

/**
 * Rollup bookkeeping persisted in `store_state`, cached in memory (one connection owns the file).
 * Invariants: every 1-minute bucket starting before `done1mMs` is rolled up from raw, every
 * 15-minute bucket before `done15mMs` from the 1-minute table; no raw sample before
 * `rawCutoffMs` exists any more (and none may be written: its bucket could not be redone).
 */
export type StateKey = "done_1m_ms" | "done_15m_ms" | "raw_cutoff_ms";

export class StoreState {
  private readonly values = new Map<StateKey, number>();
  private readonly upsert: Statement<[StateKey, number]>;

  constructor(db: Database) {
    this.upsert = db.prepare<[StateKey, number]>(
      "INSERT INTO store_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    );
    this.reload(db);
  }

  get(key: StateKey): number {
    return this.values.get(key) ?? 0;
  }

  /** Writes through; call inside the transaction whose work it records. */
  set(key: StateKey, value: number): void {
    this.upsert.run(key, value);
    this.values.set(key, value);
  }

  /** Forget the cache after a rolled-back transaction, so memory matches the file again. */
  reload(db: Database): void {
    this.values.clear();
    const rows = db.prepare<[], { key: string; value: number }>("SELECT key, value FROM store_state").all();
    for (const row of rows) {
      if (row.key === "done_1m_ms" || row.key === "done_15m_ms" || row.key === "raw_cutoff_ms") {
        this.values.set(row.key, row.value);
      }
    }
  }
}

/** Series key ↔ small integer id, so the big tables store 1–2 bytes instead of the key text. */
export class SeriesIds {
  private readonly byKey = new Map<string, number>();
  private readonly insert: Statement<[string]>;
  private readonly select: Statement<[string], { id: number }>;

  constructor(db: Database) {
    this.insert = db.prepare<[string]>("INSERT OR IGNORE INTO series (key) VALUES (?)");
    this.select = db.prepare<[string], { id: number }>("SELECT id FROM series WHERE key = ?");
    this.reload(db);
  }

  /** Re-read the dictionary (after a rolled-back transaction that may have added ids). */
  reload(db: Database): void {
    this.byKey.clear();
    for (const row of db.prepare<[], { id: number; key: string }>("SELECT id, key FROM series").all()) {
      this.byKey.set(row.key, row.id);
    }
  }

  /** Id of a known series, or undefined (reads never create series). */
  lookup(key: SeriesKey): number | undefined {
    return this.byKey.get(key);
  }

  /** Id of `key`, creating it; call inside a write transaction. */
  ensure(key: SeriesKey): number {
    const known = this.byKey.get(key);
    if (known !== undefined) return known;
    this.insert.run(key);
    const row = this.select.get(key);
    if (row === undefined) throw new Error(`series ${key} vanished after insert`);
    this.byKey.set(key, row.id);
    return row.id;
  }

  allIds(): readonly number[] {
    return [...this.byKey.values()];
  }
}
