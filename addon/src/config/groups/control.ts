import { z } from "zod";
import { floatIn, intIn } from "../fields.js";

/** Operating modes, as the MQTT `select` shows them. `auto` follows the plan. */
export const CONTROL_MODES = ["auto", "self_consumption", "charge", "discharge", "hold", "off"] as const;
export type ControlMode = (typeof CONTROL_MODES)[number];

/** `control`: the fast loop that holds the grid at its target (DESIGN.md "Two loops"). */
export const controlOptions = z
  .strictObject({
    mode: z.enum(CONTROL_MODES).default("auto"),
    /** Grid power to aim for, W (+ import). 0 = zero feed-in. */
    grid_target_w: intIn(-2000, 2000, 0),
    deadband_w: intIn(0, 500, 20),
    /** Time constant of the meter filter, s (0 = unfiltered). */
    filter_time_constant_s: floatIn(0, 120, 5),
    min_write_interval_s: intIn(1, 600, 5),
    max_step_w: intIn(10, 3000, 200),
    /** A set-point within this many W of the device's value is not re-sent (Zendure-HA uses 5). */
    tolerance_w: intIn(0, 100, 5),
    reserve_soc_pct: intIn(0, 100, 20),
    /** Log commands instead of sending them. */
    dry_run: z.boolean().default(false),
    /** A write counts as done once the entity shows the new value within this time, s. */
    confirm_timeout_s: intIn(1, 120, 10),
    /** Attempts per write before the device counts as not answering (safe state). */
    command_attempts: intIn(1, 10, 3),
    /** After a person switches a plug, Sunshift leaves it alone this long, min (0 = take over at once). */
    manual_override_minutes: intIn(0, 1440, 120),
  })
  .transform((o) => ({
    mode: o.mode,
    gridTargetW: o.grid_target_w,
    deadbandW: o.deadband_w,
    filterTimeConstantS: o.filter_time_constant_s,
    minWriteIntervalS: o.min_write_interval_s,
    maxStepW: o.max_step_w,
    toleranceW: o.tolerance_w,
    reserveSocPct: o.reserve_soc_pct,
    dryRun: o.dry_run,
    confirmTimeoutS: o.confirm_timeout_s,
    commandAttempts: o.command_attempts,
    manualOverrideMinutes: o.manual_override_minutes,
  }));

export type ControlConfig = z.output<typeof controlOptions>;
