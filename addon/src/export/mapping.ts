import type { Command, CommandReason } from "../domain/command.js";
import type { Sample } from "../domain/history.js";
import type { Plan, PlannerSlotInput } from "../domain/plan.js";
import type { EpochMs } from "../domain/time.js";
import type { ExportPoint, FieldValue } from "./line-protocol.js";

/**
 * What Sunshift exports, as pure functions from domain values to points. A point's identity in
 * InfluxDB is measurement + tags + timestamp, so exporting the same value twice overwrites
 * identically, and a newer plan overwrites the older plan's slots.
 *
 * - `sunshift_reading`: one point per history sample; tag `series` (grid_w, pv_w, soc_pct,
 *   battery_w, ac_output_w, ac_input_w, load_w = the home, base_load_w, plug_w) and for plugs
 *   tag `plug`; field `value` (W or %, signs as in domain/history.ts).
 * - `sunshift_plan`: one point per plan slot at its start; planned battery/grid/SOC, the prices
 *   and forecasts the plan was made with, the action and its first reason.
 * - `sunshift_decision`: one point per command sent to a device; tags `command`, `reason`
 *   (the reason kind) and `plug`; the set-point and the numbers behind the reason.
 */
export const MEASUREMENTS = { reading: "sunshift_reading", plan: "sunshift_plan", decision: "sunshift_decision" } as const;

const PLUG_PREFIX = "plug_w:";

/** History samples (devices/ingest.ts) → `sunshift_reading` points. Non-finite values are dropped. */
export function readingPoints(samples: readonly Sample[]): ExportPoint[] {
  const out: ExportPoint[] = [];
  for (const s of samples) {
    if (!Number.isFinite(s.value)) continue;
    const tags = s.series.startsWith(PLUG_PREFIX) ? { series: "plug_w", plug: s.series.slice(PLUG_PREFIX.length) } : { series: s.series };
    out.push({ measurement: MEASUREMENTS.reading, tags, fields: { value: s.value }, atMs: s.atMs });
  }
  return out;
}

/**
 * A plan → one `sunshift_plan` point per slot (at the slot's start). `inputs` are the planner's
 * slot inputs (prices, load and PV forecast), matched by start; slots without one carry only
 * the planned values.
 */
export function planPoints(plan: Plan, inputs: readonly PlannerSlotInput[] = []): ExportPoint[] {
  const byStart = new Map(inputs.map((i) => [i.startMs, i]));
  return plan.slots.map((slot) => {
    const input = byStart.get(slot.startMs);
    const fields: Record<string, FieldValue> = {
      battery_w: slot.batteryW,
      grid_w: slot.gridW,
      soc_pct: slot.socPct,
      ac_out_w: slot.acOutW,
      ac_in_w: slot.acInW,
      pv_used_w: slot.pvUsedW,
      pv_curtailed_w: slot.pvCurtailedW,
      cost_eur: slot.costEur,
      action: slot.action,
      reason: slot.reasons[0]?.kind ?? "",
      plugs_on: slot.plugsOn.join(","),
      status: plan.status,
      generated_at_ms: plan.generatedAtMs,
    };
    if (input !== undefined) {
      fields.import_price_eur_per_kwh = input.importPriceEurPerKWh;
      fields.export_price_eur_per_kwh = input.exportPriceEurPerKWh;
      fields.load_forecast_w = input.loadW;
      fields.pv_forecast_w = input.pvW;
    }
    return { measurement: MEASUREMENTS.plan, tags: {}, fields, atMs: slot.startMs };
  });
}

/** How a command ended at the device. */
export type DecisionOutcome = "sent" | "failed" | "dry_run";

/**
 * One command → a `sunshift_decision` point. `setpoint_w` is signed like the site: + discharge
 * to the home, − charge from AC, 0 idle.
 */
export function commandPoint(command: Command, atMs: EpochMs, outcome: DecisionOutcome): ExportPoint {
  const tags: Record<string, string> = { command: command.kind, reason: command.reason.kind };
  const fields: Record<string, FieldValue> = { outcome, ...reasonFields(command.reason) };
  switch (command.kind) {
    case "battery_discharge":
      fields.setpoint_w = command.powerW;
      break;
    case "battery_ac_charge":
      fields.setpoint_w = -command.powerW;
      break;
    case "battery_idle":
      fields.setpoint_w = 0;
      break;
    case "plug_switch":
      tags.plug = command.plugId;
      fields.on = command.on;
      break;
    case "light_set":
      fields.on = command.on;
      fields.brightness_pct = command.brightnessPct;
      fields.rgb = command.rgbColor.join(",");
      break;
  }
  return { measurement: MEASUREMENTS.decision, tags, fields, atMs };
}

function reasonFields(reason: CommandReason): Record<string, FieldValue> {
  switch (reason.kind) {
    case "zero_feed_in":
    case "grid_target":
      return { grid_power_w: reason.gridPowerW, target_w: reason.targetW, filtered_grid_w: reason.filteredGridW };
    case "plan":
      return { slot_start_ms: reason.slotStartMs, action: reason.action };
    case "safe_state":
      return { cause: reason.cause };
    case "manual_mode":
      return { mode: reason.mode };
    case "startup_sync":
      return {};
  }
}

/** A service call made for a command, as the executor reports it (control/executor.ts SentCall fits). */
export interface SentCommandCall {
  readonly command: Command;
  readonly result: { readonly ok: boolean; readonly response?: unknown };
}

/**
 * The calls the executor sent at `atMs` → one decision point per command (a command may take
 * several calls; it failed if any of them did, and is a dry run if its calls were not sent).
 */
export function decisionPoints(calls: readonly SentCommandCall[], atMs: EpochMs): ExportPoint[] {
  const outcomes = new Map<Command, DecisionOutcome>();
  for (const { command, result } of calls) {
    const outcome: DecisionOutcome = !result.ok ? "failed" : result.response === "dry_run" ? "dry_run" : "sent";
    const before = outcomes.get(command);
    outcomes.set(command, before === "failed" ? "failed" : outcome);
  }
  return [...outcomes].map(([command, outcome]) => commandPoint(command, atMs, outcome));
}
