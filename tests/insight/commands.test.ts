// `sunshift tariffs` and `sunshift backtest` end to end: the command functions with argv, output
// captured. Data: slices of ../shared/data/emhass/long_train_data.csv written to temp CSVs, and
// ../shared/data/prices/awattar-at-epex-dayahead-hourly-2017-2026.csv as the --prices file.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Solver } from "../../addon/src/domain/index.js";
import { createHighsSolver } from "../../addon/src/planner/solvers/highs-solver.js";
import { runTariffsCommand } from "../../addon/src/cli/tariffs-command.js";
import { runBacktestCommand } from "../../addon/src/cli/backtest-command.js";
import type { TariffRanking } from "../../addon/src/insight/ranking.js";
import type { BacktestReport } from "../../addon/src/insight/backtest.js";
import { capture } from "./support/capture.js";

const shared = (rel: string): string => path.join(import.meta.dirname, "../../../shared/data", rel);
const PRICES = shared("prices/awattar-at-epex-dayahead-hourly-2017-2026.csv");
const dir = mkdtempSync(path.join(tmpdir(), "sunshift-insight-"));
const rows = readFileSync(shared("emhass/long_train_data.csv"), "utf8").trim().split("\n");

/** Header + the rows from local (Paris) midnight of `firstDay` for `days` days. */
function csvSlice(name: string, firstDay: string, days: number): string {
  const from = Date.parse(`${firstDay}T00:00:00+02:00`);
  const body = rows.slice(1).filter((r) => {
    const t = Date.parse((r.split(",")[0] ?? "").replace(" ", "T"));
    return t >= from && t < from + days * 86_400_000;
  });
  const file = path.join(dir, name);
  writeFileSync(file, [rows[0], ...body].join("\n"));
  return file;
}

async function run(command: typeof runTariffsCommand, args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = capture();
  const err = capture();
  const code = await command(args, { stdout: out.stream, stderr: err.stream }, { clock: { nowMs: () => Date.parse("2025-03-01T00:00:00Z") }, solver, env: {} });
  return { code, out: out.text(), err: err.text() };
}

let solver: Solver;
let month: string;
beforeAll(async () => {
  solver = await createHighsSolver();
  month = csvSlice("september.csv", "2024-09-01", 30);
}, 30_000);

const common = ["--prices", PRICES, "--tz", "Europe/Paris", "--pv-scale", "0.4"];

describe("sunshift tariffs", () => {
  it("prints the ranking table, the summary with the extrapolated months, and one explanation per tariff", async () => {
    const r = await run(runTariffsCommand, ["--csv", month, ...common]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.split("\n");
    expect(lines[0]).toMatch(/^rank\s+tariff\s+€\/year\s+energy €\s+standing €/);
    for (const name of ["Fixed price", "Day/night", "Dynamic, spot feed-in", "Dynamic, fixed feed-in"]) expect(r.out).toContain(name);
    expect(r.out).toMatch(/Based on 30 complete days \(2024-09-01 to 2024-09-30\); Jan, Feb, .* Dec extrapolated/);
    expect(r.out.match(/^\d\. /gm)).toHaveLength(4);
    expect(r.out).toMatch(/^Method: .*perfect foresight/m);
  }, 60_000);

  it("--json gives the TariffRanking; --from/--to restrict the period (fewer than 30 days: a note)", async () => {
    const r = await run(runTariffsCommand, ["--csv", month, ...common, "--from", "2024-09-01", "--to", "2024-09-08", "--json"]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/only 7 complete days/);
    const ranking = JSON.parse(r.out) as TariffRanking;
    expect(ranking.daysUsed).toBe(7);
    expect(ranking.results.map((x) => x.rank)).toEqual([1, 2, 3, 4]);
    expect(ranking.monthsExtrapolated).toHaveLength(11);
  }, 60_000);

  it("names file, line and column of a broken CSV, exit 2", async () => {
    const bad = path.join(dir, "bad.csv");
    writeFileSync(bad, "timestamp,load_w,pv_w\n2024-09-01T00:00:00Z,300,0\n2024-09-01T00:30:00Z,300,lots\n");
    const r = await run(runTariffsCommand, ["--csv", bad, ...common]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`${bad}:3:3: "lots" is not a number\n`);
    expect(r.out).toBe("");
  });

  it("refuses unknown options and dynamic tariffs without prices, exit 2", async () => {
    const unknown = await run(runTariffsCommand, ["--csv", month, "--frobnicate"]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown option '--frobnicate'[\s\S]*usage: sunshift tariffs/);
    const help = await run(runTariffsCommand, ["--help"]);
    expect([help.code, help.err]).toEqual([0, ""]);
    expect(help.out).toMatch(/^usage: sunshift tariffs/);
    const noPrices = await run(runTariffsCommand, ["--csv", month, "--tz", "Europe/Paris"]);
    expect(noPrices.code).toBe(2);
    expect(noPrices.err).toMatch(/"Dynamic, spot feed-in" needs day-ahead prices/);
  });
});

describe("sunshift backtest", () => {
  it("replays two days after six weeks of forecaster history: four policies, perfect ≤ planner and plain ≤ none", async () => {
    const file = csvSlice("backtest.csv", "2024-07-20", 45);
    const r = await run(runBacktestCommand, ["--csv", file, ...common, "--from", "2024-09-01", "--to", "2024-09-03", "--tariff", "Dynamic, spot feed-in", "--packs", "2", "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as BacktestReport;
    expect(report.slots).toBe(96);
    expect(report.fromMs).toBe(Date.parse("2024-09-01T00:00:00+02:00"));
    const by = new Map(report.policies.map((p) => [p.policy, p]));
    expect([...by.keys()]).toEqual(["none", "self_consumption", "stable", "perfect"]);
    const cost = (p: string): number => by.get(p as "none")?.costEur ?? NaN;
    expect(cost("perfect")).toBeLessThanOrEqual(cost("stable") + 1e-6);
    expect(cost("perfect")).toBeLessThan(cost("none"));
    expect(cost("self_consumption")).toBeLessThanOrEqual(cost("none") + 1e-6);
    expect(by.get("stable")?.solves).toBeGreaterThanOrEqual(48);
    expect(by.get("none")?.cycles).toBe(0);
    const share = by.get("stable")?.perfectSharePct ?? NaN;
    expect(share).toBeCloseTo((100 * (cost("none") - cost("stable"))) / (cost("none") - cost("perfect")), 9);
  }, 90_000);

  it("prints the table, and refuses an unknown --tariff", async () => {
    const file = csvSlice("short.csv", "2024-09-01", 3);
    const r = await run(runBacktestCommand, ["--csv", file, ...common, "--replan-min", "120"]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Backtest 2024-08-31 22:00 – 2024-09-03 22:00 UTC, 144 slots of 30 min, tariff "prices.source fixed"/);
    expect(r.out).toMatch(/^self_consumption\s/m);
    const bad = await run(runBacktestCommand, ["--csv", file, "--tariff", "Nope"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--tariff: no enabled candidate "Nope" \(have: Fixed price, Day\/night/);
  }, 60_000);
});
