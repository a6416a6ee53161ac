// The soak runner (issue 8 §4), smoke: one simulated day of the simulated home and the full
// service in this process (meter every 10 s of home time, no plugs: short), sampled once, with
// its table and verdicts; plus the verdict rules on hand-made samples. The 30-day soak itself is
// `sunshift soak` (not part of the test run). Household data: addon/data/emhass-long-train-data.csv
// (EMHASS, MIT), prices addon/data/awattar-at-dayahead-hourly-2024-2025.csv.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../addon/src/domain/index.js";
import { runSoak } from "../../addon/src/soak/soak.js";
import { simulatedHomeOptions } from "../../addon/src/soak/simulated-run.js";
import { parseOptions, type Config } from "../../addon/src/config/index.js";
import { formatReport } from "../../addon/src/soak/report.js";
import { countKinds, type DaySample } from "../../addon/src/soak/sampler.js";
import { DEFAULT_SOAK_LIMITS, handlesVerdict, lagVerdict, rssVerdict } from "../../addon/src/soak/verdicts.js";
import { realClock, realScheduler } from "../sim/helpers.js";

const MIB = 1_048_576;

function noPlugs(): Config {
  const r = parseOptions({ ...simulatedHomeOptions(), plugs: [] });
  if (!r.ok) throw new Error(r.problems.join("; "));
  return r.config;
}

function day(n: number, rssMiB: number, handles: number): DaySample {
  return { day: n, wallMs: n * 1000, cpuMs: 500, rssBytes: rssMiB * MIB, rssMaxBytes: rssMiB * MIB, heapUsedBytes: 40 * MIB, lagP50Ms: 1, lagP99Ms: 10, lagMaxMs: 30, handles, handleKinds: { Timeout: handles } };
}

describe("soak verdicts (hand-checked samples)", () => {
  it.each([
    ["steady after a 2-day warm-up", [100, 180, 200, 205, 195, 209], true],
    ["warm-up growth is not judged", [50, 150, 200, 200, 200], true],
    ["+10.5 % by the end is growth", [100, 100, 200, 205, 221], false],
    ["−11 % is not steady either", [100, 100, 200, 178, 200], false],
  ] as const)("RSS: %s", (_name, rss, pass) => {
    expect(rssVerdict(rss.map((r, i) => day(i + 1, r, 10)), { ...DEFAULT_SOAK_LIMITS, warmupDays: 2 }).pass).toBe(pass);
  });

  it("judges RSS from day 8 by default: a week of warm-up, then the first judged day is the reference", () => {
    const settling = [300, 320, 310, 280, 260, 250, 245];
    const flat = [250, 255, 262, 270, 268];
    expect(rssVerdict([...settling, ...flat].map((r, i) => day(i + 1, r, 10)), DEFAULT_SOAK_LIMITS)).toMatchObject({ pass: true, detail: expect.stringMatching(/\(day 8\).*\+8\.0 % on day 11/) as unknown });
    expect(rssVerdict([...settling, ...flat, 276].map((r, i) => day(i + 1, r, 10)), DEFAULT_SOAK_LIMITS).pass).toBe(false);
  });

  it.each([
    ["flat", [9, 12, 10, 11, 10, 10], true],
    ["in-flight requests within the slack", [9, 12, 10, 11, 13, 12], true],
    ["leaking one timer a day", [9, 9, 10, 11, 12, 13, 14, 15, 16], false],
  ] as const)("handles: %s", (_name, handles, pass) => {
    expect(handlesVerdict(handles.map((h, i) => day(i + 1, 200, h)), { ...DEFAULT_SOAK_LIMITS, warmupDays: 2 }).pass).toBe(pass);
  });

  it("lag: p99 50 ms passes, 50.1 ms fails", () => {
    expect(lagVerdict(50, DEFAULT_SOAK_LIMITS).pass).toBe(true);
    expect(lagVerdict(50.1, DEFAULT_SOAK_LIMITS).pass).toBe(false);
  });

  it("counts handle kinds", () => {
    expect(countKinds(["Timeout", "TCPSocketWrap", "Timeout"])).toEqual({ Timeout: 2, TCPSocketWrap: 1 });
  });
});

describe("soak runner smoke: one simulated day", () => {
  it("runs the home and the service for a day, samples once, plans every 15 min, prints table and verdicts", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "sunshift-soak-smoke-"));
    try {
      // Without plugs (LP instead of MILP plans) to keep the smoke short; the soak plans with them.
      const r = await runSoak({ days: 1, speed: 50_000, startAt: "2024-05-01T00:00:00Z", dataDir, tickMs: 10_000, config: noPlugs(), version: "test", logger: silentLogger, wallClock: realClock, wallScheduler: realScheduler });
      expect(r.samples).toHaveLength(1);
      const [s] = r.samples;
      if (s === undefined) throw new Error("no sample");
      expect(s.rssBytes).toBeGreaterThan(20 * MIB);
      expect(s.heapUsedBytes).toBeGreaterThan(MIB);
      expect(s.handles).toBeGreaterThan(0);
      expect(s.cpuMs).toBeGreaterThan(0);
      expect(Number.isFinite(s.lagP99Ms) && s.lagP99Ms >= 0).toBe(true);
      // One plan at start and one every 15 min of home time: 96 in a day (± the start one).
      expect(r.counters["plans"]).toBeGreaterThanOrEqual(95);
      expect(r.counters["decisions"] ?? 0).toBeGreaterThan(1000);
      expect(r.errors).toBe(0);
      expect(r.verdicts.map((v) => v.name)).toEqual(["RSS steady", "event-loop lag", "open handles"]);
      const report = formatReport(r);
      expect(report).toMatch(/^day\s+wall s\s+CPU s\s+RSS MiB.*handles\s+recycles$/m);
      // Planned in this thread (no worker given): no worker was recycled.
      expect(s.workerRecycles).toBe(0);
      expect(report).toMatch(/^(PASS|FAIL) RSS steady: /m);
      expect(report).toMatch(/simulated days: 1 \(warm-up 0\)/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
