import type { Clock, Unsubscribe } from "../domain/index.js";
import { entityIdsOf, isRecord, resultError, resultOk } from "./protocol.js";
import type { EntityRegistry, StateChange } from "./registry.js";
import type { ServiceOutcome, ServiceRequest } from "./service-types.js";
import type { CommandContext, CommandHandler } from "./session.js";
import { compressState, diffStates, isoUtc, toWire, type CompressedState, type SimContext, type StateDiff } from "./state.js";

/** An HA bus event as `subscribe_events` delivers it. */
export interface BusEvent {
  readonly event_type: string;
  readonly data: unknown;
  readonly origin: "LOCAL";
  readonly time_fired: string;
  readonly context: { readonly id: string; readonly parent_id: string | null; readonly user_id: string | null };
}

export interface CommandDeps {
  readonly registry: EntityRegistry;
  readonly clock: Clock;
  readonly userId: string;
  readonly coreConfig: () => Readonly<Record<string, unknown>>;
  readonly callService: (req: ServiceRequest) => ServiceOutcome;
  readonly fireEvent: (event: BusEvent) => void;
  readonly onEvent: (listener: (event: BusEvent) => void) => Unsubscribe;
}

function wireContext(c: SimContext): BusEvent["context"] {
  return { id: c.id, parent_id: c.parentId, user_id: c.userId };
}

/** The `a`/`c`/`r` message for one change, or null when the filter excludes it. */
export function entitiesMessage(change: StateChange, filter: ReadonlySet<string> | null): unknown {
  if (filter !== null && !filter.has(change.entityId)) return null;
  if (change.new === null) return { r: [change.entityId] };
  if (change.old === null) return { a: { [change.entityId]: compressState(change.new) } };
  const c: Record<string, StateDiff> = { [change.entityId]: diffStates(change.old, change.new) };
  return { c };
}

function subscribeEntities(deps: CommandDeps, ctx: CommandContext): void {
  const { id, body } = ctx.cmd;
  const ids = body["entity_ids"] === undefined ? [] : entityIdsOf(body["entity_ids"]);
  if (ids === null) {
    ctx.send(resultError(id, "invalid_format", "expected a list of entity ids for dictionary value @ data['entity_ids']"));
    return;
  }
  // Like HA, an empty list means no filter.
  const filter = ids.length === 0 ? null : new Set(ids);
  ctx.send(resultOk(id, null));
  const initial: Record<string, CompressedState> = {};
  for (const s of deps.registry.all()) if (filter === null || filter.has(s.entityId)) initial[s.entityId] = compressState(s);
  ctx.sendEvent(id, { a: initial });
  const unsub = deps.registry.onChange((change) => {
    const msg = entitiesMessage(change, filter);
    if (msg !== null) ctx.sendEvent(id, msg);
  });
  ctx.addSubscription(id, unsub);
}

function subscribeEvents(deps: CommandDeps, ctx: CommandContext): void {
  const { id, body } = ctx.cmd;
  const type = body["event_type"];
  if (type !== undefined && typeof type !== "string") {
    ctx.send(resultError(id, "invalid_format", `Message incorrectly formatted: expected str for dictionary value @ data['event_type']. Got ${JSON.stringify(type)}`));
    return;
  }
  ctx.send(resultOk(id, null));
  const unsubBus = deps.onEvent((ev) => {
    if (type === undefined || type === "*" || ev.event_type === type) ctx.sendEvent(id, ev);
  });
  ctx.addSubscription(id, unsubBus);
}

