import type { EpochMs } from "../domain/time.js";
import type { Sample, SeriesKey } from "../domain/history.js";
import type { Reading } from "../domain/reading.js";
import type { SiteReadings } from "../domain/site.js";

function value(r: Reading<number>): number | null {
  return r.ok ? r.value : null;
}

/**
 * History samples for one instant (`nowMs`): every present reading, plus the derived series
 * (domain/history.ts):
 * - `battery_w` = discharge − charge (DC, + discharging), when both are present;
 * - `load_w` = grid + AC output − AC input, when all three are present;
 * - `base_load_w` = load − the plugs' power, when load and every plug's power are present.
 * Missing readings are skipped, so no sample is ever NaN. Samples are stamped `nowMs` (the
 * instant the site was observed), not each entity's last change.
 */
export function ingestSite(site: SiteReadings, nowMs: EpochMs): Sample[] {
  const out: Sample[] = [];
  const push = (series: SeriesKey, v: number | null): void => {
    if (v !== null && Number.isFinite(v)) out.push({ series, atMs: nowMs, value: v });
  };
  const b = site.battery;
  const grid = value(site.meter.gridPowerW);
  const acOut = value(b.acOutputPowerW);
  const acIn = value(b.acInputPowerW);
  const charge = value(b.chargePowerW);
  const discharge = value(b.dischargePowerW);
  push("grid_w", grid);
  push("pv_w", value(b.pvPowerW));
  push("soc_pct", value(b.socPct));
  push("battery_w", discharge !== null && charge !== null ? discharge - charge : null);
  push("ac_output_w", acOut);
  push("ac_input_w", acIn);
  const load = grid !== null && acOut !== null && acIn !== null ? grid + acOut - acIn : null;
  push("load_w", load);
  let plugsW: number | null = 0;
  for (const p of site.plugs) {
    const w = value(p.powerW);
    push(`plug_w:${p.id}`, w);
    plugsW = plugsW === null || w === null ? null : plugsW + w;
  }
  push("base_load_w", load !== null && plugsW !== null ? load - plugsW : null);
  return out;
}
