import type { Clock, Unsubscribe } from "../domain/index.js";
import { sameAttributes, type SimContext, type SimState } from "./state.js";

/** One change of a visible state; `old` null when added, `new` null when removed. */
export interface StateChange {
  readonly entityId: string;
  readonly old: SimState | null;
  readonly new: SimState | null;
}

/** What a device writes: the state string and the attributes to merge (null values stay null). */
export interface StateWrite {
  readonly state: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

/**
 * The simulated state machine. Devices write their true state; what HA clients see is that
 * state unless a fault hook says otherwise (unavailable, frozen). Writes that change neither
 * state nor attributes only move `last_reported` and emit no change (as HA's state_reported).
 */
export class EntityRegistry {
  private readonly visible = new Map<string, SimState>();
  private readonly unavailable = new Set<string>();
  private readonly frozen = new Set<string>();
  private readonly listeners = new Set<(c: StateChange) => void>();
  private contextSeq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly contextPrefix = "01SIM",
  ) {}

  /** A new context id: 26 characters like HA's ULIDs, deterministic (a counter). */
  newContext(userId: string | null = null): SimContext {
    this.contextSeq += 1;
    const id = `${this.contextPrefix}${this.contextSeq.toString(16).toUpperCase().padStart(26 - this.contextPrefix.length, "0")}`;
    return { id, parentId: null, userId };
  }

  has(entityId: string): boolean {
    return this.visible.has(entityId);
  }

  get(entityId: string): SimState | undefined {
    return this.visible.get(entityId);
  }

  all(): SimState[] {
    return [...this.visible.values()];
  }

  onChange(listener: (c: StateChange) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Writes the true state of an entity (creates it on first write). */
  write(entityId: string, w: StateWrite, context?: SimContext): void {
    if (this.frozen.has(entityId)) return;
    const prev = this.visible.get(entityId);
    const attributes = { ...(prev?.attributes ?? {}), ...(w.attributes ?? {}) };
    const state = this.unavailable.has(entityId) ? "unavailable" : w.state;
    this.publish(entityId, state, attributes, context ?? this.newContext());
  }

  /**
   * Sets the state and the whole attribute set (attributes not given are dropped), as an
   * integration writing its entity state does (the MQTT side: json attributes may lose keys).
   */
  replace(entityId: string, w: StateWrite, context?: SimContext): void {
    if (this.frozen.has(entityId)) return;
    const state = this.unavailable.has(entityId) ? "unavailable" : w.state;
    this.publish(entityId, state, { ...(w.attributes ?? {}) }, context ?? this.newContext());
  }

  /** Removes an entity (an MQTT discovery config was deleted); emits a change with `new: null`. */
  remove(entityId: string): void {
    const prev = this.visible.get(entityId);
    if (prev === undefined) return;
    this.visible.delete(entityId);
    const change: StateChange = { entityId, old: prev, new: null };
    for (const l of [...this.listeners]) l(change);
  }

  /** Fault hook: the entity shows `unavailable` until cleared (device writes still count then). */
  setUnavailable(entityId: string, unavailable: boolean): void {
    const cur = this.visible.get(entityId);
    if (unavailable) this.unavailable.add(entityId);
    else this.unavailable.delete(entityId);
    if (cur === undefined) return;
    const frozen = this.frozen.delete(entityId);
    if (unavailable) this.publish(entityId, "unavailable", cur.attributes, this.newContext());
    if (frozen) this.frozen.add(entityId);
  }

  /** Fault hook: the entity stops updating (state and timestamps stay) until unfrozen. */
  freeze(entityId: string, frozen = true): void {
    if (frozen) this.frozen.add(entityId);
    else this.frozen.delete(entityId);
  }

  isFrozen(entityId: string): boolean {
    return this.frozen.has(entityId);
  }

  isUnavailable(entityId: string): boolean {
    return this.unavailable.has(entityId);
  }

  private publish(entityId: string, state: string, attributes: Record<string, unknown>, context: SimContext): void {
    const now = this.clock.nowMs();
    const prev = this.visible.get(entityId);
    if (prev !== undefined && prev.state === state && sameAttributes(prev.attributes, attributes)) {
      this.visible.set(entityId, { ...prev, lastReportedMs: now });
      return;
    }
    const next: SimState = {
      entityId,
      state,
      attributes,
      lastChangedMs: prev !== undefined && prev.state === state ? prev.lastChangedMs : now,
      lastUpdatedMs: now,
      lastReportedMs: now,
      context,
    };
    this.visible.set(entityId, next);
    const change: StateChange = { entityId, old: prev ?? null, new: next };
    for (const l of [...this.listeners]) l(change);
  }
}
