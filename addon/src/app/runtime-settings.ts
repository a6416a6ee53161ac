import { applyEntityCommand, type EntityCommand, type EntitySettings, type SettingsStore, type SiteReadings, type SunshiftMode } from "../domain/index.js";
import type { Config } from "../config/index.js";
import type { SetpointBounds } from "../control/zero-feed-in.js";

/**
 * Settings people change from HA at run time (MQTT select/number/switch). They start from the
 * options, survive a restart in the store, and are changed only through `applyCommand`.
 */
export type RuntimeSettings = EntitySettings;

const KEY = "runtime_settings";

export function loadSettings(config: Config, store: SettingsStore): RuntimeSettings {
  const defaults: RuntimeSettings = {
    mode: config.control.mode,
    reserveSocPct: config.control.reserveSocPct,
    gridTargetW: config.control.gridTargetW,
    optimizerEnabled: true,
  };
  const saved = store.getSetting(KEY);
  if (saved === null || typeof saved !== "object" || Array.isArray(saved)) return defaults;
  const s = saved as Record<string, unknown>;
  return {
    mode: typeof s.mode === "string" && isMode(s.mode) ? s.mode : defaults.mode,
    reserveSocPct: typeof s.reserveSocPct === "number" ? s.reserveSocPct : defaults.reserveSocPct,
    gridTargetW: typeof s.gridTargetW === "number" ? s.gridTargetW : defaults.gridTargetW,
    optimizerEnabled: typeof s.optimizerEnabled === "boolean" ? s.optimizerEnabled : defaults.optimizerEnabled,
  };
}

export function saveSettings(store: SettingsStore, settings: RuntimeSettings): void {
  store.setSetting(KEY, { ...settings });
}

function isMode(value: string): value is SunshiftMode {
  return ["auto", "self_consumption", "charge", "discharge", "hold", "off"].includes(value);
}

/** The settings after one command from HA; `replan` changes none. */
export function applyCommand(settings: RuntimeSettings, command: EntityCommand): RuntimeSettings {
  return applyEntityCommand(settings, command);
}

/**
 * Fast-loop bounds (W, + output / − AC charge) for a mode. `planned` is the plan's bounds for
 * now (auto mode with the optimizer on), null without a plan → zero feed-in. Below the reserve
 * SOC the battery may not discharge: only PV passes through.
 */
export function modeBounds(
  settings: RuntimeSettings,
  battery: { readonly maxOutputW: number; readonly maxAcChargeW: number },
  site: SiteReadings,
  planned: SetpointBounds | null,
): SetpointBounds {
  const selfConsumption = { minW: 0, maxW: battery.maxOutputW };
  const base = ((): SetpointBounds => {
    switch (settings.mode) {
      case "auto":
        return settings.optimizerEnabled && planned !== null ? planned : selfConsumption;
      case "self_consumption":
        return selfConsumption;
      case "charge":
        return { minW: -battery.maxAcChargeW, maxW: -battery.maxAcChargeW };
      case "discharge":
        return { minW: battery.maxOutputW, maxW: battery.maxOutputW };
      case "hold":
      case "off":
        return { minW: 0, maxW: 0 };
    }
  })();
  const soc = site.battery.socPct;
  if (soc.ok && soc.value <= settings.reserveSocPct && base.maxW > 0) {
    const pv = site.battery.pvPowerW;
    const pvW = pv.ok ? Math.max(0, Math.min(pv.value, battery.maxOutputW)) : 0;
    return { minW: Math.min(base.minW, pvW), maxW: pvW };
  }
  return base;
}
