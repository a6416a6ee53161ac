// The export spool (addon/src/export/spool.ts): order, ack, the size bound with dropped-oldest
// counting, persistence across reopening, and the in-flight batch re-sent after a crash.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSpool, type Spool, type SpoolBatch } from "../../addon/src/export/index.js";
import { silentLogger, type Logger } from "../../addon/src/domain/index.js";

let dir: string;
const opened: Spool[] = [];

function open(maxBytes = 1_000_000, logger: Logger = silentLogger): Spool {
  const spool = openSpool({ path: join(dir, "spool.db"), maxBytes, logger });
  opened.push(spool);
  return spool;
}

/** Lines of a fixed 20 bytes (+1 newline each): `m v=000001 000000001`. */
const line = (i: number): string => `m v=${String(i).padStart(6, "0")} ${String(i).padStart(9, "0")}`;
const lines = (from: number, n: number): string[] => Array.from({ length: n }, (_, k) => line(from + k));

function oldest(spool: Spool, n: number): SpoolBatch {
  const batch = spool.peek(n);
  if (batch === null) throw new Error("spool is empty");
  return batch;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sunshift-spool-"));
});
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("spool", () => {
  it("is empty at first", () => {
    expect(open().peek(10)).toBeNull();
  });

  it("hands lines out in append order, batch by batch, and forgets them on ack", () => {
    const spool = open();
    spool.append(lines(1, 5));
    spool.append(lines(6, 3));
    const a = oldest(spool, 4);
    expect(a.lines).toEqual(lines(1, 4));
    expect(spool.peek(4)?.lines, "peek does not consume").toEqual(lines(1, 4));
    spool.ack(a);
    expect(spool.peek(100)?.lines).toEqual(lines(5, 4));
    expect(spool.stats()).toMatchObject({ pendingPoints: 4, pendingBytes: 4 * 21, droppedPoints: 0 });
  });

  it("keeps everything unacknowledged across close and reopen", () => {
    const first = open();
    first.append(lines(1, 10));
    const batch = oldest(first, 3);
    first.ack(batch);
    first.close();
    const second = open();
    expect(second.pending()).toBe(7);
    expect(second.peek(100)?.lines).toEqual(lines(4, 7));
  });

  it("re-sends a batch that was in flight when the process ended, and counts it as resent", () => {
    const first = open();
    first.append(lines(1, 6));
    const batch = oldest(first, 4);
    first.markInFlight(batch);
    first.close(); // crash: written to InfluxDB (maybe) but never acknowledged
    const second = open();
    expect(second.stats()).toMatchObject({ pendingPoints: 6, resentPoints: 4 });
    expect(second.peek(4)?.lines, "the same lines again: InfluxDB overwrites them identically").toEqual(batch.lines);
    second.close();
    expect(open().stats().resentPoints, "counted once, not on every open").toBe(4);
  });

  it("when over its bound drops the oldest down to 90 %, counts them and warns", () => {
    const warnings: Readonly<Record<string, unknown>>[] = [];
    const logger: Logger = { ...silentLogger, warn: (_m, f) => warnings.push(f ?? {}) };
    const spool = open(21 * 100, logger); // room for 100 lines
    for (let i = 0; i < 10; i++) spool.append(lines(1 + i * 10, 10));
    expect(spool.stats()).toMatchObject({ pendingPoints: 100, droppedPoints: 0 });
    expect(warnings).toHaveLength(0);
    spool.append(lines(101, 1)); // 101 lines > bound → keep ≤ 90 lines (1890 bytes)
    expect(spool.stats()).toMatchObject({ pendingPoints: 90, pendingBytes: 90 * 21, droppedPoints: 11 });
    expect(spool.peek(1)?.lines).toEqual([line(12)]);
    expect(warnings).toEqual([expect.objectContaining({ dropped: 11, droppedTotal: 11, pending: 90 })]);
    for (let i = 0; i < 10; i++) spool.append(lines(102 + i, 1)); // fills to 100 again: no trim yet
    expect(spool.stats().droppedPoints).toBe(11);
    spool.append(lines(200, 1));
    expect(spool.stats()).toMatchObject({ pendingPoints: 90, droppedPoints: 22 });
    expect(warnings).toHaveLength(2);
  });

  it("gives the disk space back once a large backlog is sent", () => {
    const spool = open(100_000_000);
    for (let i = 0; i < 100; i++) spool.append(lines(1 + i * 500, 500));
    const fileBytes = (): number => ["spool.db", "spool.db-wal"].reduce((sum, f) => {
      try {
        return sum + statSync(join(dir, f)).size;
      } catch {
        return sum;
      }
    }, 0);
    expect(fileBytes()).toBeGreaterThan(1_000_000);
    for (let batch = spool.peek(5000); batch !== null; batch = spool.peek(5000)) spool.ack(batch);
    expect(fileBytes()).toBeLessThan(100_000);
    spool.append(lines(1, 1));
    expect(spool.peek(10)?.lines).toEqual([line(1)]);
  });

  it("an ack for lines already dropped by the bound changes nothing twice", () => {
    const spool = open(21 * 10);
    spool.append(lines(1, 5));
    const batch = oldest(spool, 5);
    spool.markInFlight(batch);
    spool.append(lines(6, 8)); // 13 lines > 10 → trimmed to 9: lines 1–4 gone while "in flight"
    expect(spool.stats()).toMatchObject({ pendingPoints: 9, droppedPoints: 4 });
    spool.ack(batch); // removes line 5 only
    expect(spool.stats()).toMatchObject({ pendingPoints: 8, pendingBytes: 8 * 21 });
    expect(spool.peek(100)?.lines).toEqual(lines(6, 8));
  });
});
