import { z } from "zod";
import { parseTimeOfDay, requiredEntityId, timeOfDay, whenValid } from "../fields.js";

const MINUTES_PER_DAY = 1440;

/**
 * Length of the allowed window in minutes. `latest` is inclusive of its minute; a window with
 * latest before earliest wraps past midnight (22:00–06:00 is 8 h 1 min).
 */
export function windowMinutes(earliestMinute: number, latestMinute: number): number {
  return ((latestMinute - earliestMinute + MINUTES_PER_DAY) % MINUTES_PER_DAY) + 1;
}

const plugEntry = z
  .strictObject({
    /** Stable id used in plans, history series (`plug_w:<id>`) and MQTT unique ids. */
    id: z.string().regex(/^[a-z0-9_]{1,32}$/, "must be 1–32 lower-case letters, digits or underscores"),
    name: z.string().min(1).max(64),
    switch_entity: requiredEntityId(["switch"], "switch.shellyplusplugs_dishwasher"),
    power_entity: requiredEntityId(["sensor"], "sensor.shellyplusplugs_dishwasher_power"),
    /** Typical draw while running, W (what the planner reserves). */
    power_w: z.number().gt(0).max(3680),
    /** How long the appliance must run within the window each day. */
    run_minutes: z.int().min(1).max(MINUTES_PER_DAY),
    earliest: timeOfDay("00:00"),
    latest: timeOfDay("23:59"),
    contiguous: z.boolean().default(true),
    min_on_minutes: z.int().min(1).max(MINUTES_PER_DAY).optional(),
    min_off_minutes: z.int().min(1).max(MINUTES_PER_DAY).optional(),
    max_starts: z.int().min(1).max(96).optional(),
  })
  .superRefine((p, ctx) => {
    const from = parseTimeOfDay(p.earliest);
    const to = parseTimeOfDay(p.latest);
    if (from === null || to === null) return;
    const window = windowMinutes(from, to);
    if (p.run_minutes > window) {
      ctx.addIssue({
        code: "custom",
        path: ["run_minutes"],
        input: p.run_minutes,
        message: `must fit into the window ${p.earliest}–${p.latest} (${window} min)`,
      });
    }
    if (p.min_on_minutes !== undefined && p.min_on_minutes > p.run_minutes) {
      ctx.addIssue({
        code: "custom",
        path: ["min_on_minutes"],
        input: p.min_on_minutes,
        message: `must not exceed run_minutes (${p.run_minutes})`,
      });
    }
  }, { when: whenValid(["earliest"], ["latest"], ["run_minutes"], ["min_on_minutes"]) })
  .transform((p) => ({
    id: p.id,
    name: p.name,
    switchEntity: p.switch_entity,
    powerEntity: p.power_entity,
    powerW: p.power_w,
    runMinutes: p.run_minutes,
    /** Local minute of the day, 0..1439. */
    earliestMinuteOfDay: parseTimeOfDay(p.earliest) ?? 0,
    /** Local minute of the day, inclusive; before `earliestMinuteOfDay` means the window wraps midnight. */
    latestMinuteOfDay: parseTimeOfDay(p.latest) ?? MINUTES_PER_DAY - 1,
    contiguous: p.contiguous,
    minOnMinutes: p.min_on_minutes ?? null,
    minOffMinutes: p.min_off_minutes ?? null,
    maxStarts: p.max_starts ?? null,
  }));

/** `plugs`: switchable loads (Shelly plugs) the planner may schedule. Ids and entities unique. */
export const plugsOptions = z
  .array(plugEntry)
  .max(16)
  .superRefine((plugs, ctx) => {
    const seen = new Map<string, number>();
    plugs.forEach((p, i) => {
      for (const [key, value] of [["id", p.id], ["switch_entity", p.switchEntity]] as const) {
        const k = `${key}=${value}`;
        const first = seen.get(k);
        if (first === undefined) seen.set(k, i);
        else ctx.addIssue({ code: "custom", path: [i, key], input: value, message: `must be unique (plugs[${first}] has it too)` });
      }
    });
    // Entries are compared once each one is valid (and transformed).
  }, { when: (payload) => payload.issues.length === 0 });

export type PlugConfig = z.output<typeof plugEntry>;
export type PlugsConfig = z.output<typeof plugsOptions>;
