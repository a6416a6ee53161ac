import { z } from "zod";
import { entityId, intIn } from "../fields.js";

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

/** "#rrggbb" → [r, g, b] (0..255 each). Precondition: matches HEX_COLOR. */
export function parseHexColor(hex: string): readonly [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

function color(fallback: string) {
  return z.string().regex(HEX_COLOR, 'must be a colour "#rrggbb" like "#00c853"').default(fallback);
}

/** `light`: an RGB light that shows Sunshift's state (status LED). */
export const lightOptions = z
  .strictObject({
    entity: entityId(["light"], "light.sunshift_status"),
    enabled: z.boolean().default(true),
    brightness_pct: intIn(1, 100, 40),
    /** `battery`: charging/discharging shown before the price level; `price`: the price level only. */
    priority: z.enum(["battery", "price"]).default("battery"),
    color_cheap: color("#00c853"),
    color_normal: color("#ffb300"),
    color_expensive: color("#ff6d00"),
    color_charging: color("#2979ff"),
    color_discharging: color("#aa00ff"),
    color_problem: color("#ff0000"),
  })
  .transform((o) => ({
    entity: o.entity,
    enabled: o.enabled,
    brightnessPct: o.brightness_pct,
    priority: o.priority,
    colors: {
      cheap: parseHexColor(o.color_cheap),
      normal: parseHexColor(o.color_normal),
      expensive: parseHexColor(o.color_expensive),
      charging: parseHexColor(o.color_charging),
      discharging: parseHexColor(o.color_discharging),
      problem: parseHexColor(o.color_problem),
    },
  }));

export type LightConfig = z.output<typeof lightOptions>;
