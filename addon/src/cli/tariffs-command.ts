import type { Clock, Solver } from "../domain/index.js";
import { createHighsSolver } from "../planner/solvers/highs-solver.js";
import { parseInsightArgs, prepareInsight, type InsightCommandIo } from "../insight/inputs.js";
import { rankTariffs, type TariffRanking } from "../insight/ranking.js";
import { localDays } from "../insight/days.js";
import { needsSpot } from "../insight/tariff.js";
import { num, renderTable } from "../insight/table.js";
import { systemClock } from "../system/clock.js";

export interface InsightCommandDeps {
  readonly clock: Clock;
  /** Defaults to HiGHS (loaded once per process). */
  readonly solver?: Solver;
  readonly env?: Readonly<Record<string, string | undefined>>;
}

export const TARIFFS_USAGE = `usage: sunshift tariffs [--csv FILE [--prices FILE] | --db FILE] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                       [--config FILE] [--packs N] [--pv-scale X] [--tz ZONE] [--json]
Ranks the candidate tariffs (options: tariffs.candidates) by yearly cost on 30 days to 12
months of measured load and PV, re-optimising the battery under each (LP per day, perfect
foresight). --csv: timestamp, load_w, pv_w[, price_eur_per_kwh]; --prices: day-ahead history
start_utc,end_utc,price_eur_per_mwh. Without --csv the history store is read (last 365 days).
`;

function printRanking(r: TariffRanking, io: InsightCommandIo): void {
  const rows = r.results.map((c) => [
    c.rank, c.name, num(c.yearlyCostEur), num(c.energyCostEur), num(c.standingEur), num(c.noBatteryYearlyCostEur), num(c.batterySavingEur),
    num(c.importKWh), c.cheapLoadSharePct === null ? "–" : num(c.cheapLoadSharePct), num(c.shiftedKWh),
  ]);
  const header = ["rank", "tariff", "€/year", "energy €", "standing €", "no battery €", "battery saves €", "import kWh", "load in cheap 25 % (%)", "battery kWh"];
  io.stdout.write(`${renderTable(header, rows, 2)}\n\n${r.summary}\n\n`);
  for (const c of r.results) io.stdout.write(`${c.rank}. ${c.explanation}\n`);
  io.stdout.write(`\nMethod: ${r.method}\n`);
}

/**
 * `sunshift tariffs`: exit 0 with the ranking (table, or `--json` the TariffRanking), 2 for
 * bad arguments or data (every CSV problem with its line and column), 1 when nothing to rank.
 */
export async function runTariffsCommand(args: readonly string[], io: InsightCommandIo, deps: InsightCommandDeps = { clock: systemClock }): Promise<number> {
  const parsed = parseInsightArgs(args, io, TARIFFS_USAGE);
  if (parsed.kind !== "ok") return parsed.kind === "help" ? 0 : 2;
  const a = parsed.args;
  const ready = await prepareInsight(a, deps.clock.nowMs(), deps.env ?? {}, 0);
  if (!ready.ok) {
    io.stderr.write(`${ready.message}\n`);
    return 2;
  }
  const { config, site, timeZone, slots, evalFrom } = ready.value;
  const inRange = slots.slice(evalFrom);
  const candidates = config.tariffs.candidates;
  if (candidates.length === 0) {
    io.stderr.write("no enabled candidate tariffs (options: tariffs.candidates)\n");
    return 1;
  }
  const spotless = candidates.find(needsSpot);
  if (spotless !== undefined && !inRange.some((s) => s.spotEurPerKWh !== null)) {
    io.stderr.write(`"${spotless.name}" needs day-ahead prices: give --prices FILE or a price_eur_per_kwh column\n`);
    return 2;
  }
  const days = localDays(inRange, timeZone).filter((d) => d.complete).length;
  if (days < 30) io.stderr.write(`note: only ${days} complete days of data; at least 30 give a meaningful ranking\n`);
  const solver = deps.solver ?? (await createHighsSolver());
  const ranking = rankTariffs(inRange, candidates, { ...site, timeZone }, solver);
  if (a.json === true) io.stdout.write(`${JSON.stringify(ranking, null, 2)}\n`);
  else printRanking(ranking, io);
  return ranking.daysUsed > 0 ? 0 : 1;
}
