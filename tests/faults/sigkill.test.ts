// Sunshift killed with SIGKILL while it writes (issue 8 §2): a child process runs the simulated
// home and the full service (SQLite store flushing every 10 s of home time, plans every 15 min),
// is killed at an arbitrary instant and restarted on the same data directory, three times.
// After each kill the database passes integrity_check, at most one minute of readings is lost,
// and after each restart the service plans again and its readings continue in the same file.
// Household data: addon/data/emhass-long-train-data.csv (EMHASS, MIT), prices
// addon/data/awattar-at-dayahead-hourly-2024-2025.csv.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Sqlite from "better-sqlite3";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

interface Progress {
  readonly atMs: number;
  readonly plans: number;
  readonly current: boolean;
}

interface Killed {
  readonly signal: NodeJS.Signals | null;
  readonly last: Progress | null;
  readonly stderr: string;
}

/** Runs the child until it has reported `minutes` minutes of home time, then SIGKILLs it a few ms later. */
function runAndKill(bundle: string, dataDir: string, startAt: string, minutes: number, delayMs: number): Promise<Killed> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [bundle, dataDir, startAt, join(root, "addon/data")], {
      cwd: root,
      env: { ...process.env, NODE_PATH: join(root, "node_modules") },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buf = "";
    let stderr = "";
    let seen = 0;
    let last: Progress | null = null;
    child.stdout.on("data", (chunk: Buffer) => {
      buf += chunk.toString();
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^at (\d+) (\d+) ([01])$/.exec(line);
        if (m === null) continue;
        last = { atMs: Number(m[1]), plans: Number(m[2]), current: m[3] === "1" };
        if (++seen === minutes) setTimeout(() => child.kill("SIGKILL"), delayMs);
      }
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", fail);
    child.on("exit", (_code, signal) => {
      done({ signal, last, stderr });
    });
  });
}

function inspect(dbPath: string): { integrity: unknown; lastGridAtMs: number | null; samples: number; planRuns: number } {
  const db = new Sqlite(dbPath, { readonly: true });
  try {
    const integrity = db.pragma("integrity_check", { simple: true });
    const grid = db.prepare<[], { at: number | null; n: number }>("SELECT max(at_ms) AS at, count(*) AS n FROM samples WHERE series_id = (SELECT id FROM series WHERE key = 'grid_w')").get();
    const all = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM samples").get();
    const runs = db.prepare<[], { n: number }>("SELECT count(*) AS n FROM plan_runs").get();
    return { integrity, lastGridAtMs: grid?.at ?? null, samples: all?.n ?? 0, planRuns: runs?.n ?? 0 };
  } finally {
    db.close();
  }
}

describe("SIGKILL during writes, restart on the same data directory", () => {
  let dir: string;
  let bundle: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "sunshift-kill-"));
    bundle = join(dir, "kill-child.cjs");
    await build({
      entryPoints: [join(root, "tests/faults/support/kill-child.ts")],
      bundle: true,
      platform: "node",
      format: "cjs",
      target: "node20",
      packages: "external",
      outfile: bundle,
      logLevel: "silent",
    });
  }, 30_000);

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps the database sound, loses at most a minute of readings, and plans again after each restart", async () => {
    const dataDir = join(dir, "data");
    const dbPath = join(dataDir, "sunshift.db");
    let startAt = "2024-06-15T09:00:00Z";
    let samplesBefore = 0;
    let planRunsBefore = 0;
    // Kill after 4, 6 and 5 minutes of home time, 0–40 ms after the report: mid-flush or between.
    for (const [minutes, delayMs] of [[4, 0], [6, 17], [5, 40]] as const) {
      const killed = await runAndKill(bundle, dataDir, startAt, minutes, delayMs);
      expect(killed.stderr).toBe("");
      expect(killed.signal).toBe("SIGKILL");
      const last = killed.last;
      if (last === null) throw new Error("the child reported no progress");
      // The plan resumed: the (re)started service made plans and has a current one.
      expect(last.plans).toBeGreaterThan(0);
      expect(last.current).toBe(true);
      const db = inspect(dbPath);
      expect(db.integrity).toBe("ok");
      if (db.lastGridAtMs === null) throw new Error("no grid readings stored");
      // At most one minute of readings lost (the store flushes every 10 s of home time).
      expect(last.atMs - db.lastGridAtMs).toBeLessThanOrEqual(60_000);
      // Nothing stored before the kill went missing; the new run added to the same file.
      expect(db.samples).toBeGreaterThan(samplesBefore);
      expect(db.planRuns).toBeGreaterThan(planRunsBefore);
      samplesBefore = db.samples;
      planRunsBefore = db.planRuns;
      // Home time goes on where the killed process was.
      startAt = new Date(last.atMs + 60_000).toISOString();
    }
  }, 90_000);
});
