import { ageMs, describeMissing, type ConnectionStatus, type Reading, type SiteReadings } from "../domain/index.js";
import type { LoopEvent } from "../control/fast-loop.js";
import { describeCall } from "../control/executor.js";
import type { PlanView } from "./plan-view.js";

/**
 * What the status page, the JSON API and the logs show: the latest readings with their ages,
 * the last decisions and the service calls with the reason behind each. Bounded ring buffers.
 */
export interface ReadingView {
  readonly value: number | string | boolean | null;
  readonly ageS: number | null;
  readonly missing: string | null;
  readonly entityId: string | null;
}

export interface ActivityEntry {
  readonly atMs: number;
  readonly kind: "decision" | "call" | "safe_state" | "resumed";
  readonly text: string;
  readonly ok: boolean;
}

export interface StatusSnapshot {
  readonly version: string;
  readonly nowMs: number;
  readonly startedAtMs: number;
  readonly connection: ConnectionStatus;
  readonly safeState: string | null;
  readonly readings: Readonly<Record<string, ReadingView>>;
  readonly setpointW: number | null;
  readonly activity: readonly ActivityEntry[];
  readonly counters: Readonly<Record<string, number>>;
  readonly plan: PlanView | null;
  /** Durations of plan runs and confirmed commands, s (wall time: what a user waits). */
  readonly durations: Readonly<Record<string, DurationStats>>;
  /** The last plan run's inputs with their ages now, s (null: missing or unknown). */
  readonly inputs: readonly { readonly input: string; readonly source: string | null; readonly ageS: number | null; readonly stale: boolean }[];
}

export interface DurationStats {
  readonly count: number;
  readonly sumS: number;
  readonly maxS: number;
  readonly lastS: number;
}

/** One input of a plan run as the board keeps it (CardDataStatus, with when the age was taken). */
export interface InputFreshness {
  readonly input: string;
  readonly source: string | null;
  readonly ageS: number | null;
  readonly stale: boolean;
}

const MAX_ACTIVITY = 50;

export class StatusBoard {
  private connection: ConnectionStatus = { kind: "connecting", attempt: 0 };
  private site: SiteReadings | null = null;
  private safeState: string | null = null;
  private setpointW: number | null = null;
  private plan: PlanView | null = null;
  private readonly activity: ActivityEntry[] = [];
  private readonly counters = new Map<string, number>();
  private readonly durations = new Map<string, DurationStats>();
  private inputs: { readonly atMs: number; readonly list: readonly InputFreshness[] } = { atMs: 0, list: [] };

  constructor(private readonly version: string, private readonly startedAtMs: number) {}

  setConnection(status: ConnectionStatus): void {
    this.connection = status;
  }

  setSite(site: SiteReadings): void {
    this.site = site;
  }

  setPlan(plan: PlanView): void {
    this.plan = plan;
  }

  count(name: string, by = 1): void {
    this.counters.set(name, (this.counters.get(name) ?? 0) + by);
  }

  /** Records one duration of `op` (e.g. `plan_run`, `command_confirm`), s. */
  observe(op: string, seconds: number): void {
    if (!Number.isFinite(seconds) || seconds < 0) return;
    const d = this.durations.get(op) ?? { count: 0, sumS: 0, maxS: 0, lastS: 0 };
    this.durations.set(op, { count: d.count + 1, sumS: d.sumS + seconds, maxS: Math.max(d.maxS, seconds), lastS: seconds });
  }

  /** The inputs of a plan run made at `atMs` (clock time). */
  setInputs(list: readonly InputFreshness[], atMs: number): void {
    this.inputs = { atMs, list };
  }

  /** Folds one fast-loop event in; returns the activity lines it produced (for the console log). */
  onLoopEvent(event: LoopEvent): readonly ActivityEntry[] {
    const lines = entriesFor(event);
    if (event.kind === "decision") {
      this.count("decisions");
      if (event.decision.kind === "write") this.setpointW = event.decision.setpointW;
    }
    if (event.kind === "sent") this.count("service_calls", event.calls.length);
    if (event.kind === "safe_state") this.safeState = event.cause;
    if (event.kind === "resumed") this.safeState = null;
    for (const line of lines) this.activity.push(line);
    this.activity.splice(0, Math.max(0, this.activity.length - MAX_ACTIVITY));
    return lines;
  }

  snapshot(nowMs: number): StatusSnapshot {
    return {
      version: this.version,
      nowMs,
      startedAtMs: this.startedAtMs,
      connection: this.connection,
      safeState: this.safeState,
      readings: this.site === null ? {} : readingViews(this.site, nowMs),
      setpointW: this.setpointW,
      activity: [...this.activity].reverse(),
      counters: Object.fromEntries(this.counters),
      plan: this.plan,
      durations: Object.fromEntries(this.durations),
      inputs: this.inputs.list.map((i) => ({ ...i, ageS: i.ageS === null ? null : Math.round(i.ageS + Math.max(0, nowMs - this.inputs.atMs) / 1000) })),
    };
  }
}

function entriesFor(event: LoopEvent): readonly ActivityEntry[] {
  switch (event.kind) {
    case "decision": {
      const d = event.decision;
      if (d.kind === "hold") return [];
      const text = `grid ${Math.round(event.gridW)} W (filtered ${Math.round(event.filteredGridW)} W) → hub set-point ${d.setpointW} W (wanted ${d.desiredW} W, bounds ${event.bounds.minW}..${event.bounds.maxW} W)`;
      return [{ atMs: event.atMs, kind: "decision", text, ok: true }];
    }
    case "sent":
      return event.calls.map((c) => ({
        atMs: event.atMs,
        kind: "call" as const,
        text: `${describeCall(c.call)} — because ${c.command.reason.kind.replaceAll("_", " ")}${c.result.ok ? "" : ` — FAILED: ${c.result.message}`}`,
        ok: c.result.ok,
      }));
    case "safe_state":
      return [{ atMs: event.atMs, kind: "safe_state", text: `safe state: ${event.cause}`, ok: false }];
    case "resumed":
      return [{ atMs: event.atMs, kind: "resumed", text: "control resumed", ok: true }];
  }
}

function view<T extends number | string | boolean>(reading: Reading<T>, nowMs: number): ReadingView {
  const age = ageMs(reading, nowMs);
  return {
    value: reading.ok ? reading.value : null,
    ageS: age === null ? null : Math.round(age / 100) / 10,
    missing: reading.ok ? null : describeMissing(reading.cause),
    entityId: reading.entityId,
  };
}

function readingViews(site: SiteReadings, nowMs: number): Record<string, ReadingView> {
  const b = site.battery;
  const out: Record<string, ReadingView> = {
    grid_w: view(site.meter.gridPowerW, nowMs),
    soc_pct: view(b.socPct, nowMs),
    pv_w: view(b.pvPowerW, nowMs),
    ac_output_w: view(b.acOutputPowerW, nowMs),
    ac_input_w: view(b.acInputPowerW, nowMs),
    battery_charge_w: view(b.chargePowerW, nowMs),
    battery_discharge_w: view(b.dischargePowerW, nowMs),
    output_limit_w: view(b.outputLimitW, nowMs),
    ac_mode: view(b.acMode, nowMs),
  };
  for (const plug of site.plugs) {
    out[`plug_${plug.id}_on`] = view(plug.on, nowMs);
    out[`plug_${plug.id}_w`] = view(plug.powerW, nowMs);
  }
  return out;
}
