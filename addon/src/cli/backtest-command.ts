import type { Clock, Solver } from "../domain/index.js";
import { createHighsSolver } from "../planner/solvers/highs-solver.js";
import { runBacktest, type BacktestReport } from "../insight/backtest.js";
import { parseInsightArgs, prepareInsight, type InsightCommandIo, type Loaded, type ParsedInsightArgs, type PreparedInsight } from "../insight/inputs.js";
import { needsSpot, tariffOfPrices, type Tariff } from "../insight/tariff.js";
import type { Config } from "../config/index.js";
import { num, renderTable } from "../insight/table.js";
import { systemClock } from "../system/clock.js";

export interface BacktestCommandDeps {
  readonly clock: Clock;
  /** Defaults to HiGHS (loaded once per process). */
  readonly solver?: Solver;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const BACKTEST_USAGE = `usage: sunshift backtest [--csv FILE [--prices FILE] | --db FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                        [--config FILE] [--tariff NAME] [--packs N] [--pv-scale X] [--replan-min M] [--tz ZONE] [--json]
Replays measured load and PV with the planner and the fast loop as the add-on runs them: the
load forecast is learned walk-forward from the data before each plan, PV from the logged
forecast (pv_forecast_w column) or yesterday's PV; re-planned every --replan-min (default 60).
Compares with no battery, a plain self-consumption battery and perfect foresight. Prices: the
options' prices, or --tariff NAME of tariffs.candidates. Data before --from trains the forecaster.
`;

/** Forecaster history kept before --from (the blended forecaster looks 6 weeks back). */
const LOOKBACK_DAYS = 43;

function tariffOf(config: Config, name: string | undefined): Loaded<Tariff> {
  if (name === undefined) return { ok: true, value: tariffOfPrices(config.prices) };
  const t = config.tariffs.candidates.find((c) => c.name === name);
  if (t === undefined) return { ok: false, message: `--tariff: no enabled candidate "${name}" (have: ${config.tariffs.candidates.map((c) => c.name).join(", ")})` };
  return { ok: true, value: t };
}

const fmtDate = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace("T", " ");

function printReport(r: BacktestReport, tariff: Tariff, io: InsightCommandIo): void {
  const rows = r.policies.map((p) => [
    p.policy, num(p.costEur, 2), num(p.billEur, 2), num(p.importKWh, 1), num(p.exportKWh, 1), num(p.selfConsumptionPct, 1),
    num(p.selfSufficiencyPct, 1), num(p.cycles, 1), p.perfectSharePct === null ? "–" : `${num(p.perfectSharePct, 1)} %`, p.solves, p.fallbacks, p.flips,
  ]);
  const header = ["policy", "cost €", "bill €", "import kWh", "export kWh", "self-consumption %", "self-sufficiency %", "cycles", "share of perfect saving", "solves", "fallbacks", "flips"];
  io.stdout.write(`Backtest ${fmtDate(r.fromMs)} – ${fmtDate(r.toMs)} UTC, ${r.slots} slots of ${r.stepMin} min, tariff "${tariff.name}"\n\n`);
  io.stdout.write(`${renderTable(header, rows)}\n\n`);
  io.stdout.write("cost = bill − value of the energy left in the battery at the end (the planner's terminal value).\n");
  io.stdout.write(`Method: ${r.method}\n`);
}

async function check(a: ParsedInsightArgs, deps: BacktestCommandDeps): Promise<Loaded<{ ready: PreparedInsight; tariff: Tariff; replanMin: number }>> {
  const ready = await prepareInsight(a, deps.clock.nowMs(), deps.env ?? {}, LOOKBACK_DAYS);
  if (!ready.ok) return ready;
  const tariff = tariffOf(ready.value.config, a.tariff);
  if (!tariff.ok) return tariff;
  const replanMin = Number(a["replan-min"] ?? "60");
  if (!Number.isInteger(replanMin) || replanMin < 15 || replanMin > 1440) {
    return { ok: false, message: `--replan-min: must be whole minutes from 15 to 1440 (got "${a["replan-min"] ?? ""}")` };
  }
  return { ok: true, value: { ready: ready.value, tariff: tariff.value, replanMin } };
}

/**
 * `sunshift backtest`: exit 0 with the table (or `--json` the BacktestReport), 2 for bad
 * arguments or data (CSV problems with line and column), 1 when nothing could be replayed.
 */
export async function runBacktestCommand(args: readonly string[], io: InsightCommandIo, deps: BacktestCommandDeps = { clock: systemClock }): Promise<number> {
  const parsed = parseInsightArgs(args, io, BACKTEST_USAGE, { tariff: { type: "string" }, "replan-min": { type: "string" } });
  if (parsed.kind !== "ok") return parsed.kind === "help" ? 0 : 2;
  const a = parsed.args;
  const checked = await check(a, deps);
  if (!checked.ok) {
    io.stderr.write(`${checked.message}\n`);
    return 2;
  }
  const { ready, tariff, replanMin } = checked.value;
  const { config, site, timeZone, slots, evalFrom } = ready;
  const priced = needsSpot(tariff) ? slots.filter((s) => s.spotEurPerKWh !== null) : slots;
  if (priced.length < slots.length) io.stderr.write(`note: ${slots.length - priced.length} slots without a day-ahead price left out\n`);
  const from = priced.findIndex((s) => s.startMs >= (slots[evalFrom]?.startMs ?? Infinity));
  if (from < 0) {
    io.stderr.write("no data to replay in the period\n");
    return 1;
  }
  const solver = deps.solver ?? (await createHighsSolver());
  const report = runBacktest(priced, {
    ...site, tariff, timeZone, solver, evalFrom: from, replanMs: replanMin * 60_000, marginEur: config.planner.replanMarginEur,
  });
  if (a.json === true) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else printReport(report, tariff, io);
  return 0;
}
