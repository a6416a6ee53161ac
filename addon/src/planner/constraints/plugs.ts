import type { PlannerInput, PlugRequest } from "../../domain/index.js";
import type { LpBuilder, Term } from "../lp-builder.js";
import type { PlugCols } from "../model-types.js";

/** Result of adding one plug: its on-columns and how many integer columns it needed. */
export interface PlugBuild {
  readonly cols: PlugCols;
  readonly binaries: number;
}

/**
 * Adds one plug. Contiguous runs use one binary per possible start (Σ = 1) and continuous
 * on-columns equal to the starts covering each slot: an interval matrix, so its relaxation is
 * tight and the binaries are few. Free runs use one binary per window slot; minimum on-time and
 * maximum starts add continuous start columns, minimum off-time continuous stop columns.
 */
export function addPlug(b: LpBuilder, input: PlannerInput, plug: PlugRequest, relax: boolean): PlugBuild {
  const n = input.slots.length;
  const lo = Math.max(0, plug.earliestSlot);
  const hi = Math.min(n - 1, plug.latestSlot);
  const on: (number | null)[] = Array.from({ length: n }, () => null);
  const fixedOn = (t: number): number | undefined => {
    const f = input.fixed?.[t];
    return f === undefined ? undefined : f.plugsOn.includes(plug.id) ? 1 : 0;
  };
  for (let t = lo; t <= hi; t++) {
    on[t] = b.addCol(`u_${plug.id}_${t}`, 0, 0, 1, !plug.contiguous && !relax);
    const f = fixedOn(t);
    const col = on[t];
    if (f !== undefined && col !== null && col !== undefined) b.fix(col, f);
  }
  const cols: PlugCols = { id: plug.id, powerKw: plug.powerW / 1000, on };
  const windowTerms: Term[] = [];
  for (let t = lo; t <= hi; t++) windowTerms.push([on[t] ?? 0, 1]);
  b.addRow(plug.runSlots, plug.runSlots, windowTerms);
  if (plug.contiguous) return { cols, binaries: addContiguous(b, plug, on, lo, hi, relax) };
  if (plug.minOnSlots !== undefined || plug.maxStarts !== undefined) addStarts(b, plug, on, lo, hi);
  if ((plug.minOffSlots ?? 1) > 1) addMinOff(b, plug, on, lo, hi);
  return { cols, binaries: relax ? 0 : hi - lo + 1 };
}

/** One block of runSlots: binary starts y_τ, Σ y = 1, on_t = Σ_{τ ≤ t < τ+run} y_τ. */
function addContiguous(
  b: LpBuilder,
  plug: PlugRequest,
  on: readonly (number | null)[],
  lo: number,
  hi: number,
  relax: boolean,
): number {
  const lastStart = hi - plug.runSlots + 1;
  const starts: number[] = [];
  for (let s = lo; s <= lastStart; s++) starts.push(b.addCol(`y_${plug.id}_${s}`, 0, 0, 1, !relax));
  b.addRow(1, 1, starts.map((c): Term => [c, 1]));
  for (let t = lo; t <= hi; t++) {
    const terms: Term[] = [[on[t] ?? 0, 1]];
    for (let s = Math.max(lo, t - plug.runSlots + 1); s <= Math.min(t, lastStart); s++) {
      terms.push([starts[s - lo] ?? 0, -1]);
    }
    b.addRow(0, 0, terms);
  }
  return relax ? 0 : starts.length;
}

/** Start indicators s_t ≥ u_t − u_{t−1}; Σ s ≤ maxStarts; Σ_{last M} s ≤ u_t (min on-time M). */
function addStarts(b: LpBuilder, plug: PlugRequest, on: readonly (number | null)[], lo: number, hi: number): void {
  const s: number[] = [];
  for (let t = lo; t <= hi; t++) {
    const col = b.addCol(`s_${plug.id}_${t}`, 0, 0, 1);
    s.push(col);
    const terms: Term[] = [
      [col, 1],
      [on[t] ?? 0, -1],
    ];
    if (t > lo) terms.push([on[t - 1] ?? 0, 1]);
    b.addRow(0, Infinity, terms);
  }
  if (plug.maxStarts !== undefined) b.addRow(-Infinity, plug.maxStarts, s.map((c): Term => [c, 1]));
  const m = plug.minOnSlots ?? 1;
  if (m <= 1) return;
  for (let t = lo; t <= hi + m - 1; t++) {
    const terms: Term[] = [];
    for (let k = Math.max(lo, t - m + 1); k <= Math.min(t, hi); k++) terms.push([s[k - lo] ?? 0, 1]);
    const u = t <= hi ? on[t] : null;
    if (u !== null && u !== undefined) terms.push([u, -1]);
    b.addRow(-Infinity, 0, terms);
  }
}

/**
 * Minimum off-time M between two runs inside the window: stop indicators w_t ≥ u_{t−1} − u_t
 * (t > lo) and Σ_{k=t−M+1..t} w_k ≤ 1 − u_t, i.e. no slot within M − 1 slots after a stop is on
 * again. The w_t are continuous: with binary u the constraint only pushes them down, so each
 * equals max(0, u_{t−1} − u_t). Off-time before the first and after the last run is free (the
 * window edges are not stops).
 */
function addMinOff(b: LpBuilder, plug: PlugRequest, on: readonly (number | null)[], lo: number, hi: number): void {
  const m = plug.minOffSlots ?? 1;
  const w: number[] = [];
  for (let t = lo + 1; t <= hi; t++) {
    const col = b.addCol(`w_${plug.id}_${t}`, 0, 0, 1);
    w.push(col);
    b.addRow(0, Infinity, [
      [col, 1],
      [on[t - 1] ?? 0, -1],
      [on[t] ?? 0, 1],
    ]);
  }
  for (let t = lo + 1; t <= hi; t++) {
    const terms: Term[] = [[on[t] ?? 0, 1]];
    for (let k = Math.max(lo + 1, t - m + 1); k <= t; k++) terms.push([w[k - lo - 1] ?? 0, 1]);
    b.addRow(-Infinity, 1, terms);
  }
}
