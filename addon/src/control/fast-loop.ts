import type { Command, ConnectionStatus, EntityStates, HaClient, Logger, Scheduler, SiteReadings, Unsubscribe } from "../domain/index.js";
import type { Executor, SentCall } from "./executor.js";
import { initialGridFilter, updateGridFilter, type GridFilterState } from "./filter.js";
import { assessSafety, causeKey, describeSafety, safeBounds, stops, type DeviceLimits, type SafetyCause } from "./safety.js";
import { serialStep, type StateFeed } from "./state-feed.js";
import { applyDecision, controlStep, initialControlState, type ControlDecision, type ControlState, type ControlTuning, type SetpointBounds } from "./zero-feed-in.js";

/**
 * The fast loop (DESIGN.md "Two loops"): on every meter update, and at least every `tickMs`,
 * hold grid power at the target within the bounds the slow loop allows. Safety (safety.ts) is
 * checked on every step: a missing or stale meter, a lost HA connection or a hub that does not
 * answer puts the hub in its safe state (idle); a SOC outside the window narrows the bounds.
 * Either says why, and control resumes by itself once the cause is gone.
 */
export interface FastLoopOptions {
  /** Only for the connection status; states come from `states`. */
  readonly ha: Pick<HaClient, "onStatus">;
  /** The shared subscription of the site's entities (one for the whole service). */
  readonly states: StateFeed;
  readonly scheduler: Scheduler;
  readonly clock: { nowMs(): number };
  readonly logger: Logger;
  readonly readSite: (states: EntityStates) => SiteReadings;
  readonly executor: Executor;
  /** Read on every step: the grid target can change at run time. */
  readonly tuning: () => ControlTuning;
  readonly filterTimeConstantMs: number;
  readonly maxMeterAgeMs: number;
  readonly tickMs: number;
  /** Bounds for the current instant (plan slot or mode); zero feed-in by default. */
  readonly boundsAt: (nowMs: number, site: SiteReadings) => SetpointBounds;
  readonly onEvent?: (event: LoopEvent) => void;
  /** False while Sunshift must leave the hub alone (mode off): no writes at all. */
  readonly active?: () => boolean;
  /** The battery window (%) and the hub's hard limits (W). */
  readonly safety: { readonly socMinPct: number; readonly socMaxPct: number; readonly limits: DeviceLimits };
}

export type LoopEvent =
  | { readonly kind: "decision"; readonly atMs: number; readonly gridW: number; readonly filteredGridW: number; readonly decision: ControlDecision; readonly bounds: SetpointBounds }
  | { readonly kind: "sent"; readonly atMs: number; readonly calls: readonly SentCall[] }
  | { readonly kind: "safe_state"; readonly atMs: number; readonly cause: string; readonly causes: readonly SafetyCause[] }
  | { readonly kind: "resumed"; readonly atMs: number };

export interface FastLoop {
  start(): void;
  stop(): void;
  /** Run one step now (also used by tests on a manual clock). */
  tick(): Promise<void>;
  readonly safeCause: () => string | null;
}

export function createFastLoop(opts: FastLoopOptions): FastLoop {
  return new FastLoopImpl(opts);
}

class FastLoopImpl implements FastLoop {
  private filter: GridFilterState = initialGridFilter;
  private control: ControlState = initialControlState;
  private statusKind: ConnectionStatus["kind"] = "connecting";
  private cause: string | null = null;
  private causeKey = "";
  private lastMeterAtMs: number | null = null;
  /** When we last saw the meter change, by our clock (see SafetyInput.meterSeenAtMs). */
  private meterSeenAtMs: number | null = null;
  private readonly disposers: Unsubscribe[] = [];

  constructor(private readonly opts: FastLoopOptions) {}

  start(): void {
    this.disposers.push(this.opts.ha.onStatus((status) => {
      this.onStatus(status);
    }));
    this.disposers.push(this.opts.states.onChange((states) => {
      this.onStates(states);
    }));
    this.disposers.push(this.opts.scheduler.setInterval(() => {
      this.run();
    }, this.opts.tickMs));
  }

  stop(): void {
    for (const dispose of this.disposers.splice(0).reverse()) dispose();
  }

  readonly safeCause = (): string | null => this.cause;

  // One step at a time: a meter burst while a write is in flight is folded into the next step.
  private readonly serial = serialStep(() => this.step(), (err) => {
    this.opts.logger.error("fast loop step failed", { error: String(err) });
  });

  tick(): Promise<void> {
    return this.serial.tick();
  }

  private run(): void {
    this.serial.run();
  }

  private emit(event: LoopEvent): void {
    this.opts.onEvent?.(event);
  }

  private onStates(states: EntityStates): void {
    const meter = this.opts.readSite(states).meter.gridPowerW;
    const atMs = meter.ok ? meter.atMs : null;
    if (atMs !== null && atMs !== this.lastMeterAtMs) {
      this.lastMeterAtMs = atMs;
      this.meterSeenAtMs = this.opts.clock.nowMs();
      this.run();
    }
  }

