import type { SolarFlowSettings } from "./devices/solarflow.js";
import { MANAGER_OPERATIONS, SIM_ENTITY_IDS as E, type ManagerOperation } from "./entity-ids.js";
import type { HomeModel } from "./home-model.js";
import { done, invalidFormat, numberField, validationError, type ServiceOutcome, type ServiceRequest } from "./service-types.js";

interface NumberSpec {
  readonly min: number;
  readonly max: number;
  readonly apply: (v: number) => Partial<SolarFlowSettings>;
}

function numberSpecs(home: HomeModel): ReadonlyMap<string, NumberSpec> {
  const p = home.sf.params;
  return new Map<string, NumberSpec>([
    [E.outputLimit, { min: 0, max: p.maxOutputW, apply: (v) => ({ outputLimitW: v }) }],
    [E.inputLimit, { min: 0, max: p.maxInputW, apply: (v) => ({ inputLimitW: v }) }],
    [E.minSoc, { min: 0, max: 50, apply: (v) => ({ minSocPct: v }) }],
    [E.maxSoc, { min: 70, max: 100, apply: (v) => ({ maxSocPct: v }) }],
    [E.managerManualPower, { min: -12000, max: 12000, apply: (v) => ({ manualPowerW: v }) }],
  ]);
}

/** `number.set_value {value}` on the SolarFlow / manager numbers. */
export function setNumber(home: HomeModel, req: ServiceRequest, nowMs: number): ServiceOutcome {
  const value = numberField(req.serviceData, "value");
  if (value === null) return invalidFormat("expected float for dictionary value @ data['value']");
  const specs = numberSpecs(home);
  const patches: Partial<SolarFlowSettings>[] = [];
  for (const id of req.entityIds) {
    const spec = specs.get(id);
    if (spec === undefined) return validationError(`Entity ${id} is not a number entity of this home`);
    if (value < spec.min || value > spec.max) {
      return validationError(`Value ${value} for ${id} is outside valid range ${spec.min} - ${spec.max}`);
    }
    patches.push(spec.apply(Math.round(value)));
  }
  for (const patch of patches) home.sf.applySettings(patch, nowMs);
  home.publish(req.context);
  return done;
}

function isManagerOperation(o: string): o is ManagerOperation {
  return (MANAGER_OPERATIONS as readonly string[]).includes(o);
}

/** `select.select_option {option}` on the AC mode and the manager operation. */
export function selectOption(home: HomeModel, req: ServiceRequest, nowMs: number): ServiceOutcome {
  const option = req.serviceData["option"];
  if (typeof option !== "string") return invalidFormat("expected str for dictionary value @ data['option']");
  const patches: Partial<SolarFlowSettings>[] = [];
  for (const id of req.entityIds) {
    if (id === E.acMode) {
      if (option !== "input" && option !== "output") return validationError(`Option ${option} is not valid for entity ${id}`);
      patches.push({ acMode: option });
    } else if (id === E.managerOperation) {
      if (!isManagerOperation(option)) return validationError(`Option ${option} is not valid for entity ${id}`);
      patches.push({ operation: option });
    } else {
      return validationError(`Entity ${id} is not a select entity of this home`);
    }
  }
  for (const patch of patches) home.sf.applySettings(patch, nowMs);
  home.publish(req.context);
  return done;
}
