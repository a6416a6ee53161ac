import type { SourceResult } from "../domain/index.js";

/** The subset of WHATWG `fetch` the sources use; the composition root passes `globalThis.fetch`. */
export type FetchLike = (
  url: string,
  init?: { readonly headers?: Record<string, string>; readonly signal?: AbortSignal },
) => Promise<{ readonly status: number; readonly headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** A fetched body with its status (any status: callers decide what a 429 body means). */
export interface HttpBody {
  readonly status: number;
  readonly body: string;
  readonly retryAfterHeader: string | null;
}

const DEFAULT_TIMEOUT_MS = 20_000;

/** Query parameters whose values are secrets (ENTSO-E `securityToken`, `api_key`, …). */
const SECRET_PARAM = /token|key|password|secret/i;

/** The secret values of `url`'s query plus `extra`, as they may appear in text (raw and encoded). */
function secretsOf(url: string, extra: readonly string[]): string[] {
  let fromQuery: string[] = [];
  try {
    fromQuery = [...new URL(url).searchParams].filter(([k]) => SECRET_PARAM.test(k)).map(([, v]) => v);
  } catch {
    fromQuery = [];
  }
  return [...fromQuery, ...extra].filter((v) => v.length >= 4).flatMap((v) => [v, encodeURIComponent(v)]);
}

function redacted(text: string, secrets: readonly string[]): string {
  return secrets.reduce((t, s) => t.split(s).join("***"), text);
}

/**
 * GET `url`. Network failures and timeouts become a transient error value (never a throw).
 * Secrets in the URL (the query's tokens and keys, plus `secrets`, e.g. a key in the path) are
 * never echoed: not in the error message (fetch errors may quote the URL) and not in the body
 * handed back (error pages may echo the request). tests/security/secrets.test.ts.
 */
export async function httpGet(
  fetchFn: FetchLike,
  url: string,
  headers: Record<string, string> = {},
  timeoutMs = DEFAULT_TIMEOUT_MS,
  secrets: readonly string[] = [],
): Promise<SourceResult<HttpBody>> {
  const hidden = secretsOf(url, secrets);
  try {
    const res = await fetchFn(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const body = redacted(await res.text(), hidden);
    return { kind: "ok", value: { status: res.status, body, retryAfterHeader: res.headers.get("retry-after") } };
  } catch (e) {
    const host = safeHost(url);
    return { kind: "error", severity: "transient", message: `request to ${host} failed: ${redacted(e instanceof Error ? e.message : String(e), hidden)}` };
  }
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "invalid url";
  }
}

/**
 * Maps a non-2xx status to a result: 429 → rate_limited (Retry-After seconds, else
 * `defaultRetryMs`), 5xx/408 → transient, other 4xx → permanent (bad token, bad area).
 */
export function statusToFailure<T>(http: HttpBody, defaultRetryMs: number): SourceResult<T> {
  if (http.status === 429) {
    const seconds = Number(http.retryAfterHeader);
    const retryAfterMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultRetryMs;
    return { kind: "rate_limited", retryAfterMs, message: "HTTP 429" };
  }
  const severity = http.status >= 500 || http.status === 408 ? "transient" : "permanent";
  return { kind: "error", severity, message: `HTTP ${http.status}: ${http.body.slice(0, 200)}` };
}

/** JSON.parse as a value: invalid JSON is a transient error (truncated body). */
export function parseJson(text: string): SourceResult<unknown> {
  try {
    return { kind: "ok", value: JSON.parse(text) as unknown };
  } catch (e) {
    return { kind: "error", severity: "transient", message: `invalid JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
}
