/** HA attribute sets of the simulated entities (units as the real integrations report them). */

export function powerSensor(friendlyName: string): Record<string, unknown> {
  return { unit_of_measurement: "W", device_class: "power", state_class: "measurement", friendly_name: friendlyName };
}

export function energySensor(friendlyName: string): Record<string, unknown> {
  return { unit_of_measurement: "kWh", device_class: "energy", state_class: "total_increasing", friendly_name: friendlyName };
}

export function batterySensor(friendlyName: string): Record<string, unknown> {
  return { unit_of_measurement: "%", device_class: "battery", state_class: "measurement", friendly_name: friendlyName };
}

export function numberEntity(friendlyName: string, min: number, max: number, step: number, unit: string): Record<string, unknown> {
  return { min, max, step, mode: "box", unit_of_measurement: unit, friendly_name: friendlyName };
}

export function selectEntity(friendlyName: string, options: readonly string[]): Record<string, unknown> {
  return { options: [...options], friendly_name: friendlyName };
}

/** Formats a number as HA would show it: fixed decimals, no "-0". */
export function fmt(value: number, decimals: number): string {
  const s = value.toFixed(decimals);
  return Number(s) === 0 ? (0).toFixed(decimals) : s;
}
