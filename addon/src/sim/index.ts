/** The simulated home (DESIGN.md "Simulated home"): a test double of HA plus the devices. */
export { startSimulatedHome, SIM_TIME_ZONE, SIM_USER_ID, type SimulatedHome, type SimulatedHomeOptions } from "./home.js";
export type { SimSnapshot, ServiceCallRecord } from "./home-model.js";
export { SimClock } from "./clock.js";
export { SIM_ENTITY_IDS, DEFAULT_SIM_PLUGS, MANAGER_OPERATIONS, type SimPlugSpec, type ManagerOperation } from "./entity-ids.js";
export { DEFAULT_SOLARFLOW, type SolarFlowParams, type SolarFlowFlows, type SolarFlowSettings } from "./devices/solarflow.js";
export { parseLoadPvCsv, parsePriceCsv, loadSeriesFiles, type LoadPvSeries, type PriceSeries } from "./series.js";
export { createSimMqtt, type SimMqtt, type SimMqttOptions, type SimMqttStatus } from "./mqtt-side.js";
export type { MqttEntityView } from "./mqtt-entities.js";
export { startLocalBroker, type LocalBroker, type BrokerChoice } from "./broker.js";
