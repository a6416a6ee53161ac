/**
 * `npm run bench -- --only insight`: how long the insight tools take on the real year.
 * Data: ../shared/data/emhass/long_train_data.csv (30 min, PV × 0.4 as OPTIMIZATION.md §3.5) and
 * ../shared/data/prices/awattar-at-epex-dayahead-hourly-2017-2026.csv; the four example
 * candidates of the `tariffs` options; Europe/Paris (the household's zone).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { optionsSchema } from "../addon/src/config/schema.js";
import { batteryModelOf, gridModelOf } from "../addon/src/config/index.js";
import { createHighsSolver } from "../addon/src/planner/solvers/highs-solver.js";
import { runBacktest } from "../addon/src/insight/backtest.js";
import { rankTariffs } from "../addon/src/insight/ranking.js";
import { parseSiteCsv, parseSpotCsv, scalePv, withSpot } from "../addon/src/insight/site-data.js";

const TZ = "Europe/Paris";

export async function runInsightBench(opts: { readonly quick: boolean; readonly print: (line: string) => void }): Promise<void> {
  const data = path.resolve(process.cwd(), "../shared/data");
  const site = parseSiteCsv(readFileSync(path.join(data, "emhass/long_train_data.csv"), "utf8"));
  const spot = parseSpotCsv(readFileSync(path.join(data, "prices/awattar-at-epex-dayahead-hourly-2017-2026.csv"), "utf8"));
  if (!site.ok || !spot.ok) throw new Error("insight bench: cannot parse the data");
  const config = optionsSchema.parse({});
  const model = { battery: batteryModelOf(config.battery), grid: gridModelOf(config.planner) };
  const slots = scalePv(withSpot(site.value.slots, spot.value), 0.4);
  const solver = await createHighsSolver();
  const days = opts.quick ? 60 : 365;
  let t0 = performance.now();
  const ranking = rankTariffs(slots.slice(0, days * 48), config.tariffs.candidates, { ...model, timeZone: TZ }, solver);
  const rankS = (performance.now() - t0) / 1000;
  opts.print(`tariff ranking, ${ranking.daysUsed} days × ${config.tariffs.candidates.length} candidates (one 48 h LP per day each): ${rankS.toFixed(1)} s`);
  for (const r of ranking.results) opts.print(`  ${r.rank}. ${r.name}: ${r.yearlyCostEur.toFixed(0)} €/year`);
  const evalFrom = 122 * 48;
  const evalTo = evalFrom + 31 * 48;
  const tariff = config.tariffs.candidates.find((c) => c.import.kind === "dynamic") ?? config.tariffs.candidates[0];
  if (tariff === undefined) return;
  t0 = performance.now();
  const bt = runBacktest(slots.slice(0, evalTo), { ...model, tariff, timeZone: TZ, solver, evalFrom });
  const btS = (performance.now() - t0) / 1000;
  const stable = bt.policies.find((p) => p.policy === "stable");
  opts.print(`backtest, 31 days (${bt.slots} slots), re-planned hourly: ${btS.toFixed(1)} s, ${stable?.solves ?? 0} solves; planner share of the perfect saving ${stable?.perfectSharePct?.toFixed(1) ?? "–"} %`);
}
