import { z } from "zod";
import { digitsToNumber, floatIn, intIn } from "../fields.js";

/** `planner`: the slow loop that plans the next hours against prices. */
export const plannerOptions = z
  .strictObject({
    horizon_hours: intIn(24, 48, 36),
    step_minutes: z.preprocess(digitsToNumber, z.literal([15, 30, 60])).default(15),
    /** A new plan replaces the running one only when it is cheaper by at least this much. */
    replan_margin_eur: floatIn(0, 10, 0.02),
    time_limit_s: intIn(1, 120, 10),
    /** Import limit of the connection, W; absent = no limit. */
    max_import_w: z.int().min(0).max(100_000).optional(),
    /** Export limit, W; 0 = zero feed-in. */
    max_export_w: intIn(0, 100_000, 800),
  })
  .transform((o) => ({
    horizonHours: o.horizon_hours,
    stepMinutes: o.step_minutes,
    replanMarginEur: o.replan_margin_eur,
    timeLimitS: o.time_limit_s,
    maxImportW: o.max_import_w ?? null,
    maxExportW: o.max_export_w,
  }));

export type PlannerConfig = z.output<typeof plannerOptions>;
