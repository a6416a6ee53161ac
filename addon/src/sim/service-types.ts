import type { SimContext } from "./state.js";

/** A call_service request after the protocol layer parsed it. */
export interface ServiceRequest {
  readonly domain: string;
  readonly service: string;
  readonly serviceData: Readonly<Record<string, unknown>>;
  readonly entityIds: readonly string[];
  readonly returnResponse: boolean;
  readonly context: SimContext;
}

/** What a simulated action returns; failures carry HA's error code (DEVICES.md §3). */
export type ServiceOutcome =
  | { readonly ok: true; readonly response: unknown }
  | {
      readonly ok: false;
      readonly code: "not_found" | "invalid_format" | "service_validation_error" | "home_assistant_error";
      readonly message: string;
    };

export const done: ServiceOutcome = { ok: true, response: null };

export function invalidFormat(message: string): ServiceOutcome {
  return { ok: false, code: "invalid_format", message };
}

export function validationError(message: string): ServiceOutcome {
  return { ok: false, code: "service_validation_error", message };
}

/** A finite number from service data (HA coerces numeric strings), or null. */
export function numberField(data: Readonly<Record<string, unknown>>, key: string): number | null {
  const v = data[key];
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return null;
}
