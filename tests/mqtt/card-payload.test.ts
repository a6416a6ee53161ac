/**
 * Plan → CardPayload and HA's 16 KiB attribute limit.
 * Data: /work/shared/data/prices/energy-charts-at-dayahead-15min-2025-2026.csv (AT day-ahead,
 * 15 min, CC BY 4.0 Bundesnetzagentur | SMARD.de; see data/PROVENANCE.md), the 192 quarters of
 * 2026-06-20/21 UTC (negative prices at noon). The plan on top is built by hand in this file:
 * cheapest quarters charge from the grid, dearest discharge, PV hours store PV, two plugs.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CARD_PAYLOAD_BUDGET_BYTES,
  HA_ATTRIBUTES_LIMIT_BYTES,
  cardPayloadBytes,
  cardPayloadSchema,
  expandCardReason,
} from "../../addon/src/domain/entities.js";
import type { Plan, PlanReason, PlanSlot, PlannerSlotInput, PlugRequest } from "../../addon/src/domain/index.js";
import { toCardPayload } from "../../addon/src/mqtt/card-payload.js";

const CSV = "/work/shared/data/prices/energy-charts-at-dayahead-15min-2025-2026.csv";
const Q = 15 * 60_000;

function realSlots(): PlannerSlotInput[] {
  const rows = readFileSync(CSV, "utf8").split("\n").filter((l) => l.startsWith("2026-06-20") || l.startsWith("2026-06-21"));
  return rows.map((row, i) => {
    const [start, end, mwh] = row.split(",");
    const spot = Number(mwh) / 1000;
    const hour = (i / 4) % 24;
    const pvW = hour > 5 && hour < 19 ? Math.round(1600 * Math.sin((Math.PI * (hour - 5)) / 14)) : 0;
    return { startMs: Date.parse(start ?? ""), endMs: Date.parse(end ?? ""), importPriceEurPerKWh: spot + 0.15, exportPriceEurPerKWh: spot, loadW: 280 + (i % 7) * 31.7, pvW };
  });
}

const PLUGS: PlugRequest[] = [
  { id: "switch.dishwasher", powerW: 1850, runSlots: 8, earliestSlot: 0, latestSlot: 95, contiguous: true },
  { id: "switch.boiler", powerW: 2000, runSlots: 12, earliestSlot: 0, latestSlot: 191, contiguous: false },
];

function reasonsFor(s: PlannerSlotInput, rank: number, i: number, slots: readonly PlannerSlotInput[]): PlanReason[] {
  const laterAtMs = slots[Math.min(slots.length - 1, i + 24)]?.startMs ?? s.startMs;
  if (rank < 16) return [{ kind: "grid_charge", powerW: 800, priceNowEurPerKWh: s.importPriceEurPerKWh, laterPriceEurPerKWh: 0.3123, laterAtMs, roundTripLossPct: 17.6 }];
  if (rank >= 168) return [{ kind: "discharge", powerW: 410.4, priceNowEurPerKWh: s.importPriceEurPerKWh, storedValueEurPerKWh: 0.2011 }];
  if (s.pvW > 600) {
    return [
      { kind: "store_pv", powerW: s.pvW - 300, exportPriceEurPerKWh: s.exportPriceEurPerKWh, laterPriceEurPerKWh: 0.2871, laterAtMs },
      { kind: "curtail", curtailedW: 120, cause: "export_capped", exportLimitW: 0, exportPriceEurPerKWh: s.exportPriceEurPerKWh },
    ];
  }
  return [{ kind: "idle", spreadEurPerKWh: 0.031, neededSpreadEurPerKWh: 0.052 }];
}

function buildPlan(slots: readonly PlannerSlotInput[]): Plan {
  const order = slots.map((s, i) => ({ i, p: s.importPriceEurPerKWh })).sort((a, b) => a.p - b.p);
  const rank = new Map(order.map((o, r) => [o.i, r]));
  const planSlots: PlanSlot[] = slots.map((s, i) => {
    const r = rank.get(i) ?? 0;
    const plugsOn = [...(i >= 50 && i < 58 ? ["switch.dishwasher"] : []), ...(r < 12 ? ["switch.boiler"] : [])];
    const reasons = reasonsFor(s, r, i, slots);
    if (plugsOn.includes("switch.boiler")) reasons.push({ kind: "plug_on", plugId: "switch.boiler", priceEurPerKWh: s.importPriceEurPerKWh, windowMeanPriceEurPerKWh: 0.2104 });
    const batteryW = r < 16 ? -640 : r >= 168 ? 410.4 : 0;
    return {
      startMs: s.startMs, endMs: s.endMs, pvUsedW: s.pvW, pvCurtailedW: 0, acOutW: Math.max(0, batteryW), acInW: Math.max(0, -batteryW),
      plugsOn, batteryW, gridW: s.loadW - s.pvW - batteryW, socPct: 10 + (i % 90), costEur: 0.01,
      action: r < 16 ? "grid_charge" : r >= 168 ? "discharge" : "idle", reasons,
    };
  });
  return {
    status: "optimal",
    generatedAtMs: (slots[0]?.startMs ?? 0) - 60_000,
    objectiveEur: 1.234,
    slots: planSlots,
    reasons: [{ kind: "solved", solver: "highs", status: "optimal", binaries: 384 }, { kind: "plan_replaced", keptCostEur: 1.5, candidateCostEur: 1.234, stickySlots: 2 }],
  };
}

/** Rounding allowed when expanding: 0.1 ct for prices, 1 W / 1 % rounding, 1 min for instants. */
function tolerance(field: string): number {
  if (field.endsWith("AtMs")) return 30_000;
  if (field.endsWith("EurPerKWh")) return 0.0005;
  return 0.5;
}

