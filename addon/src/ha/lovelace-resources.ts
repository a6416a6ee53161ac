import * as z from "zod";
import type { HaClient, Logger, Unsubscribe } from "../domain/index.js";
import type { WsCommandPort } from "./ws-command.js";

/**
 * Registers the card as a Lovelace resource through HA's WebSocket API (HA-CONVENTIONS §10.3):
 * `lovelace/resources` (list) then `lovelace/resources/create` or `/update` with
 * `res_type: module` and `?v=<version>` for cache busting. Idempotent: a resource with the
 * same URL path is updated in place, never duplicated. Storage-mode dashboards only: in YAML
 * mode HA has no create/update commands and answers `unknown_command`, reported as a value.
 */
export type EnsureResourceResult =
  | { readonly kind: "created"; readonly id: string; readonly url: string }
  | { readonly kind: "updated"; readonly id: string; readonly url: string; readonly previousUrl: string }
  | { readonly kind: "unchanged"; readonly id: string; readonly url: string }
  | { readonly kind: "yaml_mode"; readonly url: string; readonly message: string }
  | { readonly kind: "error"; readonly step: "list" | "create" | "update"; readonly code: string; readonly message: string };

/** One item of `lovelace/resources` (HA stores `type`; YAML-mode items may lack an id). */
const resourceSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).optional(),
  type: z.string().optional(),
  url: z.string(),
});
const resourceListSchema = z.array(resourceSchema);
export type LovelaceResource = z.infer<typeof resourceSchema>;

const BASE = "http://sunshift.invalid";

/** `url` with its `v` query parameter set to `version` (relative URLs stay relative). */
export function withVersion(url: string, version: string): string {
  const u = new URL(url, BASE);
  u.searchParams.set("v", version);
  const s = u.toString();
  return s.startsWith(BASE) ? s.slice(BASE.length) : s;
}

/** The URL without query and fragment: what identifies "our" resource across versions. */
export function urlPath(url: string): string {
  const u = new URL(url, BASE);
  const s = `${u.origin}${u.pathname}`;
  return s.startsWith(BASE) ? s.slice(BASE.length) : s;
}

const YAML_MODE_MESSAGE =
  "Home Assistant's dashboards are in YAML mode: add the resource under `lovelace: resources:` in configuration.yaml";

/** Makes sure exactly one module resource points at `url?v=version`. Never throws. */
export async function ensureCardResource(ha: WsCommandPort, url: string, version: string): Promise<EnsureResourceResult> {
  const wanted = withVersion(url, version);
  const listed = await ha.sendCommand({ type: "lovelace/resources" });
  if (!listed.ok) return { kind: "error", step: "list", code: listed.code, message: listed.message };
  const parsed = resourceListSchema.safeParse(listed.result);
  if (!parsed.success) return { kind: "error", step: "list", code: "invalid_response", message: z.prettifyError(parsed.error) };
  const mine = parsed.data.find((r) => urlPath(r.url) === urlPath(wanted));
  if (mine !== undefined && mine.url === wanted && mine.type === "module") return { kind: "unchanged", id: String(mine.id ?? ""), url: wanted };
  if (mine === undefined) {
    const created = await ha.sendCommand({ type: "lovelace/resources/create", res_type: "module", url: wanted });
    if (!created.ok) return failure("create", created, wanted);
    return { kind: "created", id: idOf(created.result), url: wanted };
  }
  if (mine.id === undefined) return { kind: "yaml_mode", url: wanted, message: YAML_MODE_MESSAGE };
  const updated = await ha.sendCommand({ type: "lovelace/resources/update", resource_id: mine.id, res_type: "module", url: wanted });
  if (!updated.ok) return failure("update", updated, wanted);
  return { kind: "updated", id: String(mine.id), url: wanted, previousUrl: mine.url };
}

function failure(step: "create" | "update", r: { readonly code: string; readonly message: string }, url: string): EnsureResourceResult {
  if (r.code === "unknown_command") return { kind: "yaml_mode", url, message: YAML_MODE_MESSAGE };
  return { kind: "error", step, code: r.code, message: r.message };
}

function idOf(result: unknown): string {
  const parsed = resourceSchema.safeParse(result);
  return parsed.success && parsed.data.id !== undefined ? String(parsed.data.id) : "";
}

/** One log line for the outcome (English, for the add-on log and the status page). */
export function describeResourceResult(r: EnsureResourceResult): string {
  switch (r.kind) {
    case "created":
      return `Lovelace resource created: ${r.url}`;
    case "updated":
      return `Lovelace resource updated: ${r.previousUrl} → ${r.url}`;
    case "unchanged":
      return `Lovelace resource up to date: ${r.url}`;
    case "yaml_mode":
      return `Lovelace resource not registered: ${r.message} (url: ${r.url}, type: module)`;
    case "error":
      return `Lovelace resource not registered: ${r.step} failed: ${r.code}: ${r.message}`;
  }
}

/** Codes after which the next connection should try again (the others are final answers). */
const RETRY_CODES = new Set(["not_connected", "timeout", "connection_lost"]);

export interface CardResourceTask {
  /** The card's URL without `?v=`, e.g. `/local/sunshift/sunshift-card.js` (option `card.resource_url`). */
  readonly url: string;
  readonly version: string;
  readonly logger: Logger;
  /** Called once with the final outcome (tests, status page). */
  readonly onResult?: (r: EnsureResourceResult) => void;
}

/**
 * Runs ensureCardResource once HA is connected (option `card.register_resource`), again on a
 * later connection only when the attempt failed for connection reasons. Returns its disposer.
 */
export function registerCardResourceOnConnect(ha: WsCommandPort & Pick<HaClient, "onStatus">, task: CardResourceTask): Unsubscribe {
  let state: "idle" | "running" | "done" = "idle";
  return ha.onStatus((status) => {
    if (status.kind !== "connected" || state !== "idle") return;
    state = "running";
    void ensureCardResource(ha, task.url, task.version).then((r) => {
      const retry = r.kind === "error" && RETRY_CODES.has(r.code);
      state = retry ? "idle" : "done";
      const fields = { url: task.url, version: task.version };
      if (r.kind === "error" || r.kind === "yaml_mode") task.logger.warn(describeResourceResult(r), fields);
      else task.logger.info(describeResourceResult(r), fields);
      if (!retry) task.onResult?.(r);
    });
  });
}
