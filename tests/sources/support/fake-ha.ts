// A tiny in-memory HaClient (the port from addon/src/domain/ha.ts) for the HA-backed sources.
import type { EntityStates, HaClient, HaEntityState, ServiceCall, ServiceResult, Unsubscribe } from "../../../addon/src/domain/index.js";

export class FakeHa implements HaClient {
  readonly calls: ServiceCall[] = [];
  private readonly states = new Map<string, HaEntityState>();
  private readonly listeners = new Set<{ ids: readonly string[]; cb: (s: EntityStates) => void }>();

  constructor(private readonly answer: (call: ServiceCall) => ServiceResult = () => ({ ok: false, code: "not_found", message: "no handler" })) {}

  setState(entityId: string, state: string, attributes: Record<string, unknown>, lastUpdatedMs: number): void {
    this.states.set(entityId, { entityId, state, attributes, lastChangedMs: lastUpdatedMs, lastUpdatedMs });
    for (const l of this.listeners) if (l.ids.includes(entityId)) l.cb(this.view(l.ids));
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  subscribeEntities(entityIds: readonly string[], onChange: (states: EntityStates) => void): Unsubscribe {
    const l = { ids: entityIds, cb: onChange };
    this.listeners.add(l);
    onChange(this.view(entityIds));
    return () => this.listeners.delete(l);
  }

  callService(call: ServiceCall): Promise<ServiceResult> {
    this.calls.push(call);
    return Promise.resolve(this.answer(call));
  }

  onStatus(): Unsubscribe {
    return () => undefined;
  }

  private view(ids: readonly string[]): EntityStates {
    const m = new Map<string, HaEntityState>();
    for (const id of ids) {
      const s = this.states.get(id);
      if (s !== undefined) m.set(id, s);
    }
    return m;
  }
}