const slots = realSlots();
const plan = buildPlan(slots);

describe("toCardPayload with a full 48 h plan at 15 min (real AT prices)", () => {
  const payload = toCardPayload(plan, { slots, plugs: PLUGS });

  it("uses 192 real quarters", () => {
    expect(slots).toHaveLength(192);
    expect(slots[0]?.startMs).toBe(Date.UTC(2026, 5, 20));
    expect(slots.some((s) => s.exportPriceEurPerKWh < 0)).toBe(true);
  });

  it("stays under HA's 16 KiB attribute limit with every reason kept", () => {
    const bytes = cardPayloadBytes(payload);
    expect(bytes).toBeLessThanOrEqual(CARD_PAYLOAD_BUDGET_BYTES);
    expect(bytes).toBeLessThan(HA_ATTRIBUTES_LIMIT_BYTES);
    expect(payload.reasonsDropped).toBe(0);
    console.log(`card payload 48 h @ 15 min: ${bytes} bytes, ${payload.reasons.length} reason items`);
  });

  it("passes its own schema", () => {
    expect(cardPayloadSchema.safeParse(payload).success).toBe(true);
  });

  it("carries the per-slot values as integers in the documented units", () => {
    expect([payload.startMs, payload.stepMin, payload.socPct.length]).toEqual([Date.UTC(2026, 5, 20), 15, 192]);
    // spot EUR/MWh / 1000 + 0.15 fee = EUR/kWh; × 1000 → ct/kWh × 10.
    expect(payload.importP[0]).toBe(271); // 120.55 EUR/MWh at 2026-06-20T00:00Z
    expect(payload.importP.every((p) => p !== null && Number.isInteger(p))).toBe(true);
    expect(payload.batteryW[0]).toBe(Math.round(plan.slots[0]?.batteryW ?? NaN));
    expect(payload.gridW[10]).toBe(Math.round(plan.slots[10]?.gridW ?? NaN));
    expect(payload.pvW[48]).toBe(slots[48]?.pvW);
    expect(payload.loadW[3]).toBe(Math.round(280 + 3 * 31.7));
  });

  it("encodes plug runs as [first slot, count]", () => {
    const dish = payload.plugs.find((p) => p.id === "switch.dishwasher");
    expect(dish).toEqual({ id: "switch.dishwasher", w: 1850, runs: [[50, 8]] });
    const boiler = payload.plugs.find((p) => p.id === "switch.boiler");
    expect(boiler?.runs.reduce((n, r) => n + r[1], 0)).toBe(12);
    for (const [i, n] of boiler?.runs ?? []) for (let k = i; k < i + n; k++) expect(plan.slots[k]?.plugsOn).toContain("switch.boiler");
  });

  it("merges reasons over consecutive slots and covers every slot reason exactly once", () => {
    const covered = new Map<string, number>();
    for (const r of payload.reasons) for (let k = r.i; k < r.i + r.n; k++) covered.set(`${k}:${r.k}`, (covered.get(`${k}:${r.k}`) ?? 0) + 1);
    let total = 0;
    plan.slots.forEach((s, k) => {
      for (const reason of s.reasons) {
        total += 1;
        expect(covered.get(`${k}:${reason.kind}`)).toBe(1);
      }
    });
    expect([...covered.values()].reduce((a, b) => a + b, 0)).toBe(total);
    expect(payload.reasons.length).toBeLessThan(total / 2);
  });

  it("expands each item back to its first slot's reason within rounding", () => {
    for (const item of payload.reasons) {
      const original = plan.slots[item.i]?.reasons.find((r) => r.kind === item.k);
      const back = expandCardReason(item, payload.startMs);
      expect(back.kind).toBe(original?.kind);
      for (const [field, value] of Object.entries(original ?? {})) {
        const got = (back as unknown as Record<string, unknown>)[field];
        if (typeof value === "number") expect(Math.abs((got as number) - value)).toBeLessThanOrEqual(tolerance(field));
        else expect(got).toEqual(value);
      }
    }
    expect(payload.planReasons.map((r) => expandCardReason(r, payload.startMs))).toEqual([
      { kind: "solved", solver: "highs", status: "optimal", binaries: 384 },
      { kind: "plan_replaced", keptCostEur: 1.5, candidateCostEur: 1.23, stickySlots: 2 },
    ]);
  });
});

