import type { Database, Statement, Transaction } from "better-sqlite3";
import type { PlanRun, PlanRunStore, SavePlanRunResult, StoredPlanRun } from "../domain/plan-run.js";

interface PlanRunRow {
  readonly id: number;
  readonly schema_version: number;
  readonly generated_at_ms: number;
  readonly input_json: string;
  readonly result_json: string;
}

/** JSON text of `value`, or an error message when it has no JSON form (undefined, cycles, BigInt). */
export function toJsonText(value: unknown, what: string): { ok: true; text: string } | { ok: false; error: string } {
  try {
    const text = JSON.stringify(value) as string | undefined;
    return text === undefined ? { ok: false, error: `${what} is not JSON-serializable` } : { ok: true, text };
  } catch (err) {
    return { ok: false, error: `${what} is not JSON-serializable: ${err instanceof Error ? err.message : String(err)}` };
  }
}

function fromRow(row: PlanRunRow): StoredPlanRun {
  return {
    id: row.id,
    schemaVersion: row.schema_version,
    generatedAtMs: row.generated_at_ms,
    input: JSON.parse(row.input_json) as unknown,
    result: JSON.parse(row.result_json) as unknown,
  };
}

/** Plan runs (STYLE.md P5): each save is its own transaction and prunes to the newest `kept`. */
export class PlanRuns implements PlanRunStore {
  private readonly insert: Statement<[number, number, string, string]>;
  private readonly prune: Statement<[number]>;
  private readonly newest: Statement<[number], PlanRunRow>;
  private readonly saveTx: Transaction<(run: PlanRun, inputJson: string, resultJson: string) => number>;

  constructor(
    db: Database,
    private readonly kept: number,
  ) {
    this.insert = db.prepare<[number, number, string, string]>(
      "INSERT INTO plan_runs (schema_version, generated_at_ms, input_json, result_json) VALUES (?, ?, ?, ?)",
    );
    this.prune = db.prepare<[number]>(
      "DELETE FROM plan_runs WHERE id NOT IN (SELECT id FROM plan_runs ORDER BY id DESC LIMIT ?)",
    );
    this.newest = db.prepare<[number], PlanRunRow>(
      "SELECT id, schema_version, generated_at_ms, input_json, result_json FROM plan_runs ORDER BY id DESC LIMIT ?",
    );
    this.saveTx = db.transaction((run: PlanRun, inputJson: string, resultJson: string) => {
      const id = Number(this.insert.run(run.schemaVersion, run.generatedAtMs, inputJson, resultJson).lastInsertRowid);
      this.prune.run(this.kept);
      return id;
    });
  }

  savePlanRun(run: PlanRun): SavePlanRunResult {
    const input = toJsonText(run.input, "plan run input");
    if (!input.ok) return input;
    const result = toJsonText(run.result, "plan run result");
    if (!result.ok) return result;
    if (!Number.isSafeInteger(run.schemaVersion) || !Number.isFinite(run.generatedAtMs)) {
      return { ok: false, error: "plan run schemaVersion must be an integer and generatedAtMs finite" };
    }
    try {
      return { ok: true, id: this.saveTx.immediate(run, input.text, result.text) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  latestPlanRun(): StoredPlanRun | null {
    const row = this.newest.get(1);
    return row === undefined ? null : fromRow(row);
  }

  planRuns(limit: number): readonly StoredPlanRun[] {
    if (!Number.isSafeInteger(limit) || limit <= 0) return [];
    return this.newest.all(limit).map(fromRow);
  }
}
