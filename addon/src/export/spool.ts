import Sqlite, { type Database, type Statement } from "better-sqlite3";
import type { Logger } from "../domain/log.js";

/**
 * The disk spool of the InfluxDB export: every point is written here (as its line of line
 * protocol) before it is sent, and deleted only when InfluxDB acknowledged it, so the spool is
 * the source of truth and survives restarts and crashes. SQLite (WAL, synchronous=NORMAL): a
 * committed append survives a killed process.
 *
 * Exactly once: lines are immutable and sent in `seq` order; a batch is marked in flight before
 * it is sent and removed with its ack in one transaction. A crash between InfluxDB's write and
 * our ack re-sends the same lines after the restart, which InfluxDB stores as an identical
 * overwrite (same measurement, tags and timestamp); `resentPoints` counts such lines.
 *
 * Bounded: when the lines exceed `maxBytes`, the oldest are deleted down to 90 % of it (so a
 * full spool trims rarely, not on every append), counted in `droppedPoints` and warned about.
 */
export interface SpoolBatch {
  readonly firstSeq: number;
  readonly lastSeq: number;
  readonly lines: readonly string[];
}

export interface SpoolStats {
  /** Points waiting to be sent. */
  readonly pendingPoints: number;
  /** Bytes of line protocol waiting (UTF-8, one newline each). */
  readonly pendingBytes: number;
  /** Points deleted unsent because the spool was full, since the spool file was created. */
  readonly droppedPoints: number;
  /** Lines sent again because a crash may have hit between InfluxDB's write and our ack. */
  readonly resentPoints: number;
}

export interface Spool {
  /** Appends lines in order, in one transaction; trims the oldest when over the bound. */
  append(lines: readonly string[]): void;
  /** The oldest up to `limit` lines, or null when the spool is empty. */
  peek(limit: number): SpoolBatch | null;
  /** Records that `batch` is being sent (a restart re-sends it, counted as resent). */
  markInFlight(batch: SpoolBatch): void;
  /** Deletes the batch's lines (InfluxDB has them, or refused them for good). */
  ack(batch: SpoolBatch): void;
  /** Points waiting (cheap: kept in memory). */
  pending(): number;
  stats(): SpoolStats;
  close(): void;
}

