import { describe, expect, it } from "vitest";
import { applyCommand, loadSettings, modeBounds, saveSettings, type RuntimeSettings } from "../../addon/src/app/runtime-settings.js";
import { parseOptions } from "../../addon/src/config/index.js";
import { missing, present, type SiteReadings } from "../../addon/src/domain/index.js";
import { readSite } from "../../addon/src/devices/index.js";
import { openHistoryStore } from "../../addon/src/store/index.js";
import { silentLogger } from "../../addon/src/domain/index.js";

const parsed = parseOptions({ control: { reserve_soc_pct: 20, grid_target_w: 10 } });
if (!parsed.ok) throw new Error(parsed.problems.join("; "));
const config = parsed.config;
const battery = { maxOutputW: 800, maxAcChargeW: 1000 };

function site(socPct: number | null, pvW: number): SiteReadings {
  const base = readSite(new Map(), config);
  return {
    ...base,
    battery: {
      ...base.battery,
      socPct: socPct === null ? missing({ kind: "unavailable" }, "sensor.soc") : present(socPct, 0, "sensor.soc"),
      pvPowerW: present(pvW, 0, "sensor.pv"),
    },
  };
}

const s = (over: Partial<RuntimeSettings>): RuntimeSettings => ({ mode: "auto", reserveSocPct: 20, gridTargetW: 0, optimizerEnabled: true, ...over });

describe("mode bounds", () => {
  it.each([
    ["auto with a plan follows the plan", s({}), 60, { minW: -500, maxW: -500 }, { minW: -500, maxW: -500 }],
    ["auto without a plan is self-consumption", s({}), 60, null, { minW: 0, maxW: 800 }],
    ["auto with the optimizer off ignores the plan", s({ optimizerEnabled: false }), 60, { minW: 0, maxW: 0 }, { minW: 0, maxW: 800 }],
    ["self-consumption", s({ mode: "self_consumption" }), 60, { minW: 0, maxW: 0 }, { minW: 0, maxW: 800 }],
    ["charge from the grid at full power", s({ mode: "charge" }), 60, null, { minW: -1000, maxW: -1000 }],
    ["discharge at full power", s({ mode: "discharge" }), 60, null, { minW: 800, maxW: 800 }],
    ["hold", s({ mode: "hold" }), 60, null, { minW: 0, maxW: 0 }],
    ["at the reserve only PV passes through", s({}), 20, null, { minW: 0, maxW: 150 }],
    ["below the reserve, discharge mode also only passes PV", s({ mode: "discharge" }), 15, null, { minW: 150, maxW: 150 }],
    ["unknown SOC keeps the mode's bounds", s({}), null, null, { minW: 0, maxW: 800 }],
  ] as const)("%s", (_name, settings, soc, planned, want) => {
    expect(modeBounds(settings, battery, site(soc, 150), planned)).toEqual(want);
  });
});

describe("runtime settings", () => {
  it("start from the options, change by command and survive a restart", () => {
    const store = openHistoryStore({ path: ":memory:", logger: silentLogger });
    const initial = loadSettings(config, store);
    expect(initial).toEqual({ mode: "auto", reserveSocPct: 20, gridTargetW: 10, optimizerEnabled: true });
    let next = applyCommand(initial, { kind: "set_mode", mode: "hold" });
    next = applyCommand(next, { kind: "set_grid_target", powerW: -50 });
    expect(applyCommand(next, { kind: "replan" })).toBe(next);
    saveSettings(store, next);
    expect(loadSettings(config, store)).toEqual({ mode: "hold", reserveSocPct: 20, gridTargetW: -50, optimizerEnabled: true });
    store.setSetting("runtime_settings", { mode: "nonsense", gridTargetW: "x" });
    expect(loadSettings(config, store)).toEqual(initial);
    store.close();
  });
});
