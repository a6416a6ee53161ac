import { z } from "zod";
import { intIn } from "../fields.js";

/** `storage`: the history database. */
export const storageOptions = z
  .strictObject({
    /** Raw samples older than this are dropped; aggregates are kept. */
    raw_retention_days: intIn(1, 365, 14),
  })
  .transform((o) => ({ rawRetentionDays: o.raw_retention_days }));

export type StorageConfig = z.output<typeof storageOptions>;