export interface SpoolOptions {
  readonly path: string;
  readonly maxBytes: number;
  readonly logger: Logger;
}

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS lines (seq INTEGER PRIMARY KEY AUTOINCREMENT, line TEXT NOT NULL, size INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

type MetaKey = "dropped_points" | "resent_points" | "in_flight_last_seq";

/** Fraction of `maxBytes` a full spool is trimmed down to. */
const TRIM_TO = 0.9;
/** Free pages (4 KiB) above which an emptied spool is compacted. */
const COMPACT_FREE_PAGES = 256;

export function openSpool(opts: SpoolOptions): Spool {
  const db = new Sqlite(opts.path);
  // Only takes effect on a new file: lets an emptied spool give its pages back (see compact()).
  db.pragma("auto_vacuum = INCREMENTAL");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.exec(SCHEMA);
  return new SqliteSpool(db, opts);
}

class SqliteSpool implements Spool {
  private points = 0;
  private bytes = 0;
  /** Mirrors of the meta counters, so stats() never touches the file (works after close). */
  private dropped = 0;
  private resent = 0;
  private readonly insert: Statement<[string, number]>;
  private readonly getMeta: Statement<[MetaKey], { value: number }>;
  private readonly setMeta: Statement<[MetaKey, number]>;
  private readonly sizeUpTo: Statement<[number], { n: number; b: number | null }>;
  private readonly deleteUpTo: Statement<[number]>;
  private readonly oldest: Statement<[number], { seq: number; line: string }>;
  private readonly bySeq: Statement<[], { seq: number; size: number }>;

  constructor(
    private readonly db: Database,
    private readonly opts: SpoolOptions,
  ) {
    this.insert = db.prepare("INSERT INTO lines (line, size) VALUES (?, ?)");
    this.getMeta = db.prepare("SELECT value FROM meta WHERE key = ?");
    this.setMeta = db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    this.sizeUpTo = db.prepare("SELECT COUNT(*) AS n, SUM(size) AS b FROM lines WHERE seq <= ?");
    this.deleteUpTo = db.prepare("DELETE FROM lines WHERE seq <= ?");
    this.oldest = db.prepare("SELECT seq, line FROM lines ORDER BY seq LIMIT ?");
    this.bySeq = db.prepare("SELECT seq, size FROM lines ORDER BY seq");
    const totals = db.prepare<[], { n: number; b: number | null }>("SELECT COUNT(*) AS n, SUM(size) AS b FROM lines").get();
    this.points = totals?.n ?? 0;
    this.bytes = totals?.b ?? 0;
    this.dropped = this.meta("dropped_points");
    this.resent = this.meta("resent_points");
    this.recoverInFlight();
  }

  append(lines: readonly string[]): void {
    if (lines.length === 0) return;
    let bytes = 0;
    this.db.transaction(() => {
      for (const line of lines) {
        const size = Buffer.byteLength(line, "utf8") + 1;
        this.insert.run(line, size);
        bytes += size;
      }
    })();
    // Counters change only once the transaction committed (a throw above leaves them right).
    this.points += lines.length;
    this.bytes += bytes;
    if (this.bytes > this.opts.maxBytes) this.trim();
  }

  peek(limit: number): SpoolBatch | null {
    const rows = this.oldest.all(Math.max(1, limit));
    const first = rows[0];
    const last = rows.at(-1);
    if (first === undefined || last === undefined) return null;
    return { firstSeq: first.seq, lastSeq: last.seq, lines: rows.map((r) => r.line) };
  }

  markInFlight(batch: SpoolBatch): void {
    this.setMeta.run("in_flight_last_seq", batch.lastSeq);
  }

  ack(batch: SpoolBatch): void {
    const gone = this.db.transaction(() => {
      this.setMeta.run("in_flight_last_seq", 0);
      return this.removeUpTo(batch.lastSeq);
    })();
    this.forget(gone);
    if (this.points === 0) this.compact();
  }

  pending(): number {
    return this.points;
  }

  stats(): SpoolStats {
    return { pendingPoints: this.points, pendingBytes: this.bytes, droppedPoints: this.dropped, resentPoints: this.resent };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private meta(key: MetaKey): number {
    return this.getMeta.get(key)?.value ?? 0;
  }

  /** Deletes every line with seq ≤ `lastSeq` (inside the caller's transaction); returns what went. */
  private removeUpTo(lastSeq: number): { readonly n: number; readonly b: number } {
    const gone = this.sizeUpTo.get(lastSeq);
    const n = gone?.n ?? 0;
    if (n > 0) this.deleteUpTo.run(lastSeq);
    return { n, b: gone?.b ?? 0 };
  }

  private forget(gone: { readonly n: number; readonly b: number }): void {
    this.points -= gone.n;
    this.bytes -= gone.b;
  }

  /** Deletes the oldest lines until the spool is at most TRIM_TO of its bound. */
  private trim(): void {
    const target = this.opts.maxBytes * TRIM_TO;
    let bytes = this.bytes;
    let lastSeq = 0;
    for (const row of this.bySeq.iterate()) {
      if (bytes <= target) break;
      bytes -= row.size;
      lastSeq = row.seq;
    }
    const before = this.dropped;
    const gone = this.db.transaction(() => {
      const removed = this.removeUpTo(lastSeq);
      this.setMeta.run("dropped_points", before + removed.n);
      return removed;
    })();
    this.forget(gone);
    this.dropped = before + gone.n;
    this.opts.logger.warn("influxdb: export spool full, oldest points dropped", {
      dropped: gone.n,
      droppedTotal: this.dropped,
      spoolMaxMb: Math.round((this.opts.maxBytes / 1_048_576) * 10) / 10,
      pending: this.points,
    });
  }

  /**
   * After a backlog is sent, shrink the file again (free pages, then the write-ahead log), so an
   * outage does not leave a large file behind. Only when more than ~1 MB is free: in steady
   * state (a few points per drain) this does nothing.
   */
  private compact(): void {
    const freePages = Number(this.db.pragma("freelist_count", { simple: true }));
    if (freePages < COMPACT_FREE_PAGES) return;
    this.db.pragma("incremental_vacuum");
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  /** A batch was in flight when the last process ended: it is re-sent first (identical overwrite). */
  private recoverInFlight(): void {
    const lastSeq = this.meta("in_flight_last_seq");
    if (lastSeq <= 0) return;
    const n = this.sizeUpTo.get(lastSeq)?.n ?? 0;
    this.resent += n;
    this.setMeta.run("resent_points", this.resent);
    this.setMeta.run("in_flight_last_seq", 0);
    if (n > 0) this.opts.logger.info("influxdb: re-sending a batch that was in flight at shutdown (InfluxDB overwrites it identically)", { points: n });
  }
}