describe("toCardPayload edge cases", () => {
  it("drops far-future slot reasons to meet the budget and counts them", () => {
    const noisy: Plan = {
      ...plan,
      slots: plan.slots.map((s, i) => ({
        ...s,
        reasons: i % 2 === 0
          ? [{ kind: "hold", priceNowEurPerKWh: 0.2, laterPriceEurPerKWh: 0.3, laterAtMs: s.startMs + 7 * Q }, { kind: "rule", rule: "self_consumption", priceEurPerKWh: 0.2, lowThresholdEurPerKWh: 0.1, highThresholdEurPerKWh: 0.3 }]
          : [{ kind: "negative_price", priceEurPerKWh: -0.012, importW: 900 }, { kind: "export", powerW: 300, exportPriceEurPerKWh: 0.05 }],
      })),
    };
    const unlimited = toCardPayload(noisy, { slots, plugs: PLUGS, budgetBytes: 1_000_000 });
    expect(cardPayloadBytes(unlimited)).toBeGreaterThan(CARD_PAYLOAD_BUDGET_BYTES);
    const fitted = toCardPayload(noisy, { slots, plugs: PLUGS });
    expect(cardPayloadBytes(fitted)).toBeLessThanOrEqual(CARD_PAYLOAD_BUDGET_BYTES);
    expect(fitted.reasonsDropped).toBe(unlimited.reasons.length - fitted.reasons.length);
    expect(fitted.reasonsDropped).toBeGreaterThan(0);
    expect(fitted.reasons).toEqual(unlimited.reasons.slice(0, fitted.reasons.length));
    expect(fitted.socPct).toHaveLength(192);
    console.log(`noisy 48 h plan: ${cardPayloadBytes(unlimited)} bytes untrimmed (${unlimited.reasons.length} items) → ${cardPayloadBytes(fitted)} bytes, ${fitted.reasonsDropped} dropped`);
  });

  it("gives nulls where no input matches a slot and handles an empty plan", () => {
    const p = toCardPayload(plan, { slots: slots.slice(0, 10), plugs: [] });
    expect(p.importP[9]).not.toBeNull();
    expect([p.importP[10], p.pvW[10], p.loadW[10]]).toEqual([null, null, null]);
    expect(cardPayloadSchema.safeParse(p).success).toBe(true);
    const empty = toCardPayload({ ...plan, slots: [] }, { slots: [], plugs: [] });
    expect([empty.startMs, empty.stepMin, empty.socPct, empty.reasons]).toEqual([plan.generatedAtMs, 15, [], []]);
    expect(cardPayloadSchema.safeParse(empty).success).toBe(true);
  });
});
