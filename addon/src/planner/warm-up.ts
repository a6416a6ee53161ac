import type { LinearProgram, PlannerInput } from "../domain/index.js";
import { buildModel } from "./build-model.js";

/**
 * Synthetic 48 h × 15 min inputs for the warm-up solves at start (OPTIMIZATION.md §4.2: the
 * first WASM solves run on the baseline tier; a warm-up moves the cost out of the first plan).
 * Deterministic and independent of the clock.
 */
export function warmUpPrograms(slotCount = 192): LinearProgram[] {
  const slotMs = 15 * 60_000;
  const slots = Array.from({ length: slotCount }, (_, i) => {
    const h = (i / 4) % 24;
    const sun = Math.max(0, Math.sin(((h - 6) / 14) * Math.PI));
    const price = 0.25 + 0.1 * Math.cos(((h - 19) / 12) * Math.PI) - 0.08 * sun;
    return { startMs: i * slotMs, endMs: (i + 1) * slotMs, importPriceEurPerKWh: price, exportPriceEurPerKWh: 0.05, loadW: 250 + 300 * Number(h > 17 && h < 22), pvW: 1200 * sun };
  });
  const input: PlannerInput = {
    nowMs: 0,
    slots,
    socStartPct: 50,
    battery: { capacityWh: 1920, socMinPct: 10, socMaxPct: 100, maxOutputW: 800, maxAcChargeW: 1000, maxChargeDcW: 1200, maxDischargeDcW: 1200,
      chargeEfficiency: 0.96, dischargeEfficiency: 0.96, inverterEfficiency: 0.95, wearCostEurPerKWh: 0.02, terminalValueEurPerKWh: 0.15 },
    grid: { maxImportW: null, maxExportW: 800 },
    plugs: [
      { id: "a", powerW: 1200, runSlots: 4, earliestSlot: 0, latestSlot: slotCount - 1, contiguous: true },
      { id: "b", powerW: 2000, runSlots: 4, earliestSlot: 0, latestSlot: slotCount - 1, contiguous: false },
    ],
  };
  return [buildModel(input, true).lp, buildModel(input).lp];
}
