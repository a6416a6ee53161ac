import type { ServiceCall } from "./ha.js";

/**
 * Why a command was sent. Every command carries the reason that caused it (STYLE.md P11), so
 * logs, the status page and the card can say "set output to 240 W because …".
 */
export type CommandReason =
  | { readonly kind: "zero_feed_in"; readonly gridPowerW: number; readonly targetW: number; readonly filteredGridW: number }
  | { readonly kind: "grid_target"; readonly gridPowerW: number; readonly targetW: number; readonly filteredGridW: number }
  | { readonly kind: "plan"; readonly slotStartMs: number; readonly action: string }
  | { readonly kind: "safe_state"; readonly cause: string }
  | { readonly kind: "manual_mode"; readonly mode: string }
  | { readonly kind: "startup_sync" };

/** What Sunshift wants a device to do, before it becomes HA service calls. */
export type Command =
  | { readonly kind: "battery_discharge"; readonly powerW: number; readonly reason: CommandReason }
  | { readonly kind: "battery_ac_charge"; readonly powerW: number; readonly reason: CommandReason }
  | { readonly kind: "battery_idle"; readonly reason: CommandReason }
  | { readonly kind: "plug_switch"; readonly plugId: string; readonly on: boolean; readonly reason: CommandReason }
  | {
      readonly kind: "light_set";
      readonly on: boolean;
      readonly rgbColor: readonly [number, number, number];
      readonly brightnessPct: number;
      readonly reason: CommandReason;
    };

/** A command translated for HA: the calls to make, in order. */
export interface CommandPlan {
  readonly command: Command;
  readonly calls: readonly ServiceCall[];
}
