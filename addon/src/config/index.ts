/** Configuration: the add-on options schema, loading, MQTT broker lookup (STYLE.md P7, P8). */
export { optionsSchema, LOG_LEVELS, STANDALONE_KEYS, type Config, type LogLevel, type OptionsInput } from "./schema.js";
export { loadConfig, parseOptions, parseOptionsText, ADDON_OPTIONS_PATH, type LoadConfigDeps, type LoadedConfig, type Runtime, type ParseResult } from "./load.js";
export { lookupSupervisorMqtt, brokerFromOptions, type FetchLike, type MqttBroker, type MqttLookup } from "./supervisor-mqtt.js";
export { redactConfig, REDACTED } from "./redact.js";
export { listOptions, knownKeysAt, type OptionInfo } from "./introspect.js";
export { CONTROL_PATHS, type ControlPath, type BatteryConfig } from "./groups/battery.js";
export { CONTROL_MODES, type ControlMode, type ControlConfig } from "./groups/control.js";
export type { MeterConfig } from "./groups/meter.js";
export type { PlugConfig, PlugsConfig } from "./groups/plugs.js";
export type { LightConfig } from "./groups/light.js";
export type { PlannerConfig } from "./groups/planner.js";
export type { MqttOptionsConfig } from "./groups/mqtt.js";
export type { StorageConfig } from "./groups/storage.js";
export { batteryModelOf, gridModelOf } from "./derive.js";
