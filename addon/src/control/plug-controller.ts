import type { Clock, EntityStates, Logger, PlugReadings, Scheduler, Unsubscribe } from "../domain/index.js";
import type { Executor } from "./executor.js";
import { afterDecision, commandReasonOf, decidePlug, initialPlugMemory, observePlug, type PlanWish, type PlugDecision, type PlugMemory, type PlugRules } from "./plugs.js";
import { serialStep, type StateFeed } from "./state-feed.js";

/**
 * Runs the pure plug rules (plugs.ts) against the shared entity states: observes every change
 * (to notice manual toggles at once), decides on every change and every `tickMs`, and sends the
 * differences through the executor. Plugs are independent; one step at a time.
 */
export interface PlugControllerOptions {
  readonly rules: readonly PlugRules[];
  readonly states: StateFeed;
  readonly readPlugs: (states: EntityStates) => readonly PlugReadings[];
  readonly executor: Executor;
  readonly clock: Clock;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly tickMs: number;
  /** The plan's wish for plug `id` at `nowMs` (null: no plan slot covers now). */
  readonly wishAt: (id: string, nowMs: number) => PlanWish;
  /** False while Sunshift must leave everything alone (mode off). */
  readonly active?: () => boolean;
  readonly onActivity?: (entry: PlugActivity) => void;
}

export interface PlugActivity {
  readonly atMs: number;
  readonly plugId: string;
  readonly text: string;
  readonly ok: boolean;
}

/** Per plug: following the plan, or hands off after a manual toggle until `untilMs`. */
export type PlugStatus = { readonly id: string; readonly kind: "plan" } | { readonly id: string; readonly kind: "manual_override"; readonly untilMs: number };

export interface PlugController {
  start(): void;
  stop(): void;
  /** One decision round now (tests, and after a new plan). */
  tick(): Promise<void>;
  status(): readonly PlugStatus[];
}

/** Folds the switch states into the memory; a manual toggle is logged and reported. */
function observeAll(opts: PlugControllerOptions, memory: Map<string, PlugMemory>, states: EntityStates): void {
  const nowMs = opts.clock.nowMs();
  const readings = new Map(opts.readPlugs(states).map((p) => [p.id, p]));
  for (const rules of opts.rules) {
    const reading = readings.get(rules.id);
    if (reading === undefined) continue;
    const { mem, change } = observePlug(memory.get(rules.id) ?? initialPlugMemory, reading.on, nowMs, rules);
    memory.set(rules.id, mem);
    if (change === "manual") {
      const text = `plug ${rules.id} switched ${mem.observedOn === true ? "on" : "off"} by hand: left alone for ${Math.round(rules.overrideMs / 60_000)} min`;
      opts.logger.info(text);
      opts.onActivity?.({ atMs: nowMs, plugId: rules.id, text, ok: true });
    }
  }
}

async function send(opts: PlugControllerOptions, plugId: string, decision: PlugDecision & { kind: "switch" }, nowMs: number): Promise<void> {
  const reason = commandReasonOf(decision.reason, decision.on);
  const sent = await opts.executor.execute({ kind: "plug_switch", plugId, on: decision.on, reason }, opts.states.current());
  for (const s of sent) {
    const why = decision.reason.kind === "plan_slot" ? "plan slot" : "manual override ended";
    const text = `plug ${plugId} ${decision.on ? "on" : "off"} — because ${why}${s.result.ok ? "" : ` — FAILED: ${s.result.message}`}`;
    opts.onActivity?.({ atMs: nowMs, plugId, text, ok: s.result.ok });
  }
}

export function createPlugController(opts: PlugControllerOptions): PlugController {
  const memory = new Map<string, PlugMemory>(opts.rules.map((r) => [r.id, initialPlugMemory]));
  const disposers: Unsubscribe[] = [];

  async function decideAll(): Promise<void> {
    if (opts.active?.() === false) return;
    for (const rules of opts.rules) {
      const nowMs = opts.clock.nowMs();
      const mem = memory.get(rules.id) ?? initialPlugMemory;
      const decision = decidePlug(mem, opts.wishAt(rules.id, nowMs), rules, nowMs);
      memory.set(rules.id, afterDecision(mem, decision, nowMs));
      if (decision.kind === "switch") await send(opts, rules.id, decision, nowMs);
    }
  }
  const { tick, run } = serialStep(decideAll, (err) => {
    opts.logger.error("plug step failed", { error: String(err) });
  });

  return {
    start() {
      observeAll(opts, memory, opts.states.current());
      disposers.push(opts.states.onChange((s) => {
        observeAll(opts, memory, s);
        run();
      }));
      disposers.push(opts.scheduler.setInterval(run, opts.tickMs));
    },
    stop() {
      for (const d of disposers.splice(0).reverse()) d();
    },
    tick,
    status: () =>
      opts.rules.map((r): PlugStatus => {
        const o = memory.get(r.id)?.override ?? null;
        return o !== null && opts.clock.nowMs() < o.untilMs ? { id: r.id, kind: "manual_override", untilMs: o.untilMs } : { id: r.id, kind: "plan" };
      }),
  };
}