  private onStatus(status: ConnectionStatus): void {
    this.statusKind = status.kind;
    if (status.kind !== "connected") this.run();
  }

  private async step(): Promise<void> {
    const nowMs = this.opts.clock.nowMs();
    const site = this.opts.readSite(this.opts.states.current());
    const causes = this.assess(nowMs, site);
    if (causes.some(stops)) {
      const cause = describeSafety(causes);
      // Without a connection nothing can be sent, and in mode off the hub is left alone; otherwise it goes idle.
      const idle: Command = { kind: "battery_idle", reason: { kind: "safe_state", cause } };
      const send = this.statusKind === "connected" && this.opts.active?.() !== false;
      return this.enterSafe(cause, causes, send ? idle : null);
    }
    if (this.opts.active?.() === false) {
      // Hands off: forget the set-point so the first write after re-activation is not diffed away.
      this.control = initialControlState;
      return;
    }
    this.noteCauses(causes, nowMs);
    await this.regulate(nowMs, site, causes);
  }

  private assess(nowMs: number, site: SiteReadings): readonly SafetyCause[] {
    // Our clock went back: count the meter's silence from now on.
    if (this.meterSeenAtMs !== null && nowMs < this.meterSeenAtMs) this.meterSeenAtMs = nowMs;
    const seen = this.meterSeenAtMs === null ? {} : { meterSeenAtMs: this.meterSeenAtMs };
    const { safety } = this.opts;
    return assessSafety({ nowMs, connection: this.statusKind, site, maxMeterAgeMs: this.opts.maxMeterAgeMs, ...safety, notAnswering: this.opts.executor.notAnswering(), ...seen });
  }

  /** One control step within the bounds the plan, the mode and the safety causes leave. */
  private async regulate(nowMs: number, site: SiteReadings, causes: readonly SafetyCause[]): Promise<void> {
    const grid = site.meter.gridPowerW;
    if (!grid.ok) return;
    const out = site.battery.acOutputPowerW;
    const inp = site.battery.acInputPowerW;
    const observedHubW = out.ok && inp.ok ? out.value - inp.value : null;
    // Filter the household load (grid + hub), not the grid alone: the hub's own changes show up
    // in the grid at once, and a lagging grid next to a current hub reading would make the load
    // estimate swing on every write.
    const hubW = observedHubW ?? this.control.setpointW ?? 0;
    this.filter = updateGridFilter(this.filter, grid.value + hubW, grid.atMs, this.opts.filterTimeConstantMs);
    const pv = site.battery.pvPowerW;
    const bounds = safeBounds(causes, this.opts.boundsAt(nowMs, site), this.opts.safety.limits, pv.ok ? pv.value : null);
    const filteredGridW = (this.filter.filteredW ?? grid.value + hubW) - hubW;
    const input = { nowMs, gridW: grid.value, filteredGridW, observedHubW, bounds, tuning: this.opts.tuning() };
    const decision = controlStep(input, this.control);
    this.emit({ kind: "decision", atMs: nowMs, gridW: grid.value, filteredGridW, decision, bounds });
    this.control = applyDecision(this.control, decision, nowMs);
    if (decision.kind === "write") await this.send(decision.command, nowMs);
  }

  /** Limit causes (SOC) are reported like a safe state but control goes on within narrowed bounds. */
  private noteCauses(causes: readonly SafetyCause[], nowMs: number): void {
    const key = causeKey(causes);
    const text = causes.length === 0 ? null : describeSafety(causes);
    const changed = key !== this.causeKey;
    this.causeKey = key;
    if (text === null) {
      if (this.cause === null) return;
      this.opts.logger.info("control resumed", { after: this.cause });
      this.cause = null;
      this.emit({ kind: "resumed", atMs: nowMs });
      return;
    }
    this.cause = text;
    if (!changed) return;
    this.opts.logger.warn("limited", { cause: text });
    this.emit({ kind: "safe_state", atMs: nowMs, cause: text, causes });
  }

  private async enterSafe(cause: string, causes: readonly SafetyCause[], command: Command | null): Promise<void> {
    const nowMs = this.opts.clock.nowMs();
    const key = causeKey(causes);
    this.cause = cause;
    if (this.causeKey !== key) {
      this.causeKey = key;
      this.opts.logger.warn("safe state", { cause });
      this.emit({ kind: "safe_state", atMs: nowMs, cause, causes });
      // Forget the last set-point: when control resumes, the first write is not diffed away.
      this.control = initialControlState;
      this.filter = initialGridFilter;
    }
    if (command !== null) await this.send(command, nowMs);
  }

  private async send(command: Command, nowMs: number): Promise<void> {
    const calls = await this.opts.executor.execute(command, this.opts.states.current());
    if (calls.length > 0) this.emit({ kind: "sent", atMs: nowMs, calls });
  }
}
