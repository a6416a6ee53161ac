// Crash safety: a child process writes through the store and is killed with SIGKILL while
// writing; the file must pass integrity_check and hold every flush the child reported, and
// whole flushes only (a flush is one transaction).
import { spawn } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Sqlite from "better-sqlite3";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestStore, T0, tempDir, type TempDir } from "./support/temp-store.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const BATCH = 10_000;

type Phase = "flushing" | "flushed" | "maintaining";

interface ChildOutcome {
  /** Last atMs of the last flush the child reported as committed. */
  readonly lastFlushedAtMs: number | null;
  /** The last line the child wrote before it died. */
  readonly lastLine: string;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the writer and SIGKILLs it as soon as it announces step `phase k`. */
function runAndKill(bundle: string, dbPath: string, firstAtMs: number, phase: Phase, k: number): Promise<ChildOutcome> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [join(here, "support/crash-writer.mjs"), bundle, dbPath, String(firstAtMs), String(BATCH)], {
      env: { ...process.env, NODE_PATH: join(root, "node_modules") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let stderr = "";
    let lastFlushedAtMs: number | null = null;
    let lastLine = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const lines = out.split("\n");
      out = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^(\w+) (\d+) (\d+)$/.exec(line);
        if (m === null) continue;
        lastLine = line;
        if (m[1] === "flushed") lastFlushedAtMs = Number(m[3]);
        if (m[1] === phase && Number(m[2]) === k) child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", fail);
    child.on("exit", (_code, signal) => {
      done({ lastFlushedAtMs, lastLine, signal, stderr });
    });
  });
}

describe("crash safety (SIGKILL while writing)", () => {
  let tmp: TempDir;
  let bundle: string;

  beforeAll(async () => {
    tmp = tempDir();
    bundle = tmp.file("store.cjs");
    await build({
      entryPoints: [join(root, "addon/src/store/index.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      external: ["better-sqlite3"],
      outfile: bundle,
      logLevel: "silent",
    });
  });
  afterAll(() => {
    tmp.cleanup();
  });

  it("keeps every committed flush, only whole flushes, and a sound file, over four kills", async () => {
    const dbPath = tmp.file("crash.db");
    let next = T0;
    const kills: readonly (readonly [Phase, number])[] = [["flushing", 4], ["maintaining", 3], ["flushing", 7], ["flushed", 2]];
    let killedMidStep = 0;
    for (const [phase, k] of kills) {
      const outcome = await runAndKill(bundle, dbPath, next, phase, k);
      expect(outcome.stderr).toBe("");
      expect(outcome.signal).toBe("SIGKILL");
      // The kill lands while the announced step runs, unless the machine is slow to deliver it.
      if (outcome.lastLine.startsWith(`${phase} ${k} `)) killedMidStep++;
      const last = outcome.lastFlushedAtMs!;

      const db = new Sqlite(dbPath);
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      const count = (sql: string, ...p: number[]): number => db.prepare<number[], { n: number }>(sql).get(...p)!.n;
      // Every sample up to the last reported flush is there, for both series.
      expect(count("SELECT count(*) AS n FROM samples WHERE at_ms >= ? AND at_ms <= ?", T0, last)).toBe(2 * (last - T0 + 1));
      // A flush the kill interrupted is either absent or complete (one transaction).
      const total = count("SELECT count(*) AS n FROM samples");
      expect(total % (2 * BATCH)).toBe(0);
      expect(total - 2 * (last - T0 + 1)).toBeLessThanOrEqual(2 * BATCH);
      next = T0 + total / 2;
      db.close();
    }

    expect(killedMidStep).toBeGreaterThan(0);

    // The store opens the crashed file and keeps working on it.
    const { store } = openTestStore(dbPath, { rollupDelayMs: 0 });
    expect(store.samples("grid_w", next - 3, next + 10).map((s) => s.atMs)).toEqual([next - 3, next - 2, next - 1]);
    expect(store.maintain(next + 120_000).ok).toBe(true);
    expect(store.aggregates("load_w", "1m", T0, next + 120_000).reduce((n, a) => n + a.count, 0)).toBe(next - T0);
    expect(store.getSetting("flushes")).toBeGreaterThanOrEqual(3);
    expect(store.latestPlanRun()).not.toBeNull();
    store.close();
  });
});
