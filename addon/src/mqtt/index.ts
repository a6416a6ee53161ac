/** MQTT discovery: Sunshift's entities in Home Assistant (issue 5). */
export { createMqttBridge, type ConnectFn, type MqttBridge, type MqttBridgeOptions, type MqttStatus } from "./bridge.js";
export { toCardPayload, type CardPayloadInputs } from "./card-payload.js";
export { parseCommand, COMMAND_KEYS, type CommandKey, type CommandParse } from "./commands.js";
export { buildDiscovery, deviceBlock, originBlock, type DiscoveryContext, type DiscoveryMessage, type DiscoveryPayload } from "./discovery.js";
export { ENTITY_SPECS, PLAN_CHANGED_EVENT, type EntitySpec } from "./entity-table.js";
export { toStateDoc, type StateDoc } from "./state-doc.js";
export { topicsFor, isValidInstallId, type Component, type Topics } from "./topics.js";
