/** Home Assistant WebSocket adapter (implements the domain `HaClient` port). */
export { createHaClient, supervisorConnection, type HaClientOptions, type ManagedHaClient } from "./client.js";
export { haCoreConfigSchema, type HaCoreConfig } from "./core-config.js";
export { applyDiff, applyEntitiesEvent, entitiesEventSchema, expandState, type EntitiesEvent } from "./entities.js";
export { backoffMs } from "./backoff.js";
export { AuthInvalidError, openHaSocket, wsUrlFor } from "./socket.js";
export { CODE_CONNECTION_LOST, CODE_NOT_CONNECTED, CODE_TIMEOUT, serviceFailure } from "./service-errors.js";
