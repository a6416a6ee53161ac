/**
 * Why the slow loop planned again (issue 3/4: re-plan on events). Each variant carries the
 * numbers that made it fire, so the plan's reasons can say "new prices: 24 → 48 slots".
 */

/** The HA entity commands that re-plan (see entities.ts `EntityCommand`). */
export type ReplanCommand = "replan" | "set_mode" | "set_reserve_soc" | "set_grid_target" | "set_optimizer_enabled";

export type ReplanTrigger =
  /** The add-on started (or its options changed, which restarts it). */
  | { readonly kind: "start" }
  /** The 15-minute schedule. */
  | { readonly kind: "schedule" }
  /** A mode or setting changed from HA, or the re-plan button. */
  | { readonly kind: "command"; readonly command: ReplanCommand }
  /** The price source's data changed (e.g. tomorrow's prices published, or prices after none). */
  | { readonly kind: "prices_changed"; readonly slotsBefore: number; readonly slotsAfter: number }
  /** PV forecast energy over the running plan's horizon changed beyond the threshold. */
  | { readonly kind: "forecast_changed"; readonly energyBeforeWh: number; readonly energyAfterWh: number }
  /** The measured SOC left the running plan's by more than the tolerance. */
  | { readonly kind: "soc_off_plan"; readonly plannedSocPct: number; readonly observedSocPct: number };

export type ReplanTriggerKind = ReplanTrigger["kind"];
