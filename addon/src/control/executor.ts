import type { Clock, Command, EntityStates, HaClient, Logger, Scheduler, ServiceCall, ServiceResult } from "../domain/index.js";
import { backoffMs } from "../ha/backoff.js";
import { pause, waitForStates, type StateFeed } from "./state-feed.js";

/**
 * Actuation is declarative and diffed (STYLE.md P11): a command becomes HA service calls, and a
 * call whose effect is already what HA shows is not sent. Each sent call is logged with the
 * reason of the command that caused it. With `readBack`, a call counts as done only once the
 * entity shows the wanted state; otherwise it is retried with capped backoff and finally
 * reported as `not_answering` (a value, never a throw).
 */
export interface ReadBackOptions {
  /** The shared entity states the confirmation is read from. */
  readonly states: StateFeed;
  readonly scheduler: Scheduler;
  readonly clock: Clock;
  /** How long one attempt waits for the entity to show the wanted state, ms. */
  readonly timeoutMs: number;
  /** Attempts per call (1 = no retry). */
  readonly attempts: number;
  /** Pause before retry n is min(maxMs, baseMs · 2^(n−1)). */
  readonly backoffBaseMs: number;
  readonly backoffMaxMs: number;
}

export interface ExecutorOptions {
  readonly ha: HaClient;
  readonly toCalls: (command: Command) => readonly ServiceCall[];
  readonly logger: Logger;
  /** Only log what would be sent. */
  readonly dryRun: boolean;
  /** number.set_value counts as satisfied within this many units of the observed value. */
  readonly numberTolerance: number;
  readonly readBack?: ReadBackOptions;
  /**
   * Whether HA is connected now. Asked before every attempt: a retry after a lost connection
   * waits for the next control step instead of going out on a dead link (issue 8 §2).
   */
  readonly connected?: () => boolean;
}

export interface SentCall {
  readonly call: ServiceCall;
  readonly command: Command;
  /** `not_answering`: HA accepted the call but the entity never showed the new state. */
  readonly result: ServiceResult | { readonly ok: true; readonly response: "dry_run" };
  readonly attempts: number;
  /** The entity showed the wanted state (always false without read-back or in dry run). */
  readonly confirmed: boolean;
}

/** An entity that did not answer: since when, and the call that went unconfirmed. */
export interface NotAnswering {
  readonly entityId: string;
  readonly sinceMs: number;
  readonly call: string;
}

export interface Executor {
  /** Sends the calls of `command` that the observed states do not already satisfy, in order. */
  execute(command: Command, observed?: EntityStates): Promise<readonly SentCall[]>;
  /** Sends `calls` on behalf of `command` (for devices whose calls carry more than the command, e.g. a light effect). */
  executeCalls(command: Command, calls: readonly ServiceCall[], observed?: EntityStates): Promise<readonly SentCall[]>;
  /** Entities whose last call went unconfirmed, until a later call to them is confirmed or already satisfied. */
  notAnswering(): readonly NotAnswering[];
}

/** HA answers worth another try: the device or the link may recover. */
const RETRYABLE = new Set(["home_assistant_error", "timeout", "unknown_error", "connection_lost", "not_answering"]);

export const CODE_NOT_ANSWERING = "not_answering";

type Failure = Extract<ServiceResult, { ok: false }>;
/** `offline`: not sent because HA is not connected; no retry on a dead link. */
type Attempt =
  | { readonly kind: "done"; readonly answer: ServiceResult; readonly confirmed: boolean }
  | { readonly kind: "failed"; readonly result: Failure }
  | { readonly kind: "offline"; readonly result: Failure };

export function createExecutor(opts: ExecutorOptions): Executor {
  return new ExecutorImpl(opts);
}

class ExecutorImpl implements Executor {
  private readonly silent = new Map<string, NotAnswering>();

  constructor(private readonly opts: ExecutorOptions) {}

  execute(command: Command, observed?: EntityStates): Promise<readonly SentCall[]> {
    return this.executeCalls(command, this.opts.toCalls(command), observed);
  }

  notAnswering(): readonly NotAnswering[] {
    return [...this.silent.values()];
  }

  async executeCalls(command: Command, all: readonly ServiceCall[], observed?: EntityStates): Promise<readonly SentCall[]> {
    const states = observed ?? this.opts.readBack?.states.current() ?? new Map<string, never>();
    const calls: ServiceCall[] = [];
    for (const call of all) {
      if (!isSatisfied(call, states, this.opts.numberTolerance)) calls.push(call);
      // The entity shows what we want: whatever it missed before, it is answering now.
      else for (const id of targetsOf(call)) this.silent.delete(id);
    }
    const sent: SentCall[] = [];
    for (const call of calls) {
      const s = await this.one(command, call);
      sent.push(s);
      // A failed step (e.g. switching AC mode) makes the following ones meaningless.
      if (!s.result.ok) break;
    }
    return sent;
  }

