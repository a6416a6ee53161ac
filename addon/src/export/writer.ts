/**
 * The writer port of the InfluxDB export: sends one batch of line protocol and says what became
 * of it. Expected failures are values (STYLE.md P12); retries are the exporter's job, never the
 * writer's, so the spool stays the one source of truth.
 */
export type WriteOutcome =
  | { readonly kind: "written" }
  /** InfluxDB refused the data itself (HTTP 400: bad line, field type conflict): re-sending cannot help. */
  | { readonly kind: "rejected"; readonly status: number; readonly message: string }
  /** Not written; keep the batch and try again later. `cause` tells the user what to fix. */
  | { readonly kind: "failed"; readonly cause: FailureCause; readonly status: number | null; readonly message: string };

/** unreachable: network, timeout, 5xx, 429; auth: 401/403; not_found: no such database/bucket/org (404). */
export type FailureCause = "unreachable" | "auth" | "not_found" | "other";

export interface InfluxWriter {
  /** Where it writes, for logs: URL (never credentials) and database or bucket. */
  readonly target: string;
  write(lines: readonly string[]): Promise<WriteOutcome>;
}

/** How an HTTP status of a write answer is handled (both API versions answer alike). */
export function outcomeOfStatus(status: number, message: string): WriteOutcome {
  if (status >= 200 && status < 300) return { kind: "written" };
  if (status === 400) return { kind: "rejected", status, message };
  if (status === 401 || status === 403) return { kind: "failed", cause: "auth", status, message };
  if (status === 404) return { kind: "failed", cause: "not_found", status, message };
  if (status === 408 || status === 429 || status >= 500) return { kind: "failed", cause: "unreachable", status, message };
  return { kind: "failed", cause: "other", status, message };
}

/** The error text of an InfluxDB answer (`{"error": "..."}` or `{"message": "..."}`), at most 300 characters. */
export function errorText(body: string): string {
  let text = body;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === "object" && parsed !== null) {
      const record = parsed as Record<string, unknown>;
      const inner = record.error ?? record.message;
      if (typeof inner === "string") text = inner;
    }
  } catch {
    // not JSON: keep the raw text
  }
  return text.replace(/\s+/g, " ").trim().slice(0, 300);
}

/** The message of anything thrown by a transport, without a stack. */
export function thrownMessage(err: unknown): string {
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
    return `${err.message}${cause}`.slice(0, 300);
  }
  return String(err).slice(0, 300);
}

/** `url` with a trailing slash removed, so paths can be appended. */
export function baseUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * Removes credentials from a server's answer before it becomes a message: error pages and
 * proxies may echo the request (URL, headers), so each secret is masked in its plain,
 * URL-encoded and Basic-auth (base64 of `user:secret`) forms.
 */
export function secretScrubber(secrets: readonly (string | null)[], basicAuth: string | null = null): (text: string) => string {
  const forms = secrets
    .filter((s): s is string => s !== null && s.length >= 3)
    .flatMap((s) => [s, encodeURIComponent(s)])
    .concat(basicAuth === null ? [] : [basicAuth]);
  return (text) => forms.reduce((t, f) => t.split(f).join("***"), text);
}

/** `outcome` with its message scrubbed. */
export function scrubbed(outcome: WriteOutcome, scrub: (text: string) => string): WriteOutcome {
  return outcome.kind === "written" ? outcome : { ...outcome, message: scrub(outcome.message) };
}
