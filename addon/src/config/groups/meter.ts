import { z } from "zod";
import { entityId, intIn } from "../fields.js";

/** `meter`: the grid meter (Shelly Pro 3EM by default). Grid power W, signed, + = import. */
export const meterOptions = z
  .strictObject({
    grid_power_entity: entityId(["sensor"], "sensor.shellypro3em_total_active_power"),
    /** Cumulative import counter (kWh or Wh, total_increasing). */
    import_energy_entity: entityId(["sensor"], "sensor.shellypro3em_total_active_energy"),
    /** Cumulative export counter (kWh or Wh, total_increasing). */
    export_energy_entity: entityId(["sensor"], "sensor.shellypro3em_total_active_returned_energy"),
    /** Older grid readings count as missing: the fast loop then goes to its safe state. */
    max_age_s: intIn(5, 600, 30),
  })
  .transform((o) => ({
    gridPowerEntity: o.grid_power_entity,
    importEnergyEntity: o.import_energy_entity,
    exportEnergyEntity: o.export_energy_entity,
    maxAgeS: o.max_age_s,
  }));

export type MeterConfig = z.output<typeof meterOptions>;
