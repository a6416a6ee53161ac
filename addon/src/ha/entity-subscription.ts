import type { Connection } from "home-assistant-js-websocket";
import type { EntityStates, HaEntityState, Logger } from "../domain/index.js";
import { applyEntitiesEvent, entitiesEventSchema } from "./entities.js";

/**
 * One `subscribeEntities` registration: its entity ids, its callback and its own full map.
 * It is attached to each new connection (a fresh `subscribe_entities` with `entity_ids`); the
 * first `a` event after attaching replaces the map, so the callback gets the full current map
 * after every (re)connect, and entities removed meanwhile disappear.
 */
export class EntitySubscription {
  private readonly map = new Map<string, HaEntityState>();
  private generation = 0;
  private awaitingInitial = false;
  private haUnsubscribe: (() => Promise<void>) | null = null;
  private closed = false;

  constructor(
    private readonly entityIds: readonly string[],
    private readonly onChange: (states: EntityStates) => void,
    private readonly logger: Logger,
  ) {}

  attach(conn: Connection): void {
    if (this.closed) return;
    const gen = ++this.generation;
    this.awaitingInitial = true;
    this.haUnsubscribe = null;
    if (this.entityIds.length === 0) {
      // HA treats an empty filter as "everything"; an empty request means an empty map.
      this.emit();
      return;
    }
    conn
      .subscribeMessage<unknown>(
        (ev) => {
          if (gen === this.generation) this.onEvent(ev);
        },
        { type: "subscribe_entities", entity_ids: [...this.entityIds] },
        { resubscribe: false },
      )
      .then((unsub) => {
        if (gen === this.generation && !this.closed) this.haUnsubscribe = unsub;
        else void unsub().catch(() => undefined);
      })
      .catch((err: unknown) => {
        this.logger.warn("ha: subscribe_entities failed", { error: describe(err), entityIds: this.entityIds });
      });
  }

  /** The connection is gone: stop listening to it (the map is kept until the next initial event). */
  detach(): void {
    this.generation++;
    this.haUnsubscribe = null;
  }

  /** Unsubscribes from HA (if connected) and never calls back again. */
  close(): void {
    this.closed = true;
    const unsub = this.haUnsubscribe;
    this.detach();
    if (unsub !== null) void unsub().catch(() => undefined);
  }

  private onEvent(raw: unknown): void {
    const parsed = entitiesEventSchema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn("ha: malformed subscribe_entities event ignored", { issues: parsed.error.issues.length });
      return;
    }
    if (this.awaitingInitial && parsed.data.a !== undefined) {
      this.map.clear();
      this.awaitingInitial = false;
      applyEntitiesEvent(this.map, parsed.data);
      this.emit();
      return;
    }
    if (applyEntitiesEvent(this.map, parsed.data)) this.emit();
  }

  /** Calls back with a snapshot; a throwing callback is logged, never propagated (P10). */
  private emit(): void {
    if (this.closed) return;
    try {
      this.onChange(new Map(this.map));
    } catch (err) {
      this.logger.error("ha: entity subscriber threw", { error: describe(err) });
    }
  }
}

function describe(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "object" && err !== null && "message" in err) return String((err).message);
  return String(err);
}
