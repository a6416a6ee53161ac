import { z } from "zod";

/** The part of HA's `get_config` Sunshift uses (parsed once at the edge, STYLE.md P7). */
export const haCoreConfigSchema = z.object({
  version: z.string(),
  time_zone: z.string(),
  currency: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  elevation: z.number().optional(),
  location_name: z.string(),
  country: z.string().nullable().optional(),
  language: z.string().optional(),
  unit_system: z.record(z.string(), z.string()),
  state: z.string().optional(),
});

export type HaCoreConfig = z.infer<typeof haCoreConfigSchema>;
