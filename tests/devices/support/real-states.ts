// Builds HA entity states from the real captures in /work/shared/data:
// - shelly/ha-entity-listing-shelly-real-install-2025-10-20.csv (a real HA entity listing),
// - shelly/ha-core-fixture-pro3em-config-shelly-status.json (HA core's Pro 3EM fixture),
// - zendure/*.json zenSDK /properties/report payloads, mapped to the entities the Zendure-HA
//   integration exposes for them (DEVICES.md §1.2, §1.4).
import { readFileSync } from "node:fs";
import type { HaEntityState } from "../../../addon/src/domain/ha.js";

export const DATA = "/work/shared/data";

export function entity(entityId: string, state: string, attributes: Record<string, unknown>, atMs: number): HaEntityState {
  return { entityId, state, attributes, lastChangedMs: atMs, lastUpdatedMs: atMs };
}

/** The CSV rows (entity_id, friendly_name, state, unit, device_model) as HA states at `atMs`. */
export function shellyListingStates(atMs: number): Map<string, HaEntityState> {
  const lines = readFileSync(`${DATA}/shelly/ha-entity-listing-shelly-real-install-2025-10-20.csv`, "utf8").trim().split("\n");
  const states = new Map<string, HaEntityState>();
  for (const line of lines.slice(1)) {
    const [id, name, state, unit] = line.split(",");
    if (id === undefined || state === undefined) continue;
    const attrs: Record<string, unknown> = { friendly_name: name };
    if (unit !== undefined && unit !== "") attrs.unit_of_measurement = unit;
    states.set(id, entity(id, state, attrs, atMs));
  }
  return states;
}

interface Pro3EmFixture {
  readonly status: { readonly "em:0": { readonly total_act_power: number }; readonly "emdata:0": { readonly total_act: number; readonly total_act_ret: number } };
}

/** The HA core Pro 3EM fixture as the Shelly integration's entities: total power W, energies kWh. */
export function pro3emStates(atMs: number, prefix = "sensor.shellypro3em"): Map<string, HaEntityState> {
  const f = JSON.parse(readFileSync(`${DATA}/shelly/ha-core-fixture-pro3em-config-shelly-status.json`, "utf8")) as Pro3EmFixture;
  const em = f.status["em:0"];
  const data = f.status["emdata:0"];
  // The device reports energies in Wh; the HA integration shows them in kWh.
  return new Map([
    [`${prefix}_total_active_power`, entity(`${prefix}_total_active_power`, String(em.total_act_power), { unit_of_measurement: "W" }, atMs)],
    [`${prefix}_total_active_energy`, entity(`${prefix}_total_active_energy`, String(data.total_act / 1000), { unit_of_measurement: "kWh" }, atMs)],
    [`${prefix}_total_active_returned_energy`, entity(`${prefix}_total_active_returned_energy`, String(data.total_act_ret / 1000), { unit_of_measurement: "kWh" }, atMs)],
  ]);
}

export type ZenProperties = Readonly<Record<string, number>>;

/** A zenSDK report's properties as Zendure-HA entities of a hub whose slug is `device`. */
export function zendureStates(p: ZenProperties, atMs: number, device = "solarflow_800_pro"): Map<string, HaEntityState> {
  const states = new Map<string, HaEntityState>();
  const put = (id: string, value: number | string | undefined, attrs: Record<string, unknown>): void => {
    if (value !== undefined) states.set(id, entity(id, String(value), attrs, atMs));
  };
  const w = { unit_of_measurement: "W", device_class: "power" };
  put(`sensor.${device}_electric_level`, p.electricLevel, { unit_of_measurement: "%", device_class: "battery" });
  put(`sensor.${device}_solar_input_power`, p.solarInputPower, w);
  put(`sensor.${device}_output_pack_power`, p.outputPackPower, w);
  put(`sensor.${device}_pack_input_power`, p.packInputPower, w);
  put(`sensor.${device}_output_home_power`, p.outputHomePower, w);
  put(`sensor.${device}_grid_input_power`, p.gridInputPower, w);
  put(`number.${device}_output_limit`, p.outputLimit, { ...w, min: 0, max: 800 });
  put(`number.${device}_input_limit`, p.inputLimit, { ...w, min: 0, max: 1000 });
  put(`select.${device}_ac_mode`, p.acMode === 1 ? "input" : p.acMode === 2 ? "output" : undefined, { options: ["input", "output"] });
  // socSet/minSoc are 0.1 % on the wire; the integration shows %.
  put(`number.${device}_min_soc`, p.minSoc === undefined ? undefined : p.minSoc / 10, { unit_of_measurement: "%" });
  put(`number.${device}_soc_set`, p.socSet === undefined ? undefined : p.socSet / 10, { unit_of_measurement: "%" });
  return states;
}

interface Snapshot {
  readonly label: string;
  readonly payload: { readonly product: string; readonly properties: ZenProperties };
}

/** The labelled zenSDK snapshots (SF800, SF800 Pro, SF1600 AC+). */
export function zendureSnapshots(): readonly Snapshot[] {
  const f = JSON.parse(readFileSync(`${DATA}/zendure/zensdk-properties-report-snapshots-sf800-sf800pro-sf1600acplus.json`, "utf8")) as { snapshots: Snapshot[] };
  return f.snapshots;
}

export function zendureReport(file: string): { readonly product: string; readonly properties: ZenProperties } {
  return JSON.parse(readFileSync(`${DATA}/zendure/${file}`, "utf8")) as { product: string; properties: ZenProperties };
}

export function merge(...maps: ReadonlyMap<string, HaEntityState>[]): Map<string, HaEntityState> {
  return new Map(maps.flatMap((m) => [...m]));
}
