// Readers for the two load series of the forecast bench (see ../shared/data/PROVENANCE.md).
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Aggregate } from "../addon/src/domain/index.js";
import { quarterAggregate } from "../addon/src/forecast/memory-history.js";
import { localToEpochMs } from "../addon/src/sources/zoned-time.js";

const Q = 900_000;

export function dataDir(repoRoot: string): string {
  return path.resolve(repoRoot, "../shared/data");
}

/**
 * emhass/long_train_data.csv: `timestamp_utc,load_w,pv_w,pv_forecast_w`, 30-min means (W),
 * empty = missing. Each half hour becomes two 15-min buckets of the same mean.
 */
export function parseEmhassLoad(csv: string): Aggregate[] {
  const out: Aggregate[] = [];
  for (const line of csv.split(/\r?\n/).slice(1)) {
    const [ts, load] = line.split(",");
    if (ts === undefined || load === undefined || load.trim() === "") continue;
    const startMs = Date.parse(ts.replace(" ", "T"));
    const w = Number(load);
    if (!Number.isFinite(startMs) || !Number.isFinite(w)) continue;
    out.push(quarterAggregate("base_load_w", startMs, w), quarterAggregate("base_load_w", startMs + Q, w));
  }
  return out;
}

/**
 * Wiener Netze export: UTF-8 BOM, `;`-separated, decimal comma, `DD.MM.YYYY;HH:MM:SS;HH:MM:SS;kWh`,
 * interval *start* in local time (Europe/Vienna). The autumn repeated hour appears twice in a
 * row: a start not after the previous one is read as the second (winter-time) occurrence.
 * kWh per 15 min × 4000 = mean W.
 */
export function parseWienerNetze(csv: string, timeZone = "Europe/Vienna"): Aggregate[] {
  const out: Aggregate[] = [];
  let prev = -Infinity;
  for (const line of csv.replace(/^\uFEFF/, "").split(/\r?\n/).slice(1)) {
    const [date, from, , kwh] = line.split(";");
    if (date === undefined || from === undefined || kwh === undefined || kwh.trim() === "") continue;
    const [d, m, y] = date.split(".").map(Number);
    const [hh, mm] = from.split(":").map(Number);
    if (d === undefined || m === undefined || y === undefined || hh === undefined || mm === undefined) continue;
    let startMs = localToEpochMs(timeZone, y, m, d, hh, mm);
    if (startMs <= prev) startMs += 3_600_000;
    prev = startMs;
    const w = Number(kwh.replace(",", ".")) * 4000;
    if (Number.isFinite(w)) out.push(quarterAggregate("base_load_w", startMs, w));
  }
  return out;
}

export function readText(file: string): string {
  return readFileSync(file, "utf8");
}
