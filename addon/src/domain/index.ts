/**
 * The domain: types, units in names, ports as small interfaces (STYLE.md P1). A leaf module:
 * it imports nothing but zod. Everything else depends on it.
 */
export * from "./time.js";
export * from "./reading.js";
export * from "./status.js";
export * from "./ha.js";
export * from "./site.js";
export * from "./command.js";
export * from "./history.js";
export * from "./log.js";
export * from "./errors.js";
export * from "./slots.js";
export * from "./plan.js";
export * from "./reason.js";
export * from "./replan.js";
export * from "./plan-run.js";
export * from "./entities.js";
