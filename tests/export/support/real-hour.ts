/**
 * Readings for the export tests from a real HA recorder history of a household load at ~10-s
 * spacing: /work/shared/data/timeseries/emhass-ha-rest-history-power-load-10s-2022-10-19.csv
 * (data/PROVENANCE.md: EMHASS author's home, 2022-10-19T19:00Z, 8723 state changes, W, UTC).
 * Each row is one instant (its real timestamp); the other series are derived from that load the
 * way devices/ingest.ts derives them from a site with the hub covering up to 800 W:
 * ac_output = min(800, load), grid = load − ac_output, battery (DC) = ac_output / 0.95,
 * SOC falling from 80 % with the energy drawn from a 1920 Wh battery, a plug at 10 % of load.
 */
import { readFileSync } from "node:fs";
import type { Sample } from "../../../addon/src/domain/index.js";

export const LOAD_10S_CSV = "/work/shared/data/timeseries/emhass-ha-rest-history-power-load-10s-2022-10-19.csv";

/** Series per instant in `instants()`. */
export const SERIES_PER_INSTANT = 6;

let cache: { atMs: number; loadW: number }[] | null = null;

function loadRows(): { atMs: number; loadW: number }[] {
  cache ??= readFileSync(LOAD_10S_CSV, "utf8")
    .trim()
    .split("\n")
    .slice(1)
    .map((row) => {
      const [ts, w] = row.split(",");
      return { atMs: Date.parse(ts ?? ""), loadW: Number(w) };
    })
    .filter((r) => Number.isFinite(r.atMs) && Number.isFinite(r.loadW));
  return cache;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Rows [from, from + n) of the file as history samples, `SERIES_PER_INSTANT` per row. */
export function instants(from: number, n: number): Sample[][] {
  const rows = loadRows();
  if (rows.length < from + n) throw new Error(`${LOAD_10S_CSV} has only ${rows.length} rows`);
  let socPct = 80;
  let prevAtMs = rows[0]?.atMs ?? 0;
  const out: Sample[][] = [];
  for (let i = 0; i < from + n; i++) {
    const row = rows[i];
    if (row === undefined) break;
    const acOut = Math.min(800, row.loadW);
    const batteryW = round2(acOut / 0.95);
    socPct -= (batteryW * (row.atMs - prevAtMs)) / 3_600_000 / 1920 * 100;
    prevAtMs = row.atMs;
    if (i < from) continue;
    const at = row.atMs;
    out.push([
      { series: "load_w", atMs: at, value: row.loadW },
      { series: "ac_output_w", atMs: at, value: acOut },
      { series: "grid_w", atMs: at, value: round2(row.loadW - acOut) },
      { series: "battery_w", atMs: at, value: batteryW },
      { series: "soc_pct", atMs: at, value: round2(socPct) },
      { series: "plug_w:heater", atMs: at, value: round2(row.loadW * 0.1) },
    ]);
  }
  return out;
}
