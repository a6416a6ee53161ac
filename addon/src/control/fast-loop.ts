import {
  describeMissing,
  fresh,
  type Command,
  type ConnectionStatus,
  type EntityStates,
  type HaClient,
  type Logger,
  type Scheduler,
  type SiteReadings,
  type Unsubscribe,
} from "../domain/index.js";
import type { Executor, SentCall } from "./executor.js";
import { initialGridFilter, updateGridFilter, type GridFilterState } from "./filter.js";
import { applyDecision, controlStep, initialControlState, type ControlDecision, type ControlState, type ControlTuning, type SetpointBounds } from "./zero-feed-in.js";

/**
 * The fast loop (DESIGN.md "Two loops"): on every meter update, and at least every `tickMs`,
 * hold grid power at the target within the bounds the slow loop allows. A missing or stale
 * meter, or a lost HA connection, puts the hub in a safe state (idle) and says why.
 */
export interface FastLoopOptions {
  readonly ha: HaClient;
  readonly scheduler: Scheduler;
  readonly clock: { nowMs(): number };
  readonly logger: Logger;
  readonly entityIds: readonly string[];
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
}

export type LoopEvent =
  | { readonly kind: "decision"; readonly atMs: number; readonly gridW: number; readonly filteredGridW: number; readonly decision: ControlDecision; readonly bounds: SetpointBounds }
  | { readonly kind: "sent"; readonly atMs: number; readonly calls: readonly SentCall[] }
  | { readonly kind: "safe_state"; readonly atMs: number; readonly cause: string }
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
  private states: EntityStates = new Map();
  private filter: GridFilterState = initialGridFilter;
  private control: ControlState = initialControlState;
  private connected = false;
  private statusKind: ConnectionStatus["kind"] = "connecting";
  private cause: string | null = null;
  private busy = false;
  private lastMeterAtMs: number | null = null;
  private readonly disposers: Unsubscribe[] = [];

  constructor(private readonly opts: FastLoopOptions) {}

  start(): void {
    this.disposers.push(this.opts.ha.onStatus((status) => {
      this.onStatus(status);
    }));
    this.disposers.push(this.opts.ha.subscribeEntities(this.opts.entityIds, (states) => {
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

  async tick(): Promise<void> {
    // One step at a time: a meter burst while a write is in flight is folded into the next step.
    if (this.busy) return;
    this.busy = true;
    try {
      await this.step();
    } finally {
      this.busy = false;
    }
  }

  private run(): void {
    this.tick().catch((err: unknown) => {
      this.opts.logger.error("fast loop step failed", { error: String(err) });
    });
  }

  private emit(event: LoopEvent): void {
    this.opts.onEvent?.(event);
  }

  private onStates(states: EntityStates): void {
    this.states = states;
    const meter = this.opts.readSite(states).meter.gridPowerW;
    const atMs = meter.ok ? meter.atMs : null;
    if (atMs !== null && atMs !== this.lastMeterAtMs) {
      this.lastMeterAtMs = atMs;
      this.run();
    }
  }

  private onStatus(status: ConnectionStatus): void {
    this.connected = status.kind === "connected";
    this.statusKind = status.kind;
    if (!this.connected) this.run();
  }

  private async step(): Promise<void> {
    const nowMs = this.opts.clock.nowMs();
    if (!this.connected) return this.enterSafe(`Home Assistant ${this.statusKind === "connecting" ? "not connected yet" : this.statusKind}`, null);
    if (this.opts.active?.() === false) {
      // Hands off: forget the set-point so the first write after re-activation is not diffed away.
      this.control = initialControlState;
      return;
    }
    const site = this.opts.readSite(this.states);
    const grid = fresh(site.meter.gridPowerW, nowMs, this.opts.maxMeterAgeMs);
    if (!grid.ok) {
      const cause = `meter: ${describeMissing(grid.cause)}`;
      return this.enterSafe(cause, { kind: "battery_idle", reason: { kind: "safe_state", cause } });
    }
    if (this.cause !== null) {
      this.opts.logger.info("control resumed", { after: this.cause });
      this.cause = null;
      this.emit({ kind: "resumed", atMs: nowMs });
    }
    this.filter = updateGridFilter(this.filter, grid.value, grid.atMs, this.opts.filterTimeConstantMs);
    const out = site.battery.acOutputPowerW;
    const inp = site.battery.acInputPowerW;
    const observedHubW = out.ok && inp.ok ? out.value - inp.value : null;
    const bounds = this.opts.boundsAt(nowMs, site);
    const filteredGridW = this.filter.filteredW ?? grid.value;
    const input = { nowMs, gridW: grid.value, filteredGridW, observedHubW, bounds, tuning: this.opts.tuning() };
    const decision = controlStep(input, this.control);
    this.emit({ kind: "decision", atMs: nowMs, gridW: grid.value, filteredGridW, decision, bounds });
    this.control = applyDecision(this.control, decision, nowMs);
    if (decision.kind === "write") await this.send(decision.command, nowMs);
  }

  private async enterSafe(cause: string, command: Command | null): Promise<void> {
    const nowMs = this.opts.clock.nowMs();
    if (this.cause !== cause) {
      this.cause = cause;
      this.opts.logger.warn("safe state", { cause });
      this.emit({ kind: "safe_state", atMs: nowMs, cause });
      // Forget the last set-point: when control resumes, the first write is not diffed away.
      this.control = initialControlState;
      this.filter = initialGridFilter;
    }
    if (command !== null) await this.send(command, nowMs);
  }

  private async send(command: Command, nowMs: number): Promise<void> {
    const calls = await this.opts.executor.execute(command, this.states);
    if (calls.length > 0) this.emit({ kind: "sent", atMs: nowMs, calls });
  }
}
