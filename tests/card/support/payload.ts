/** A small hand-made CardPayload for table tests (the real one comes from real-plan.ts). */
import { cardPayloadSchema, type CardPayload, type CardReason } from "../../../addon/src/domain/card-payload.js";

export const T0 = Date.UTC(2026, 5, 20, 22, 0); // 2026-06-21 00:00 in Europe/Berlin

export function payload(over: Partial<CardPayload> & { readonly n?: number } = {}): CardPayload {
  const n = over.n ?? 8;
  const fill = <T>(v: T): T[] => Array.from({ length: n }, () => v);
  const { n: _n, ...rest } = over;
  const p: CardPayload = {
    v: 1, status: "optimal", generatedAtMs: T0 - 60_000, startMs: T0, stepMin: 15,
    importP: fill(300), socPct: fill(50), batteryW: fill(0), pvW: fill(0), loadW: fill(300), gridW: fill(300),
    plugs: [], reasons: [], planReasons: [], reasonsDropped: 0, ...rest,
  };
  const checked = cardPayloadSchema.safeParse(p);
  if (!checked.success) throw new Error(`test payload invalid: ${checked.error.message}`);
  return checked.data;
}

export const holdReason = (i: number, n: number): CardReason => ({ k: "hold", i, n, p: 300, pLater: 420, tLater: 180, });
export const chargeReason = (i: number, n: number): CardReason => ({ k: "grid_charge", i, n, w: 800, p: 120, pLater: 390, tLater: 240, lossPct: 18 });
