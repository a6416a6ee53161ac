import type { Command, EntityStates, HaClient, Logger, ServiceCall, ServiceResult } from "../domain/index.js";

/**
 * Actuation is declarative and diffed (STYLE.md P11): a command becomes HA service calls, and a
 * call whose effect is already what HA shows is not sent. Each sent call is logged with the
 * reason of the command that caused it.
 */
export interface ExecutorOptions {
  readonly ha: HaClient;
  readonly toCalls: (command: Command) => readonly ServiceCall[];
  readonly logger: Logger;
  /** Only log what would be sent. */
  readonly dryRun: boolean;
  /** number.set_value counts as satisfied within this many units of the observed value. */
  readonly numberTolerance: number;
}

export interface SentCall {
  readonly call: ServiceCall;
  readonly command: Command;
  readonly result: ServiceResult | { readonly ok: true; readonly response: "dry_run" };
}

export interface Executor {
  /** Sends the calls of `command` that `observed` does not already satisfy, in order. */
  execute(command: Command, observed: EntityStates): Promise<readonly SentCall[]>;
}

export function createExecutor(opts: ExecutorOptions): Executor {
  return {
    async execute(command, observed) {
      const calls = opts.toCalls(command).filter((call) => !isSatisfied(call, observed, opts.numberTolerance));
      const sent: SentCall[] = [];
      for (const call of calls) {
        const fields = { call: describeCall(call), reason: command.reason.kind };
        if (opts.dryRun) {
          opts.logger.info("dry run: would call", fields);
          sent.push({ call, command, result: { ok: true, response: "dry_run" } });
          continue;
        }
        const result = await opts.ha.callService(call);
        if (result.ok) opts.logger.debug("called", fields);
        else opts.logger.warn("call failed", { ...fields, code: result.code, message: result.message });
        sent.push({ call, command, result });
        // A failed step (e.g. switching AC mode) makes the following ones meaningless.
        if (!result.ok) break;
      }
      return sent;
    },
  };
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
  const ids = call.target === undefined ? [] : [call.target.entity_id].flat();
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
  const wantPct = data.brightness_pct;
  if (typeof wantPct === "number") {
    const have = attributes.brightness;
    // HA reports brightness 0..255; brightness_pct is rounded on the way in.
    if (typeof have !== "number" || Math.abs((have / 255) * 100 - wantPct) > 1) return false;
  }
  return true;
}
