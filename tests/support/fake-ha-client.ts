/**
 * In-memory `HaClient` for unit tests (STYLE.md P13: adapters are tested against fakes at the
 * port). Set states, record service calls, script their results, flip the connection status.
 * It behaves like the real client where it matters: a subscriber gets the full map of its
 * entities at once and on every change, the full map again after a reconnect, and each
 * registration returns its own unsubscribe.
 */
import type {
  ConnectionStatus,
  EntityStates,
  HaClient,
  HaEntityState,
  ServiceCall,
  ServiceResult,
  Unsubscribe,
} from "../../addon/src/domain/index.js";

interface Subscriber {
  readonly ids: ReadonlySet<string>;
  readonly onChange: (states: EntityStates) => void;
}

export interface FakeHaClientOptions {
  /** Initial status (default connected, HA 2025.10.4, since 0). */
  readonly status?: ConnectionStatus;
  /** Apply switch/light/number/select calls to the fake's states, like HA would (default false). */
  readonly reflectCalls?: boolean;
  /** Timestamp used for states set without one (default 0). */
  readonly nowMs?: () => number;
}

export class FakeHaClient implements HaClient {
  /** Every call received, in order (also the ones answered with an error). */
  readonly calls: ServiceCall[] = [];
  private readonly states = new Map<string, HaEntityState>();
  private readonly subscribers = new Set<Subscriber>();
  private readonly statusListeners = new Set<(s: ConnectionStatus) => void>();
  private status: ConnectionStatus;
  private readonly queuedResults: ServiceResult[] = [];
  private responder: ((call: ServiceCall) => ServiceResult) | null = null;

  constructor(private readonly opts: FakeHaClientOptions = {}) {
    this.status = opts.status ?? { kind: "connected", haVersion: "2025.10.4", sinceMs: 0 };
  }

  // ---- HaClient ----

  subscribeEntities(entityIds: readonly string[], onChange: (states: EntityStates) => void): Unsubscribe {
    const sub: Subscriber = { ids: new Set(entityIds), onChange };
    this.subscribers.add(sub);
    if (this.status.kind === "connected") this.deliver(sub);
    return () => {
      this.subscribers.delete(sub);
    };
  }

  callService(call: ServiceCall): Promise<ServiceResult> {
    this.calls.push(call);
    if (this.status.kind !== "connected") {
      return Promise.resolve({ ok: false, code: "not_connected", message: "not connected to Home Assistant" });
    }
    const scripted = this.queuedResults.shift() ?? this.responder?.(call) ?? { ok: true, response: null };
    if (scripted.ok && this.opts.reflectCalls === true) this.reflect(call);
    return Promise.resolve(scripted);
  }

  onStatus(cb: (status: ConnectionStatus) => void): Unsubscribe {
    this.statusListeners.add(cb);
    cb(this.status);
    return () => {
      this.statusListeners.delete(cb);
    };
  }

  // ---- test controls ----

  /** Sets (or replaces) one entity's state and notifies the subscribers that watch it. */
  setState(entityId: string, state: string, attributes: Record<string, unknown> = {}, atMs?: number): void {
    const t = atMs ?? this.opts.nowMs?.() ?? 0;
    const prev = this.states.get(entityId);
    this.states.set(entityId, {
      entityId,
      state,
      attributes: { ...attributes },
      lastChangedMs: prev !== undefined && prev.state === state ? prev.lastChangedMs : t,
      lastUpdatedMs: t,
    });
    this.notify(entityId);
  }

  removeState(entityId: string): void {
    if (this.states.delete(entityId)) this.notify(entityId);
  }

  getState(entityId: string): HaEntityState | undefined {
    return this.states.get(entityId);
  }

  /** Flips the connection status; back to `connected` re-sends every subscriber its full map. */
  setStatus(status: ConnectionStatus): void {
    const wasConnected = this.status.kind === "connected";
    this.status = status;
    for (const l of [...this.statusListeners]) l(status);
    if (status.kind === "connected" && !wasConnected) for (const s of [...this.subscribers]) this.deliver(s);
  }

  /** The next call(s) get these results, in order, before the responder is asked. */
  queueResult(...results: ServiceResult[]): void {
    this.queuedResults.push(...results);
  }

  /** Computes the result of every call not covered by `queueResult`. */
  respondWith(fn: (call: ServiceCall) => ServiceResult): void {
    this.responder = fn;
  }

  subscriberCount(): number {
    return this.subscribers.size;
  }

  statusListenerCount(): number {
    return this.statusListeners.size;
  }

  private notify(entityId: string): void {
    if (this.status.kind !== "connected") return;
    for (const s of [...this.subscribers]) if (s.ids.has(entityId)) this.deliver(s);
  }

  private deliver(sub: Subscriber): void {
    const map = new Map<string, HaEntityState>();
    for (const id of sub.ids) {
      const st = this.states.get(id);
      if (st !== undefined) map.set(id, st);
    }
    sub.onChange(map);
  }

  private reflect(call: ServiceCall): void {
    const t = call.target?.entity_id;
    const ids = t === undefined ? [] : typeof t === "string" ? [t] : [...t];
    const data = call.serviceData ?? {};
    for (const id of ids) {
      const prev = this.states.get(id);
      const attrs = { ...(prev?.attributes ?? {}) };
      const next = reflectedState(`${call.domain}.${call.service}`, prev?.state, data);
      if (next === null) continue;
      this.setState(id, next, call.service === "turn_on" ? { ...attrs, ...data } : attrs);
    }
  }
}

/** The state HA would show after a simple call, or null for calls the fake does not model. */
function reflectedState(key: string, prev: string | undefined, data: Readonly<Record<string, unknown>>): string | null {
  switch (key) {
    case "switch.turn_on":
    case "light.turn_on":
      return "on";
    case "switch.turn_off":
    case "light.turn_off":
      return "off";
    case "switch.toggle":
    case "light.toggle":
      return prev === "on" ? "off" : "on";
    case "number.set_value":
      return String(data["value"]);
    case "select.select_option":
      return String(data["option"]);
    default:
      return null;
  }
}
