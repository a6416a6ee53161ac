import { z } from "zod";
import {
  GRID_TARGET_LIMITS,
  RESERVE_SOC_LIMITS,
  SUNSHIFT_MODES,
  entityCommandSchema,
  type EntityCommand,
} from "../domain/entities.js";

/**
 * Inbound MQTT commands (STYLE.md P7): HA publishes a plain payload to `sunshift/<id>/<key>/set`
 * (select: the option; number: the value as text, e.g. "25" or "25.0"; switch: ON/OFF; button:
 * PRESS). Parsed once here with zod into a typed EntityCommand; a bad payload is a value with
 * the reason, never a throw.
 */

export type CommandParse =
  | { readonly ok: true; readonly command: EntityCommand }
  | { readonly ok: false; readonly key: string; readonly payload: string; readonly reason: string };

const NUMERIC = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

function numberIn(min: number, max: number, unit: string): z.ZodType<number, string> {
  return z
    .string()
    .trim()
    .regex(NUMERIC, { error: "not a number" })
    .transform(Number)
    .pipe(
      z
        .number()
        .min(min, { error: `below the minimum ${min} ${unit}` })
        .max(max, { error: `above the maximum ${max} ${unit}` }),
    )
    .transform(Math.round);
}

const onOff = z.enum(["ON", "OFF"], { error: "expected ON or OFF" });
const modeText = z.enum(SUNSHIFT_MODES, { error: `unknown option (expected one of ${SUNSHIFT_MODES.join(", ")})` });

/** Per command key: payload text → the command's data. */
const commandSchemas = {
  mode: z.string().trim().pipe(modeText).transform((mode): EntityCommand => ({ kind: "set_mode", mode })),
  reserve_soc: numberIn(RESERVE_SOC_LIMITS.minPct, RESERVE_SOC_LIMITS.maxPct, "%").transform(
    (socPct): EntityCommand => ({ kind: "set_reserve_soc", socPct }),
  ),
  grid_target: numberIn(GRID_TARGET_LIMITS.minW, GRID_TARGET_LIMITS.maxW, "W").transform(
    (powerW): EntityCommand => ({ kind: "set_grid_target", powerW }),
  ),
  optimizer: z.string().trim().pipe(onOff).transform((v): EntityCommand => ({ kind: "set_optimizer_enabled", enabled: v === "ON" })),
  replan: z
    .string()
    .trim()
    .pipe(z.literal("PRESS", { error: "expected PRESS" }))
    .transform((): EntityCommand => ({ kind: "replan" })),
} as const satisfies Record<string, z.ZodType<EntityCommand, string>>;

export type CommandKey = keyof typeof commandSchemas;
export const COMMAND_KEYS = Object.keys(commandSchemas) as readonly CommandKey[];

function isCommandKey(key: string): key is CommandKey {
  return Object.hasOwn(commandSchemas, key);
}

/** Parse the payload HA sent to the command topic of entity `key`. Never throws. */
export function parseCommand(key: string, payload: string): CommandParse {
  if (!isCommandKey(key)) return { ok: false, key, payload, reason: `no entity "${key}" takes commands` };
  const parsed = commandSchemas[key].safeParse(payload);
  if (!parsed.success) return { ok: false, key, payload, reason: parsed.error.issues.map((i) => i.message).join("; ") };
  // The domain schema is the last word on ranges (e.g. a rounded value at a bound).
  const checked = entityCommandSchema.safeParse(parsed.data);
  if (!checked.success) return { ok: false, key, payload, reason: checked.error.issues.map((i) => i.message).join("; ") };
  return { ok: true, command: checked.data };
}
