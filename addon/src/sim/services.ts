import { MS_PER_HOUR } from "../domain/index.js";
import { rawDay } from "./devices/price-sensor.js";
import type { SimPlug } from "./devices/plugs.js";
import type { HomeModel } from "./home-model.js";
import type { PriceSeries } from "./series.js";
import { selectOption, setNumber } from "./services-battery.js";
import { done, invalidFormat, numberField, validationError, type ServiceOutcome, type ServiceRequest } from "./service-types.js";
import { localMidnightMs } from "./tz.js";

/** Whether an action returns data (HA's SupportsResponse). */
type SupportsResponse = "none" | "only";

interface ServiceDef {
  readonly supportsResponse: SupportsResponse;
  readonly run: (req: ServiceRequest) => ServiceOutcome;
}

export interface ServiceContext {
  readonly home: HomeModel;
  readonly prices: PriceSeries;
  readonly timeZone: string;
  readonly nowMs: () => number;
}

function plugsOf(home: HomeModel, req: ServiceRequest): SimPlug[] | ServiceOutcome {
  const found = req.entityIds.map((id) => home.plugs.find((p) => p.spec.switchEntityId === id));
  const missingIdx = found.findIndex((p) => p === undefined);
  if (missingIdx >= 0) return validationError(`Entity ${req.entityIds[missingIdx] ?? ""} is not a switch of this home`);
  return found.filter((p) => p !== undefined);
}

function switchService(ctx: ServiceContext, req: ServiceRequest, to: "on" | "off" | "toggle"): ServiceOutcome {
  const plugs = plugsOf(ctx.home, req);
  if (!Array.isArray(plugs)) return plugs;
  for (const p of plugs) p.on = to === "toggle" ? !p.on : to === "on";
  ctx.home.publish(req.context);
  return done;
}

function checkLightTarget(req: ServiceRequest): ServiceOutcome | null {
  const bad = req.entityIds.find((id) => id !== "light.sunshift_status");
  return bad === undefined ? null : validationError(`Entity ${bad} is not a light of this home`);
}

function rgbOf(v: unknown): [number, number, number] | null {
  if (!Array.isArray(v) || v.length !== 3) return null;
  const n = v.map((x) => (typeof x === "number" && Number.isInteger(x) && x >= 0 && x <= 255 ? x : -1));
  const [r, g, b] = n;
  return r === undefined || g === undefined || b === undefined || n.includes(-1) ? null : [r, g, b];
}

interface LightData {
  readonly rgb: [number, number, number] | undefined;
  readonly brightness: number | null;
  readonly pct: number | null;
}

/** Validates light.turn_on data as HA's schema does; a string is the invalid_format message. */
function parseLightData(d: Readonly<Record<string, unknown>>): LightData | string {
  const rgb = "rgb_color" in d ? rgbOf(d["rgb_color"]) : undefined;
  if (rgb === null) return "expected a list of 3 integers 0..255 for dictionary value @ data['rgb_color']";
  const brightness = numberField(d, "brightness");
  const pct = numberField(d, "brightness_pct");
  if ("brightness" in d && (brightness === null || brightness < 0 || brightness > 255)) {
    return "value must be at most 255 for dictionary value @ data['brightness']";
  }
  if ("brightness_pct" in d && (pct === null || pct < 0 || pct > 100)) {
    return "value must be at most 100 for dictionary value @ data['brightness_pct']";
  }
  return { rgb, brightness, pct };
}

function lightOn(ctx: ServiceContext, req: ServiceRequest): ServiceOutcome {
  const bad = checkLightTarget(req);
  if (bad !== null) return bad;
  const data = parseLightData(req.serviceData);
  if (typeof data === "string") return invalidFormat(data);
  if (req.entityIds.length === 0) return done;
  const light = ctx.home.light;
  if (data.rgb !== undefined) light.rgbColor = data.rgb;
  if (data.brightness !== null) light.brightness = Math.round(data.brightness);
  else if (data.pct !== null) light.brightness = Math.round((data.pct * 255) / 100);
  light.on = light.brightness > 0;
  ctx.home.publish(req.context);
  return done;
}

function lightOff(ctx: ServiceContext, req: ServiceRequest): ServiceOutcome {
  const bad = checkLightTarget(req);
  if (bad !== null) return bad;
  if (req.entityIds.length > 0) ctx.home.light.on = false;
  ctx.home.publish(req.context);
  return done;
}

/**
 * Like `nordpool.get_prices_for_date` of the core Nord Pool integration: `{date: "YYYY-MM-DD"}`
 * → `{AT: [{start, end, price}]}` with price in EUR/MWh for each hour of that local day.
 */
function pricesForDate(ctx: ServiceContext, req: ServiceRequest): ServiceOutcome {
  const date = req.serviceData["date"];
  const m = typeof date === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  if (m === null) return invalidFormat("expected a date YYYY-MM-DD for dictionary value @ data['date']");
  const dayStart = localMidnightMs(Number(m[1]), Number(m[2]), Number(m[3]), ctx.timeZone);
  if (dayStart > ctx.nowMs() + 2 * 24 * MS_PER_HOUR) {
    return { ok: false, code: "home_assistant_error", message: "No prices available for the given date" };
  }
  const rows = rawDay(ctx.prices, dayStart, ctx.timeZone).map((r) => ({ start: r.start, end: r.end, price: r.value * 1000 }));
  return { ok: true, response: { AT: rows } };
}

export function serviceTable(ctx: ServiceContext): ReadonlyMap<string, ServiceDef> {
  const none = (run: (req: ServiceRequest) => ServiceOutcome): ServiceDef => ({ supportsResponse: "none", run });
  return new Map<string, ServiceDef>([
    ["switch.turn_on", none((r) => switchService(ctx, r, "on"))],
    ["switch.turn_off", none((r) => switchService(ctx, r, "off"))],
    ["switch.toggle", none((r) => switchService(ctx, r, "toggle"))],
    ["light.turn_on", none((r) => lightOn(ctx, r))],
    ["light.turn_off", none((r) => lightOff(ctx, r))],
    ["number.set_value", none((r) => setNumber(ctx.home, r, ctx.nowMs()))],
    ["select.select_option", none((r) => selectOption(ctx.home, r, ctx.nowMs()))],
    ["homeassistant.update_entity", none(() => done)],
    ["nordpool.get_prices_for_date", { supportsResponse: "only", run: (r) => pricesForDate(ctx, r) }],
  ]);
}

/** Runs one call the way HA's service registry does, including the return_response checks. */
export function callSimService(table: ReadonlyMap<string, ServiceDef>, req: ServiceRequest): ServiceOutcome {
  const def = table.get(`${req.domain}.${req.service}`);
  if (def === undefined) return { ok: false, code: "not_found", message: `Action ${req.domain}.${req.service} not found.` };
  if (req.returnResponse && def.supportsResponse === "none") {
    return validationError("An action which does not return responses can't be called with return_response=True");
  }
  if (!req.returnResponse && def.supportsResponse === "only") {
    return validationError("The action requires responses and must be called with return_response=True");
  }
  return def.run(req);
}
