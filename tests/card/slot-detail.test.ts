/**
 * Reason popups (lovelace-card/src/card/slot-detail.ts): the sentences are the domain's
 * reason-text.ts of the expanded compact reasons, in the card's language and the home's zone.
 * Real plan: tests/card/support/real-plan.ts (bench_scenarios_48h.json via HiGHS and toCardPayload).
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CardPayload } from "../../addon/src/domain/card-payload.js";
import { expandCardReason } from "../../addon/src/domain/card-reasons.js";
import { reasonText } from "../../addon/src/domain/reason-text.js";
import { nextChange, planReasonTexts, slotDetail, slotReasonTexts } from "../../lovelace-card/src/card/slot-detail.js";
import { chargeReason, holdReason, payload } from "./support/payload.js";
import { realCardPayload } from "./support/real-plan.js";

describe("slot popup on a hand-made payload", () => {
  const p = payload({
    importP: [120, 120, 300, 300, 420, 420, 420, 420],
    batteryW: [-800, -800, 0, 0, 400, 400, 400, 400],
    gridW: [1100, 1100, 300, 300, -100, -100, -100, -100],
    pvW: [0, 0, 0, 0, null, null, 0, 0],
    reasons: [chargeReason(0, 2), holdReason(2, 2)],
    plugs: [{ id: "dishwasher", w: 1850, runs: [[1, 2]] }],
  });

  it("shows the slot's time range, action, numbers and its reason in English (Berlin time)", () => {
    const d = slotDetail(p, 1, "en", "Europe/Berlin");
    expect(d.title).toBe("Sun 00:15–00:30");
    expect(d.actionText).toBe("Charging from the grid");
    expect(d.rows).toEqual([
      ["Price", "12.0 ct/kWh"], ["Battery level", "50 %"], ["Battery", "800 W charging"], ["Solar forecast", "0 W"],
      ["Load forecast", "300 W"], ["Grid", "1.1 kW import"], ["Plugs", "dishwasher"],
    ]);
    // The merged grid_charge item (slots 0–1) keeps slot 0's numbers: later price at +240 min = 04:00 Berlin.
    expect(d.reasons).toEqual(["charge from grid: 0.12 €/kWh now vs 0.39 €/kWh at 04:00, worth it after 18 % round-trip loss"]);
    expect(d.note).toBeNull();
  });

  it("speaks German and Dutch with the same numbers", () => {
    expect(slotDetail(p, 2, "de", "Europe/Berlin").reasons).toEqual(["Akku halten: jetzt 0,30 €/kWh, um 03:00 0,42 €/kWh"]);
    expect(slotDetail(p, 3, "nl", "Europe/Berlin").reasons).toEqual(["batterij vasthouden: nu 0,30 €/kWh, om 03:00 0,42 €/kWh"]);
    expect(slotDetail(p, 4, "de", "Europe/Berlin").rows.map((r) => r[0])).toEqual(["Preis", "Ladestand", "Akku", "Verbrauchsprognose", "Netz"]);
  });

  it("says when a slot has no reason, and when reasons were left out for size", () => {
    expect(slotDetail(p, 5, "en", "UTC").note).toBe("No reason recorded for this slot.");
    const dropped = { ...p, reasonsDropped: 7 };
    expect(slotDetail(dropped, 5, "en", "UTC").note).toBe("7 reasons were left out to fit Home Assistant's size limit.");
    expect(slotDetail(dropped, 5, "nl", "UTC").note).toBe("7 redenen zijn weggelaten vanwege de groottegrens van Home Assistant.");
  });

  it("finds the next change of action", () => {
    expect(nextChange(p, 0)).toEqual({ index: 2, action: "idle" });
    expect(nextChange(p, 2)).toEqual({ index: 4, action: "discharge" });
    expect(nextChange(p, 4)).toBeNull();
  });
});

describe("slot popups on a real plan", () => {
  let real: CardPayload;
  beforeAll(async () => {
    real = await realCardPayload();
  }, 30_000);

  it("has, for every slot, exactly the sentences of the reason items covering it", () => {
    let withReasons = 0;
    for (let i = 0; i < real.socPct.length; i++) {
      const expected = real.reasons.filter((r) => r.i <= i && i < r.i + r.n).map((r) => reasonText(expandCardReason(r, real.startMs), "en", { timeZone: "Europe/Paris" }));
      expect(slotReasonTexts(real, i, "en", "Europe/Paris")).toEqual(expected);
      const d = slotDetail(real, i, "en", "Europe/Paris");
      expect(d.reasons.length > 0 || d.note !== null).toBe(true);
      if (d.reasons.length > 0) withReasons += 1;
    }
    expect(withReasons).toBe(real.socPct.length); // the planner explains every slot
    expect(planReasonTexts(real, "en", "Europe/Paris")[0]).toMatch(/^planned by highs \((optimal|feasible), \d+ on\/off decisions\)$/);
  });
});
