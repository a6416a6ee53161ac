import type { CheckScenario } from "./contract-checker.js";

/** Deterministic PRNG (mulberry32) so generated cases are reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SOLARFLOW = {
  capacityWh: 1920,
  socStartPct: 50,
  socMinPct: 10,
  socMaxPct: 100,
  maxOutputW: 800,
  maxAcChargeW: 1000,
  maxChargeDcW: 1200,
  maxDischargeDcW: 1200,
  chargeEfficiency: 0.96,
  dischargeEfficiency: 0.96,
  inverterEfficiency: 0.95,
  wearCostEurPerKWh: 0.02,
  terminalValueEurPerKWh: 0.15,
};

export interface GenOptions {
  seed: number;
  slots: number;
  stepMinutes: 15 | 30 | 60;
  negativePrices: boolean;
  zeroFeedIn: boolean;
  plugs: number;
  start?: string;
}

/** A random but plausible day: PV bell, load with evening peak, spot-like prices. */
export function generateScenario(o: GenOptions): CheckScenario {
  const r = rng(o.seed);
  const perHour = 60 / o.stepMinutes;
  const pvPeak = 300 + r() * 1500;
  const imp: number[] = [];
  const exp: number[] = [];
  const load: number[] = [];
  const pv: number[] = [];
  for (let i = 0; i < o.slots; i++) {
    const h = (i / perHour) % 24;
    const sun = Math.max(0, Math.sin(((h - 6) / 14) * Math.PI));
    pv.push(Math.round(pvPeak * sun * (0.6 + 0.4 * r())));
    load.push(Math.round(150 + 250 * r() + (h > 17 && h < 22 ? 600 * r() : 0)));
    let spot = 0.08 + 0.1 * Math.exp(-((h - 19) ** 2) / 4) + 0.05 * Math.exp(-((h - 8) ** 2) / 2) - 0.06 * sun + 0.03 * r();
    if (o.negativePrices && h > 11 && h < 15) spot -= 0.45;
    const retail = Math.round((spot + 0.15) * 10000) / 10000;
    imp.push(retail);
    exp.push(Math.min(retail, o.negativePrices && retail < 0 ? retail - 0.01 : Math.round(Math.max(0, spot) * 10000) / 10000));
  }
  const plugs = Array.from({ length: o.plugs }, (_, k) => {
    const run = Math.max(1, Math.round((1 + 2 * r()) * perHour));
    const earliest = Math.floor(r() * (o.slots / 2));
    const latest = Math.min(o.slots - 1, earliest + run + Math.floor(r() * (o.slots / 2)));
    return { id: `plug${k}`, powerW: 400 + Math.round(r() * 1600), runSlots: run, earliestSlot: earliest, latestSlot: latest, contiguous: k % 2 === 0 };
  });
  return {
    version: 1,
    start: o.start ?? "2026-06-01T00:00:00+02:00",
    stepMinutes: o.stepMinutes,
    importPriceEurPerKWh: imp,
    exportPriceEurPerKWh: exp,
    loadW: load,
    pvW: pv,
    battery: { ...SOLARFLOW, socStartPct: 10 + Math.round(r() * 90) },
    grid: { maxImportW: r() < 0.3 ? null : 11000, maxExportW: o.zeroFeedIn ? 0 : 800 },
    plugs,
  };
}
