import { resultError, resultOk } from "./protocol.js";
import type { CommandContext, CommandHandler } from "./session.js";

/**
 * Lovelace resources as HA answers them (core `lovelace/resources.py`, `websocket.py`):
 * `lovelace/resources` lists `{id, type, url}`; in storage mode `lovelace/resources/create`
 * `{res_type, url}`, `/update` `{resource_id, res_type?, url?}` and `/delete {resource_id}`
 * exist; in YAML mode they are not registered, so HA answers `unknown_command`.
 * One store per sim token (each simulated home is started with its own token).
 */
export type LovelaceMode = "storage" | "yaml";

export interface SimResource {
  readonly id: string;
  readonly type: string;
  readonly url: string;
}

const RES_TYPES = new Set(["css", "js", "module", "html"]);

export class SimLovelace {
  mode: LovelaceMode = "storage";
  private items: SimResource[] = [];
  private nextId = 1;

  /** The resources as `lovelace/resources` returns them. */
  list(): readonly SimResource[] {
    return this.items.map((r) => ({ ...r }));
  }

  /** YAML-mode resources come from configuration.yaml: set them directly. */
  setYamlResources(items: readonly { readonly type: string; readonly url: string }[]): void {
    this.mode = "yaml";
    this.items = items.map((r, i) => ({ id: `yaml${i}`, ...r }));
  }

  handle(ctx: CommandContext): void {
    const { id, type, body } = ctx.cmd;
    if (type === "lovelace/resources" || type === "lovelace/resources/list") {
      ctx.send(resultOk(id, this.mode === "yaml" ? this.items.map((r) => ({ type: r.type, url: r.url })) : this.list()));
      return;
    }
    if (this.mode === "yaml") {
      ctx.send(resultError(id, "unknown_command", "Unknown command."));
      return;
    }
    if (type === "lovelace/resources/create") this.create(ctx, body);
    else if (type === "lovelace/resources/update") this.update(ctx, body);
    else this.remove(ctx, body);
  }

  private create(ctx: CommandContext, body: Readonly<Record<string, unknown>>): void {
    const resType = body["res_type"];
    const url = body["url"];
    if (typeof resType !== "string" || !RES_TYPES.has(resType) || typeof url !== "string" || url === "") {
      ctx.send(resultError(ctx.cmd.id, "invalid_format", "expected res_type (css, js, module, html) and url"));
      return;
    }
    const item: SimResource = { id: (this.nextId++).toString(16).padStart(32, "0"), type: resType, url };
    this.items.push(item);
    ctx.send(resultOk(ctx.cmd.id, item));
  }

  private update(ctx: CommandContext, body: Readonly<Record<string, unknown>>): void {
    const index = this.items.findIndex((r) => r.id === body["resource_id"]);
    const cur = this.items[index];
    if (cur === undefined) {
      ctx.send(resultError(ctx.cmd.id, "not_found", `Unable to find resource_id ${String(body["resource_id"])}`));
      return;
    }
    const resType = body["res_type"] ?? cur.type;
    const url = body["url"] ?? cur.url;
    if (typeof resType !== "string" || !RES_TYPES.has(resType) || typeof url !== "string" || url === "") {
      ctx.send(resultError(ctx.cmd.id, "invalid_format", "expected res_type (css, js, module, html) and url"));
      return;
    }
    const next: SimResource = { id: cur.id, type: resType, url };
    this.items[index] = next;
    ctx.send(resultOk(ctx.cmd.id, next));
  }

  private remove(ctx: CommandContext, body: Readonly<Record<string, unknown>>): void {
    const before = this.items.length;
    this.items = this.items.filter((r) => r.id !== body["resource_id"]);
    if (this.items.length === before) ctx.send(resultError(ctx.cmd.id, "not_found", `Unable to find resource_id ${String(body["resource_id"])}`));
    else ctx.send(resultOk(ctx.cmd.id, null));
  }
}

const stores = new Map<string, SimLovelace>();

/** The Lovelace store of the simulated home started with `token` (created on first use). */
export function simLovelace(token: string): SimLovelace {
  let s = stores.get(token);
  if (s === undefined) {
    s = new SimLovelace();
    stores.set(token, s);
  }
  return s;
}

const COMMANDS = new Set(["lovelace/resources", "lovelace/resources/list", "lovelace/resources/create", "lovelace/resources/update", "lovelace/resources/delete"]);

/** The handler for a `lovelace/resources…` command type, or undefined for any other type. */
export function lovelaceHandler(token: string, type: string): CommandHandler | undefined {
  if (!COMMANDS.has(type)) return undefined;
  return (ctx) => {
    simLovelace(token).handle(ctx);
  };
}
