import type { Database, Statement } from "better-sqlite3";
import type { JsonValue, SettingsStore, StoreWriteResult } from "../domain/plan-run.js";
import { toJsonText } from "./plan-runs.js";

/** Runtime settings as JSON text per key; each write commits on its own. */
export class Settings implements SettingsStore {
  private readonly select: Statement<[string], { value_json: string }>;
  private readonly upsert: Statement<[string, string]>;
  private readonly remove: Statement<[string]>;

  constructor(db: Database) {
    this.select = db.prepare<[string], { value_json: string }>("SELECT value_json FROM settings WHERE key = ?");
    this.upsert = db.prepare<[string, string]>(
      "INSERT INTO settings (key, value_json) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json",
    );
    this.remove = db.prepare<[string]>("DELETE FROM settings WHERE key = ?");
  }

  getSetting(key: string): JsonValue | undefined {
    const row = this.select.get(key);
    return row === undefined ? undefined : (JSON.parse(row.value_json) as JsonValue);
  }

  setSetting(key: string, value: JsonValue): StoreWriteResult {
    const text = toJsonText(value, `setting ${key}`);
    if (!text.ok) return text;
    return this.write(() => this.upsert.run(key, text.text));
  }

  deleteSetting(key: string): StoreWriteResult {
    return this.write(() => this.remove.run(key));
  }

  private write(fn: () => unknown): StoreWriteResult {
    try {
      fn();
      return { ok: true };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }
}
