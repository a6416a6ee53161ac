/** Message helpers of the HA WebSocket API as the simulated server speaks it (DEVICES.md §3). */

export type HaErrorCode =
  | "id_reuse"
  | "invalid_format"
  | "not_allowed"
  | "not_found"
  | "not_supported"
  | "home_assistant_error"
  | "service_validation_error"
  | "unknown_command"
  | "unknown_error"
  | "unauthorized"
  | "timeout"
  | "template_error";

export type OutMessage = Readonly<Record<string, unknown>>;

export function resultOk(id: number, result: unknown): OutMessage {
  return { id, type: "result", success: true, result };
}

export function resultError(id: number, code: HaErrorCode, message: string): OutMessage {
  return { id, type: "result", success: false, error: { code, message } };
}

export function eventMessage(id: number, event: unknown): OutMessage {
  return { id, type: "event", event };
}

/** A command after the envelope check: integer id and string type, the rest untouched. */
export interface InCommand {
  readonly id: number;
  readonly type: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Parses one text frame into a command, or says why it is malformed (id when it had one). */
export function parseCommand(raw: string): { ok: true; cmd: InCommand } | { ok: false; id: number | null; message: string } {
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    return { ok: false, id: null, message: "Message incorrectly formatted: not JSON" };
  }
  if (!isRecord(v)) return { ok: false, id: null, message: "Message incorrectly formatted: expected an object" };
  const id = v["id"];
  const type = v["type"];
  if (typeof id !== "number" || !Number.isInteger(id)) {
    return { ok: false, id: null, message: "Message incorrectly formatted: expected int for dictionary value @ data['id']" };
  }
  if (typeof type !== "string") {
    return { ok: false, id, message: "Message incorrectly formatted: expected str for dictionary value @ data['type']" };
  }
  return { ok: true, cmd: { id, type, body: v } };
}

/** `entity_id` of a target or service data: a string, a comma list, or a list of strings. */
export function entityIdsOf(v: unknown): string[] | null {
  if (v === undefined) return [];
  if (typeof v === "string") {
    return v
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }
  if (Array.isArray(v) && v.every((x): x is string => typeof x === "string")) return [...v];
  return null;
}