function callService(deps: CommandDeps, ctx: CommandContext): void {
  const { id, body } = ctx.cmd;
  const domain = body["domain"];
  const service = body["service"];
  const data = body["service_data"] ?? {};
  const target = body["target"] ?? {};
  if (typeof domain !== "string" || typeof service !== "string" || !isRecord(data) || !isRecord(target)) {
    ctx.send(resultError(id, "invalid_format", "Message incorrectly formatted: expected domain, service, service_data and target"));
    return;
  }
  const fromTarget = entityIdsOf(target["entity_id"]);
  const fromData = entityIdsOf(data["entity_id"]);
  if (fromTarget === null || fromData === null) {
    ctx.send(resultError(id, "invalid_format", "Entity IDs must be strings or a list of strings"));
    return;
  }
  const serviceData = Object.fromEntries(Object.entries(data).filter(([k]) => k !== "entity_id"));
  const context = deps.registry.newContext(deps.userId);
  const returnResponse = body["return_response"] === true;
  const outcome = deps.callService({ domain, service, serviceData, entityIds: [...fromTarget, ...fromData], returnResponse, context });
  if (!outcome.ok) {
    ctx.send(resultError(id, outcome.code, outcome.message));
    return;
  }
  ctx.send(resultOk(id, { context: wireContext(context), response: returnResponse ? outcome.response : null }));
}

function fireEvent(deps: CommandDeps, ctx: CommandContext): void {
  const { id, body } = ctx.cmd;
  const type = body["event_type"];
  const data = body["event_data"] ?? {};
  if (typeof type !== "string" || !isRecord(data)) {
    ctx.send(resultError(id, "invalid_format", "Message incorrectly formatted: expected str for dictionary value @ data['event_type']"));
    return;
  }
  const context = wireContext(deps.registry.newContext(deps.userId));
  deps.fireEvent({ event_type: type, data, origin: "LOCAL", time_fired: isoUtc(deps.clock.nowMs()), context });
  ctx.send(resultOk(id, { context }));
}

function unsubscribeEvents(ctx: CommandContext): void {
  const { id, body } = ctx.cmd;
  const sub = body["subscription"];
  if (typeof sub !== "number") {
    ctx.send(resultError(id, "invalid_format", "Message incorrectly formatted: expected int for dictionary value @ data['subscription']"));
    return;
  }
  if (ctx.removeSubscription(sub)) ctx.send(resultOk(id, null));
  else ctx.send(resultError(id, "not_found", "Subscription not found."));
}

/** The command table of the simulated server, keyed by message `type`. */
export function commandTable(deps: CommandDeps): ReadonlyMap<string, CommandHandler> {
  return new Map<string, CommandHandler>([
    ["supported_features", (ctx) => {
      const features = ctx.cmd.body["features"];
      ctx.send(resultOk(ctx.cmd.id, null));
      if (isRecord(features) && features["coalesce_messages"] === 1) ctx.enableCoalescing();
    }],
    ["ping", (ctx) => {
      ctx.send({ id: ctx.cmd.id, type: "pong" });
    }],
    ["get_states", (ctx) => {
      ctx.send(resultOk(ctx.cmd.id, deps.registry.all().map(toWire)));
    }],
    ["get_config", (ctx) => {
      ctx.send(resultOk(ctx.cmd.id, deps.coreConfig()));
    }],
    ["subscribe_entities", (ctx) => {
      subscribeEntities(deps, ctx);
    }],
    ["subscribe_events", (ctx) => {
      subscribeEvents(deps, ctx);
    }],
    ["unsubscribe_events", unsubscribeEvents],
    ["call_service", (ctx) => {
      callService(deps, ctx);
    }],
    ["fire_event", (ctx) => {
      fireEvent(deps, ctx);
    }],
  ]);
}

/** `state_changed` bus event of a registry change. */
export function stateChangedEvent(change: StateChange, clock: Clock): BusEvent | null {
  const ctxState = change.new ?? change.old;
  if (ctxState === null) return null;
  return {
    event_type: "state_changed",
    data: {
      entity_id: change.entityId,
      old_state: change.old === null ? null : toWire(change.old),
      new_state: change.new === null ? null : toWire(change.new),
    },
    origin: "LOCAL",
    time_fired: isoUtc(clock.nowMs()),
    context: wireContext(ctxState.context),
  };
}
