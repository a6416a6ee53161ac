import { z } from "zod";

/** Contract scenario-v1 (../shared/contracts/scenario-v1.md): the `sunshift plan` input. */

const finite = z.number().refine(Number.isFinite, "must be a finite number");
const nonNeg = finite.refine((x) => x >= 0, "must be >= 0");
const positive = finite.refine((x) => x > 0, "must be > 0");
const efficiency = finite.refine((x) => x > 0 && x <= 1, "must be in (0, 1]");
const pct = finite.refine((x) => x >= 0 && x <= 100, "must be within 0..100");
const slotIndex = z.number().int("must be an integer").min(0, "must be >= 0");
const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;

export const batterySchema = z.strictObject({
  capacityWh: positive,
  socStartPct: pct,
  socMinPct: pct,
  socMaxPct: pct,
  maxOutputW: nonNeg,
  maxAcChargeW: nonNeg,
  maxChargeDcW: nonNeg,
  maxDischargeDcW: nonNeg,
  chargeEfficiency: efficiency,
  dischargeEfficiency: efficiency,
  inverterEfficiency: efficiency,
  wearCostEurPerKWh: nonNeg,
  terminalValueEurPerKWh: nonNeg,
});

export const plugSchema = z.strictObject({
  id: z.string().min(1, "must not be empty"),
  powerW: nonNeg,
  runSlots: slotIndex,
  earliestSlot: slotIndex,
  latestSlot: slotIndex,
  contiguous: z.boolean(),
  minOnSlots: z.number().int().min(1).optional(),
  minOffSlots: z.number().int().min(1).optional(),
  maxStarts: z.number().int().min(1).optional(),
});

const baseSchema = z.strictObject({
  version: z.literal(1),
  start: z.string().regex(ISO_WITH_OFFSET, "must be an ISO 8601 date-time with offset").refine((s) => !Number.isNaN(Date.parse(s)), "must be a valid date-time"),
  stepMinutes: z.union([z.literal(15), z.literal(30), z.literal(60)], "must be 15, 30 or 60"),
  importPriceEurPerKWh: z.array(finite).min(1, "must have at least one slot"),
  exportPriceEurPerKWh: z.array(finite),
  loadW: z.array(nonNeg),
  pvW: z.array(nonNeg),
  battery: batterySchema,
  grid: z.strictObject({ maxImportW: nonNeg.nullable(), maxExportW: nonNeg }),
  plugs: z.array(plugSchema),
});

type Base = z.infer<typeof baseSchema>;

function crossChecks(s: Base, ctx: z.RefinementCtx): void {
  const n = s.importPriceEurPerKWh.length;
  for (const key of ["exportPriceEurPerKWh", "loadW", "pvW"] as const) {
    if (s[key].length !== n) ctx.addIssue({ code: "custom", path: [key], message: `must have ${n} values like importPriceEurPerKWh (has ${s[key].length})` });
  }
  s.exportPriceEurPerKWh.forEach((e, i) => {
    const imp = s.importPriceEurPerKWh[i];
    if (imp !== undefined && e > imp) ctx.addIssue({ code: "custom", path: ["exportPriceEurPerKWh", i], message: `must be <= importPriceEurPerKWh[${i}] (${imp})` });
  });
  const b = s.battery;
  if (b.socMinPct > b.socMaxPct) ctx.addIssue({ code: "custom", path: ["battery", "socMinPct"], message: "must be <= socMaxPct" });
  if (b.socStartPct < b.socMinPct || b.socStartPct > b.socMaxPct) {
    ctx.addIssue({ code: "custom", path: ["battery", "socStartPct"], message: "must be within [socMinPct, socMaxPct]" });
  }
  s.plugs.forEach((p, k) => {
    plugChecks(p, k, n, ctx);
  });
  const ids = new Set<string>();
  s.plugs.forEach((p, k) => {
    if (ids.has(p.id)) ctx.addIssue({ code: "custom", path: ["plugs", k, "id"], message: `duplicate plug id "${p.id}"` });
    ids.add(p.id);
  });
}

function plugChecks(p: z.infer<typeof plugSchema>, k: number, n: number, ctx: z.RefinementCtx): void {
  if (p.latestSlot >= n) ctx.addIssue({ code: "custom", path: ["plugs", k, "latestSlot"], message: `must be < ${n} (the number of slots)` });
  if (p.earliestSlot > p.latestSlot) ctx.addIssue({ code: "custom", path: ["plugs", k, "earliestSlot"], message: "must be <= latestSlot" });
  if (p.runSlots > p.latestSlot - p.earliestSlot + 1) {
    ctx.addIssue({ code: "custom", path: ["plugs", k, "runSlots"], message: "must fit in [earliestSlot, latestSlot]" });
  }
}

export const scenarioSchema = baseSchema.superRefine(crossChecks);
export type Scenario = z.infer<typeof scenarioSchema>;

/** "plugs[0].latestSlot: must be < 96" from a zod issue. */
export function formatIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : `${i === 0 ? "" : "."}${String(p)}`))
    .join("");
  return `${path === "" ? "scenario" : path}: ${issue.message}`;
}
