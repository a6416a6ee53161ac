import type { CardDataStatus, EpochMs, InputStatus } from "../domain/index.js";

/** One planner input as the plan's reasons and the data-age sensor report it. */
export interface InputReport {
  /** What the planner needed, e.g. "prices", "pv_forecast", "load_forecast". */
  readonly input: string;
  /** Where the value used came from (provider id), null when nothing could be used. */
  readonly source: string | null;
  readonly status: InputStatus;
}

/** A candidate for one input: the cache snapshot of a provider, in order of preference. */
export interface InputCandidate<T> {
  readonly source: string;
  readonly value: T | null;
  readonly status: InputStatus;
}

/**
 * Picks what to use for one input: the preferred candidate when fresh; else the first fresh
 * fallback (reported as `substituted`, naming the fallback and why the preferred one was not
 * used); else the first stale value (reported `stale`); else nothing (`missing`).
 */
export function chooseInput<T>(input: string, candidates: readonly InputCandidate<T>[]): { readonly value: T | null; readonly report: InputReport } {
  const preferred = candidates[0];
  if (preferred === undefined) return { value: null, report: { input, source: null, status: { kind: "missing", cause: "not configured" } } };
  const fresh = candidates.find((c) => c.value !== null && c.status.kind === "fresh");
  if (fresh !== undefined && fresh === preferred) return { value: fresh.value, report: { input, source: fresh.source, status: fresh.status } };
  const why = `${preferred.source}: ${preferred.status.kind === "missing" ? preferred.status.cause : describeInputStatus(preferred.status)}`;
  if (fresh !== undefined) return { value: fresh.value, report: { input, source: fresh.source, status: { kind: "substituted", by: fresh.source, cause: why } } };
  const stale = candidates.find((c) => c.value !== null);
  if (stale !== undefined) return { value: stale.value, report: { input, source: stale.source, status: stale.status } };
  return { value: null, report: { input, source: null, status: { kind: "missing", cause: why } } };
}

/**
 * The report as the plan sensor's `dataStatus` item. `fallback` names what the planner used
 * when the input is missing altogether (e.g. `rules` without prices); a substitute provider
 * is named by the report itself.
 */
export function dataStatusOf(r: InputReport, fallback: string | null = null): CardDataStatus {
  const s = r.status;
  const base = { input: r.input, source: r.source };
  switch (s.kind) {
    case "fresh":
      return { ...base, ageS: Math.round(s.ageMs / 1000), stale: false, usedInstead: null };
    case "stale":
      return { ...base, ageS: Math.round(s.ageMs / 1000), stale: true, usedInstead: null };
    case "missing":
      return { ...base, ageS: null, stale: true, usedInstead: fallback };
    case "substituted":
      return { ...base, ageS: null, stale: true, usedInstead: s.by };
  }
}

/** Short English text for logs and the status page. */
export function describeInputStatus(s: InputStatus): string {
  switch (s.kind) {
    case "fresh":
      return `fresh (${Math.round(s.ageMs / 60_000)} min old)`;
    case "stale":
      return `stale (${Math.round(s.ageMs / 60_000)} min old, limit ${Math.round(s.maxAgeMs / 60_000)} min)`;
    case "missing":
      return `missing (${s.cause})`;
    case "substituted":
      return `replaced by ${s.by} (${s.cause})`;
  }
}

/** Overall state for the HA "data freshness" sensor. */
export type FreshnessState = "ok" | "degraded" | "missing";

export interface FreshnessSummary {
  readonly state: FreshnessState;
  readonly inputs: readonly InputReport[];
  /** One line per input that is not fresh, for the plan's reasons. */
  readonly problems: readonly string[];
}

/** Summarizes the inputs of one planning run: `missing` if any input is missing, else `degraded` if any is not fresh. */
export function summarizeFreshness(reports: readonly InputReport[]): FreshnessSummary {
  const problems = reports.filter((r) => r.status.kind !== "fresh").map((r) => `${r.input}: ${describeInputStatus(r.status)}`);
  const state: FreshnessState = reports.some((r) => r.status.kind === "missing") ? "missing" : problems.length > 0 ? "degraded" : "ok";
  return { state, inputs: reports, problems };
}

/**
 * Attributes for the HA sensor (snake_case, seconds): per input its source, status, age and
 * cause/substitute, plus `checked_at` (ISO) so the card can show how current this is.
 */
export function freshnessAttributes(summary: FreshnessSummary, nowMs: EpochMs): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const r of summary.inputs) {
    const s = r.status;
    inputs[r.input] = {
      source: r.source,
      status: s.kind,
      ...(s.kind === "fresh" || s.kind === "stale" ? { age_s: Math.round(s.ageMs / 1000) } : {}),
      ...(s.kind === "stale" ? { max_age_s: Math.round(s.maxAgeMs / 1000) } : {}),
      ...(s.kind === "missing" || s.kind === "substituted" ? { cause: s.cause } : {}),
      ...(s.kind === "substituted" ? { used_instead: s.by } : {}),
    };
  }
  return { inputs, problems: summary.problems, checked_at: new Date(nowMs).toISOString() };
}
