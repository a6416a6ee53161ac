import type { ServiceResult } from "../domain/index.js";

/** Codes of our own, next to HA's (`not_found`, `invalid_format`, `home_assistant_error`, …). */
export const CODE_CONNECTION_LOST = "connection_lost";
export const CODE_NOT_CONNECTED = "not_connected";
export const CODE_TIMEOUT = "timeout";

/** home-assistant-js-websocket's numeric codes (lib/errors.ts). */
const HAWS_CODES: Readonly<Record<number, string>> = {
  1: "cannot_connect",
  2: "invalid_auth",
  3: CODE_CONNECTION_LOST,
};

/**
 * Turns what a rejected `sendMessagePromise` carries into a failed `ServiceResult`: HA's
 * `{code, message}` error object, HAWS's `{code: 3, message: "Connection lost"}`, a bare HAWS
 * number, or anything else.
 */
export function serviceFailure(err: unknown): ServiceResult & { ok: false } {
  if (typeof err === "number") return { ok: false, code: HAWS_CODES[err] ?? `haws_${err}`, message: `home-assistant-js-websocket error ${err}` };
  if (typeof err === "object" && err !== null) {
    const rec = err as Record<string, unknown>;
    // HAWS rejects in-flight commands on close with a whole result message: {success:false, error:{code:3,…}}.
    if (typeof rec["error"] === "object" && rec["error"] !== null && !("code" in rec)) return serviceFailure(rec["error"]);
    const code = rec["code"];
    const message = typeof rec["message"] === "string" ? rec["message"] : "";
    if (typeof code === "string") return { ok: false, code, message };
    if (typeof code === "number") return { ok: false, code: HAWS_CODES[code] ?? `haws_${code}`, message };
    if (err instanceof Error) return { ok: false, code: "unknown_error", message: err.message };
  }
  return { ok: false, code: "unknown_error", message: String(err) };
}