  /** One call: send, read back, retry with capped backoff; never throws. */
  private async one(command: Command, call: ServiceCall): Promise<SentCall> {
    const { opts } = this;
    const fields = { call: describeCall(call), reason: command.reason.kind };
    if (opts.dryRun) {
      opts.logger.info("dry run: would call", fields);
      return { call, command, result: { ok: true, response: "dry_run" }, attempts: 0, confirmed: false };
    }
    const rb = opts.readBack;
    const maxAttempts = Math.max(1, rb?.attempts ?? 1);
    let result: Failure = { ok: false, code: "unknown_error", message: "not sent" };
    let attempt = 0;
    while (attempt < maxAttempts) {
      attempt++;
      if (attempt > 1 && rb !== undefined) await pause(rb.scheduler, backoffMs(attempt - 1, rb.backoffBaseMs, rb.backoffMaxMs));
      const outcome = await this.attempt(call);
      if (outcome.kind === "done") return this.done(call, command, outcome.answer, attempt, outcome.confirmed);
      result = outcome.result;
      if (outcome.kind === "offline") break;
      opts.logger.warn("call not done", { ...fields, attempt, code: result.code, message: result.message });
      if (!RETRYABLE.has(result.code)) break;
    }
    if (result.code === CODE_NOT_ANSWERING) this.markSilent(call, rb?.clock.nowMs() ?? 0);
    return { call, command, result, attempts: attempt, confirmed: false };
  }

  /** A single send and (with read-back) the wait for the entity to show it. */
  private async attempt(call: ServiceCall): Promise<Attempt> {
    const { opts } = this;
    if (opts.connected?.() === false) return { kind: "offline", result: { ok: false, code: "connection_lost", message: "not sent: Home Assistant is not connected" } };
    const answer = await opts.ha.callService(call);
    if (!answer.ok) return { kind: "failed", result: answer };
    const rb = opts.readBack;
    if (rb === undefined) return { kind: "done", answer, confirmed: false };
    const shown = await waitForStates(rb.states, rb.scheduler, (s) => isSatisfied(call, s, opts.numberTolerance), rb.timeoutMs);
    if (shown) return { kind: "done", answer, confirmed: true };
    return { kind: "failed", result: { ok: false, code: CODE_NOT_ANSWERING, message: `${targetsOf(call).join(",")} did not show the new state within ${Math.round(rb.timeoutMs / 1000)} s` } };
  }

  private done(call: ServiceCall, command: Command, result: ServiceResult, attempts: number, confirmed: boolean): SentCall {
    this.opts.logger.debug("called", { call: describeCall(call), reason: command.reason.kind, attempts, confirmed });
    if (confirmed) for (const id of targetsOf(call)) this.silent.delete(id);
    return { call, command, result, attempts, confirmed };
  }

  private markSilent(call: ServiceCall, nowMs: number): void {
    for (const entityId of targetsOf(call)) {
      if (!this.silent.has(entityId)) this.silent.set(entityId, { entityId, sinceMs: nowMs, call: describeCall(call) });
    }
  }
}

function targetsOf(call: ServiceCall): string[] {
  return call.target === undefined ? [] : [call.target.entity_id].flat();
}

/** "number.set_value number.x value=240" — compact, secret-free text for logs and the status page. */
export function describeCall(call: ServiceCall): string {
  const target = call.target === undefined ? "" : ` ${[call.target.entity_id].flat().join(",")}`;
  const data = Object.entries(call.serviceData ?? {})
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");
  return `${call.domain}.${call.service}${target}${data === "" ? "" : ` ${data}`}`;
}

/** Whether HA already shows the state this call would produce (single-target calls only). */
export function isSatisfied(call: ServiceCall, observed: EntityStates, numberTolerance: number): boolean {
  const ids = targetsOf(call);
  const [only] = ids;
  if (ids.length !== 1 || only === undefined) return false;
  const state = observed.get(only);
  if (state === undefined) return false;
  const data = call.serviceData ?? {};
  switch (`${call.domain}.${call.service}`) {
    case "number.set_value": {
      const want = Number(data.value);
      const have = Number(state.state);
      return Number.isFinite(want) && Number.isFinite(have) && Math.abs(want - have) <= numberTolerance;
    }
    case "select.select_option":
      return state.state === data.option;
    case "switch.turn_on":
      return state.state === "on";
    case "switch.turn_off":
    case "light.turn_off":
      return state.state === "off";
    case "light.turn_on":
      return state.state === "on" && lightMatches(state.attributes, data);
    default:
      return false;
  }
}

function lightMatches(attributes: Readonly<Record<string, unknown>>, data: Readonly<Record<string, unknown>>): boolean {
  const wantRgb = data.rgb_color;
  if (wantRgb !== undefined && JSON.stringify(attributes.rgb_color) !== JSON.stringify(wantRgb)) return false;
  if (data.effect !== undefined && attributes.effect !== data.effect) return false;
  const wantPct = data.brightness_pct;
  if (typeof wantPct === "number") {
    const have = attributes.brightness;
    // HA reports brightness 0..255; brightness_pct is rounded on the way in.
    if (typeof have !== "number" || Math.abs((have / 255) * 100 - wantPct) > 1) return false;
  }
  return true;
}
