import { z } from "zod";
import { entityId, intIn } from "../fields.js";

/** `light`: an RGB light that shows Sunshift's state (status LED). */
export const lightOptions = z
  .strictObject({
    entity: entityId(["light"], "light.sunshift_status"),
    enabled: z.boolean().default(true),
    brightness_pct: intIn(1, 100, 40),
  })
  .transform((o) => ({ entity: o.entity, enabled: o.enabled, brightnessPct: o.brightness_pct }));

export type LightConfig = z.output<typeof lightOptions>;
