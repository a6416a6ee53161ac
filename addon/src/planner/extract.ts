import type { PlannerModel } from "./model-types.js";
import type { Decision } from "./physics.js";

/** Rounds a kW column value to W with 1 mW resolution; solver noise below 1 mW becomes 0. */
function toW(kw: number | undefined): number {
  const w = Math.round((kw ?? 0) * 1_000_000) / 1000;
  return w > 0 ? w : 0;
}

/** Reads the decision fields of every slot from a primal solution. Plugs are on above 0.5. */
export function extractDecisions(model: PlannerModel, x: Float64Array): Decision[] {
  return model.hub.map((h, t) => {
    // Output and input at once only appear in degenerate ties (η = 1, no wear); netting them
    // keeps the meter power and never lowers the stored energy. The physics check follows.
    const rawAo = toW(x[h.ao]);
    const rawAi = toW(x[h.ai]);
    const ao = Math.max(0, rawAo - rawAi);
    const ai = Math.max(0, rawAi - rawAo);
    const plugsOn: string[] = [];
    for (const plug of model.plugs) {
      const col = plug.on[t];
      if (col !== null && col !== undefined && (x[col] ?? 0) > 0.5) plugsOn.push(plug.id);
    }
    return { pvUsedW: toW(x[h.p]), acOutW: ao, acInW: ai, plugsOn };
  });
}

/**
 * Marginal value of one more kWh stored at the end of each slot, EUR/kWh: the negated dual of
 * the SOC balance row (raising its right-hand side adds stored energy for free).
 */
export function extractStoredValue(model: PlannerModel, rowDual: Float64Array | null): number[] | null {
  if (rowDual === null) return null;
  return model.socRows.map((r) => -(rowDual[r] ?? 0));
}
