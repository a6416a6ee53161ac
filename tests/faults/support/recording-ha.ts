/**
 * A decorator at the HA port (STYLE.md P13): passes everything through to the real client and
 * writes one timeline of what the service saw and did — status changes, entity deliveries and
 * service calls — each stamped with home time, so a test can ask "was this command sent before
 * any state arrived on the new connection?".
 */
import type { Clock, EntityStates, ServiceCall, ServiceResult, Unsubscribe } from "../../../addon/src/domain/index.js";
import type { ManagedHaClient } from "../../../addon/src/ha/index.js";

export type TimelineEvent =
  | { readonly kind: "status"; readonly atMs: number; readonly status: string }
  | { readonly kind: "delivery"; readonly atMs: number; readonly meterUpdatedMs: number | null }
  | { readonly kind: "call"; readonly atMs: number; readonly call: string; readonly ok: boolean | null };

/** Device-changing actions (not data fetches like nordpool.get_prices_for_date). */
const COMMAND_DOMAINS = new Set(["number", "select", "switch", "light"]);

/** Commands that move energy (battery set-points, AC mode, plugs); the status LED is not one. */
export function movesEnergy(e: TimelineEvent): boolean {
  return e.kind === "call" && !e.call.startsWith("light.");
}

export function isCommand(call: ServiceCall): boolean {
  return COMMAND_DOMAINS.has(call.domain);
}

/** The client with `subscribeEntities` and `callService` recorded; everything else passes through. */
export function recordingHa(inner: ManagedHaClient, clock: Clock, meterEntity: string): ManagedHaClient & { readonly timeline: TimelineEvent[] } {
  const timeline: TimelineEvent[] = [];
  inner.onStatus((s) => {
    timeline.push({ kind: "status", atMs: clock.nowMs(), status: s.kind });
  });
  const subscribeEntities = (ids: readonly string[], onChange: (s: EntityStates) => void): Unsubscribe =>
    inner.subscribeEntities(ids, (states) => {
      timeline.push({ kind: "delivery", atMs: clock.nowMs(), meterUpdatedMs: states.get(meterEntity)?.lastUpdatedMs ?? null });
      onChange(states);
    });
  const callService = async (call: ServiceCall): Promise<ServiceResult> => {
    if (!isCommand(call)) return inner.callService(call);
    const i = timeline.push({ kind: "call", atMs: clock.nowMs(), call: `${call.domain}.${call.service} ${JSON.stringify(call.target?.entity_id ?? "")} ${JSON.stringify(call.serviceData ?? {})}`, ok: null }) - 1;
    const r = await inner.callService(call);
    const e = timeline[i];
    if (e?.kind === "call") timeline[i] = { ...e, ok: r.ok };
    return r;
  };
  const overrides: Readonly<Record<string, unknown>> = { timeline, subscribeEntities, callService };
  return new Proxy(inner, {
    get(target, prop, receiver) {
      if (typeof prop === "string" && prop in overrides) return overrides[prop];
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  }) as ManagedHaClient & { readonly timeline: TimelineEvent[] };
}

/**
 * Commands sent after a `connected` status but before the first entity delivery on that
 * connection: those were computed from what the previous connection left behind.
 */
export function commandsBeforeFreshState(timeline: readonly TimelineEvent[]): TimelineEvent[] {
  const out: TimelineEvent[] = [];
  let awaitingFresh = false;
  let seenConnected = false;
  for (const e of timeline) {
    if (e.kind === "status") {
      if (e.status === "connected" && seenConnected) awaitingFresh = true;
      if (e.status === "connected") seenConnected = true;
    } else if (e.kind === "delivery") awaitingFresh = false;
    else if (awaitingFresh) out.push(e);
  }
  return out;
}

/** Commands attempted in timeline order between losing the connection and the next `connected`. */
export function commandsWhileDisconnected(timeline: readonly TimelineEvent[]): TimelineEvent[] {
  let connected = false;
  return timeline.filter((e) => {
    if (e.kind === "status") connected = e.status === "connected";
    return e.kind === "call" && !connected;
  });
}
