import type { Database, Statement, Transaction } from "better-sqlite3";
import type { Sample } from "../domain/history.js";
import type { Logger } from "../domain/log.js";
import { BUCKET_15M_MS, BUCKET_1M_MS, bucketStart } from "./options.js";
import type { SeriesIds, StateKey, StoreState } from "./state.js";

export type FlushResult =
  | {
      readonly ok: true;
      /** Samples written by this flush. */
      readonly written: number;
      /** Samples older than the raw retention cutoff, discarded (their buckets are final). */
      readonly tooOld: number;
    }
  | { readonly ok: false; readonly error: string; readonly pending: number };

/**
 * Buffers samples in memory and writes them in one transaction per flush (one fsync-free WAL
 * commit with synchronous=NORMAL). A sample landing in an already rolled-up bucket rewinds the
 * rollup watermark, so the next `maintain` redoes that bucket from raw.
 */
export class SampleWriter {
  private buffer: Sample[] = [];
  private droppedOverflow = 0;
  private droppedInvalid = 0;
  private readonly insert: Statement<[number, number, number]>;
  private readonly writeBatch: Transaction<(batch: readonly Sample[]) => { written: number; tooOld: number }>;

  constructor(
    private readonly db: Database,
    private readonly ids: SeriesIds,
    private readonly state: StoreState,
    private readonly logger: Logger,
    private readonly maxBuffered: number,
  ) {
    // A second sample for the same series and instant replaces the first (re-sent state).
    this.insert = db.prepare<[number, number, number]>(
      "INSERT OR REPLACE INTO samples (series_id, at_ms, value) VALUES (?, ?, ?)",
    );
    this.writeBatch = db.transaction((batch: readonly Sample[]) => this.writeInTransaction(batch));
  }

  /** Never throws: non-finite samples are counted and skipped; overflow drops the oldest. */
  append(samples: readonly Sample[]): void {
    for (const s of samples) {
      if (!Number.isFinite(s.value) || !Number.isFinite(s.atMs)) {
        this.droppedInvalid++;
        continue;
      }
      this.buffer.push({ series: s.series, atMs: Math.round(s.atMs), value: s.value });
    }
    this.trimToCap();
  }

  pending(): number {
    return this.buffer.length;
  }

  dropped(): { readonly overflow: number; readonly invalid: number } {
    return { overflow: this.droppedOverflow, invalid: this.droppedInvalid };
  }

  /** Writes the whole buffer in one transaction; on failure keeps it for the next flush. */
  flush(): FlushResult {
    if (this.buffer.length === 0) return { ok: true, written: 0, tooOld: 0 };
    const batch = this.buffer;
    this.buffer = [];
    try {
      const { written, tooOld } = this.writeBatch.immediate(batch);
      if (tooOld > 0) this.logger.warn("history: samples older than raw retention discarded", { count: tooOld });
      return { ok: true, written, tooOld };
    } catch (err) {
      // The transaction rolled back: restore memory caches and retry these samples next time.
      this.state.reload(this.db);
      this.ids.reload(this.db);
      this.buffer = batch.concat(this.buffer);
      this.trimToCap();
      const error = err instanceof Error ? err.message : String(err);
      this.logger.warn("history: flush failed, samples kept for retry", { error, pending: this.buffer.length });
      return { ok: false, error, pending: this.buffer.length };
    }
  }

  private writeInTransaction(batch: readonly Sample[]): { written: number; tooOld: number } {
    const cutoffMs = this.state.get("raw_cutoff_ms");
    let minAtMs = Number.POSITIVE_INFINITY;
    let written = 0;
    for (const s of batch) {
      if (s.atMs < cutoffMs) continue;
      this.insert.run(this.ids.ensure(s.series), s.atMs, s.value);
      minAtMs = Math.min(minAtMs, s.atMs);
      written++;
    }
    if (written > 0) {
      this.rewind("done_1m_ms", BUCKET_1M_MS, minAtMs);
      this.rewind("done_15m_ms", BUCKET_15M_MS, minAtMs);
    }
    return { written, tooOld: batch.length - written };
  }

  private rewind(key: StateKey, bucketMs: number, minAtMs: number): void {
    if (minAtMs < this.state.get(key)) this.state.set(key, bucketStart(minAtMs, bucketMs));
  }

  private trimToCap(): void {
    const excess = this.buffer.length - this.maxBuffered;
    if (excess <= 0) return;
    this.buffer.splice(0, excess);
    this.droppedOverflow += excess;
    this.logger.warn("history: sample buffer full, oldest samples dropped", { dropped: excess });
  }
}
