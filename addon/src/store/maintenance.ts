import type { Database, Statement, Transaction } from "better-sqlite3";
import type { EpochMs } from "../domain/time.js";
import { BUCKET_15M_MS, BUCKET_1M_MS, bucketStart, type ResolvedStoreOptions } from "./options.js";
import type { SeriesIds, StoreState } from "./state.js";

export type MaintainResult =
  | {
      readonly ok: true;
      /** 1-minute / 15-minute buckets written (new or redone) by this run. */
      readonly buckets1m: number;
      readonly buckets15m: number;
      /** Rows removed by retention. */
      readonly deletedSamples: number;
      readonly deleted1m: number;
      readonly deleted15m: number;
    }
  | { readonly ok: false; readonly error: string };

type RangeStatement = Statement<[number, number, number]>;

/**
 * Rollup + retention. Rollups are incremental: only buckets between the persisted watermark and
 * the last complete bucket are computed, per series, as index range scans. They are idempotent:
 * a bucket is recomputed from the finer level and replaces its row (INSERT OR REPLACE), so
 * redoing it (after a late sample, or a crash before the watermark committed) gives the same row.
 * Buckets are UTC epoch multiples; every real time zone offset is a multiple of 15 minutes, so a
 * 15-minute bucket is also a local quarter hour, with or without DST.
 */
export class Maintenance {
  private readonly rollup1m: RangeStatement;
  private readonly rollup15m: RangeStatement;
  private readonly deleteSamples: Statement<[number, number]>;
  private readonly delete1m: Statement<[number, number]>;
  private readonly delete15m: Statement<[number, number]>;
  private readonly runInTransaction: Transaction<(nowMs: EpochMs) => MaintainResult>;

  constructor(
    db: Database,
    private readonly ids: SeriesIds,
    private readonly state: StoreState,
    private readonly opts: ResolvedStoreOptions,
  ) {
    this.rollup1m = db.prepare<[number, number, number]>(`
      INSERT OR REPLACE INTO agg_1m (series_id, start_ms, sum_value, min_value, max_value, n)
      SELECT series_id, (at_ms / ${BUCKET_1M_MS}) * ${BUCKET_1M_MS} AS b, sum(value), min(value), max(value), count(*)
      FROM samples WHERE series_id = ? AND at_ms >= ? AND at_ms < ? GROUP BY b`);
    this.rollup15m = db.prepare<[number, number, number]>(`
      INSERT OR REPLACE INTO agg_15m (series_id, start_ms, sum_value, min_value, max_value, n)
      SELECT series_id, (start_ms / ${BUCKET_15M_MS}) * ${BUCKET_15M_MS} AS b,
             sum(sum_value), min(min_value), max(max_value), sum(n)
      FROM agg_1m WHERE series_id = ? AND start_ms >= ? AND start_ms < ? GROUP BY b`);
    this.deleteSamples = db.prepare<[number, number]>("DELETE FROM samples WHERE series_id = ? AND at_ms < ?");
    this.delete1m = db.prepare<[number, number]>("DELETE FROM agg_1m WHERE series_id = ? AND start_ms < ?");
    this.delete15m = db.prepare<[number, number]>("DELETE FROM agg_15m WHERE series_id = ? AND start_ms < ?");
    this.runInTransaction = db.transaction((nowMs: EpochMs) => this.runUnsafe(nowMs));
  }

  /** Rollup, then retention, in one transaction. Failures are returned, never thrown. */
  run(nowMs: EpochMs, onRollback: () => void): MaintainResult {
    try {
      return this.runInTransaction.immediate(nowMs);
    } catch (err) {
      onRollback();
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  private runUnsafe(nowMs: EpochMs): MaintainResult {
    const buckets1m = this.rollup("done_1m_ms", this.rollup1m, bucketStart(nowMs - this.opts.rollupDelayMs, BUCKET_1M_MS));
    // A 15-minute bucket is complete once every 1-minute bucket in it is.
    const buckets15m = this.rollup("done_15m_ms", this.rollup15m, bucketStart(this.state.get("done_1m_ms"), BUCKET_15M_MS));
    return { ok: true, buckets1m, buckets15m, ...this.retention(nowMs) };
  }

  private rollup(key: "done_1m_ms" | "done_15m_ms", stmt: RangeStatement, toMs: number): number {
    const fromMs = this.state.get(key);
    if (toMs <= fromMs) return 0;
    let changes = 0;
    for (const id of this.ids.allIds()) changes += stmt.run(id, fromMs, toMs).changes;
    this.state.set(key, toMs);
    return changes;
  }

  /**
   * Cutoffs are 15-minute aligned and never pass the rollup watermarks, and the 1-minute cutoff
   * never passes the raw one: a late sample (accepted only at or after the raw cutoff) can then
   * always redo its 1-minute and 15-minute buckets from complete data.
   */
  private retention(nowMs: EpochMs): { deletedSamples: number; deleted1m: number; deleted15m: number } {
    const rawCut = bucketStart(Math.min(nowMs - this.opts.rawRetentionMs, this.state.get("done_15m_ms")), BUCKET_15M_MS);
    const deletedSamples = this.deleteBefore(this.deleteSamples, "raw_cutoff_ms", rawCut);
    const minuteCut = bucketStart(
      Math.min(nowMs - this.opts.minuteRetentionMs, this.state.get("done_15m_ms"), this.state.get("raw_cutoff_ms")),
      BUCKET_15M_MS,
    );
    const deleted1m = this.deleteBefore(this.delete1m, null, minuteCut);
    const deleted15m = this.deleteBefore(this.delete15m, null, bucketStart(nowMs - this.opts.quarterRetentionMs, BUCKET_15M_MS));
    return { deletedSamples, deleted1m, deleted15m };
  }

  private deleteBefore(stmt: Statement<[number, number]>, cutoffKey: "raw_cutoff_ms" | null, cutMs: number): number {
    if (cutoffKey !== null && cutMs <= this.state.get(cutoffKey)) return 0;
    let changes = 0;
    for (const id of this.ids.allIds()) changes += stmt.run(id, cutMs).changes;
    if (cutoffKey !== null) this.state.set(cutoffKey, cutMs);
    return changes;
  }
}
