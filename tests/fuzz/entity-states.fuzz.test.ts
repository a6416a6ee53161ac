// Property-based fuzzing of entity states (issue 8 §3): random state strings, units and
// attributes for every entity Sunshift reads, through devices/readSite, the history ingest, the
// mode bounds and the fast loop's control law, down to the HA service calls. Whatever HA shows:
// no throw, no NaN/Infinity anywhere, a recorded cause for every reading that is refused, and no
// call beyond the hub's limits. State shapes follow the real entities of
// /work/shared/data/shelly/ha-entity-listing-shelly-real-install-2025-10-20.csv and the Zendure-HA
// entities of DEVICES.md; the values are random.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseOptions, type Config } from "../../addon/src/config/index.js";
import { describeMissing, type EntityStates, type HaEntityState, type Reading } from "../../addon/src/domain/index.js";
import { commandToCalls, ingestSite, readSite, siteEntityIds } from "../../addon/src/devices/index.js";
import { GRID_POWER_W, HUB_LIMIT_W, HUB_POWER_W, PLUG_POWER_W, SOC_PCT, type Range } from "../../addon/src/devices/ranges.js";
import { controlStep, type ControlTuning } from "../../addon/src/control/zero-feed-in.js";
import { modeBounds } from "../../addon/src/app/runtime-settings.js";
import { RUNS, TOTAL_CASES } from "./support/runs.js";

const NOW = Date.parse("2024-06-15T12:00:00Z");

const stateText = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((v) => String(Math.round(v * 10) / 10)) },
  { weight: 2, arbitrary: fc.integer({ min: -100, max: 6000 }).map(String) },
  { weight: 2, arbitrary: fc.constantFrom("unavailable", "unknown", "on", "off", "input", "output", "Input mode", "Output mode", "1", "2", "manual", "off") },
  { weight: 2, arbitrary: fc.constantFrom("", " ", "NaN", "Infinity", "-Infinity", "1e309", "-1e309", "0x1F", "1,5", " 12", "12 ", "+5", ".5", "5.", "1e3", "−5", "٣", "null", "None", "true") },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

const unit = fc.constantFrom<unknown>("W", "kW", "MW", "Wh", "kWh", "MWh", "%", "w", "KW", "°C", "", " W ", null, undefined, 1000, ["W"], { u: "W" });

const attributes = fc.record(
  { unit_of_measurement: unit, device_class: fc.constantFrom<unknown>("power", "energy", "battery", null, 7), friendly_name: fc.string({ maxLength: 8 }) },
  { requiredKeys: [] },
);

const atMs = fc.oneof(fc.integer({ min: NOW - 86_400_000, max: NOW + 60_000 }), fc.constantFrom(0, NOW, -1, 8.64e15));

/** For each entity id: absent, or a random state. */
function statesFor(ids: readonly string[]): fc.Arbitrary<EntityStates> {
  const one = fc.option(fc.record({ state: stateText, attributes, at: atMs }), { freq: 8 });
  return fc.tuple(...ids.map(() => one)).map((entries) => {
    const map = new Map<string, HaEntityState>();
    entries.forEach((e, i) => {
      const id = ids[i];
      if (e === null || id === undefined) return;
      const attrs = Object.fromEntries(Object.entries(e.attributes).filter(([, v]) => v !== undefined));
      map.set(id, { entityId: id, state: e.state, attributes: attrs, lastChangedMs: e.at, lastUpdatedMs: e.at });
    });
    return map;
  });
}

const configArb = fc
  .record({ path: fc.constantFrom("device", "manager"), out: fc.integer({ min: 0, max: 2400 }), acIn: fc.integer({ min: 0, max: 2400 }) })
  .map(({ path, out, acIn }): Config => {
    const r = parseOptions({
      battery: { control_path: path, max_output_w: out, max_ac_charge_w: acIn },
      plugs: [{ id: "dishwasher", name: "Dishwasher", switch_entity: "switch.dw", power_entity: "sensor.dw_power", power_w: 1200, run_minutes: 60 }],
    });
    if (!r.ok) throw new Error(r.problems.join("; "));
    return r.config;
  });

const tuning: fc.Arbitrary<ControlTuning> = fc.record({
  targetGridW: fc.integer({ min: -1000, max: 1000 }),
  deadbandW: fc.integer({ min: 0, max: 500 }),
  maxStepW: fc.integer({ min: 10, max: 3000 }),
  quantumW: fc.constantFrom(0, 1, 10),
  minWriteIntervalMs: fc.integer({ min: 0, max: 600_000 }),
  zeroBandW: fc.integer({ min: 0, max: 50 }),
});

/** Problems of one reading: present → finite and inside its range; missing → a cause with text. */
function readingProblems<T>(name: string, r: Reading<T>, range: Range | null): string[] {
  if (!r.ok) return describeMissing(r.cause).trim() === "" ? [`${name}: refused without a reason`] : [];
  if (!Number.isFinite(r.atMs)) return [`${name}: atMs ${r.atMs}`];
  if (range === null || typeof r.value !== "number") return [];
  return Number.isFinite(r.value) && r.value >= range.min && r.value <= range.max ? [] : [`${name}: ${r.value} outside ${range.min}..${range.max}`];
}

describe(`entity state fuzzing: ${RUNS.entityStates} random sites (${TOTAL_CASES} fuzz cases in tests/fuzz)`, () => {
  it("readSite → ingest → bounds → control law → service calls: finite, within limits, every refusal with a reason", () => {
    let refused = 0;
    let writes = 0;
    const property = fc.property(
      configArb.chain((config) => fc.tuple(fc.constant(config), statesFor(siteEntityIds(config)))),
      tuning,
      fc.record({ mode: fc.constantFrom("auto", "self_consumption", "charge", "discharge", "hold", "off" as const), reserveSocPct: fc.integer({ min: 0, max: 100 }), gridTargetW: fc.integer({ min: -1000, max: 1000 }), optimizerEnabled: fc.boolean() }),
      fc.option(fc.record({ minW: fc.integer({ min: -5000, max: 0 }), maxW: fc.integer({ min: 0, max: 5000 }) })),
      fc.option(fc.integer({ min: -3000, max: 3000 })),
      ([config, states], t, settings, planned, lastSetpointW) => {
        const site = readSite(states, config);
        const b = site.battery;
        const problems = [
          ...readingProblems("grid", site.meter.gridPowerW, GRID_POWER_W),
          ...readingProblems("import", site.meter.importEnergyWh, { min: 0, max: 1e10 }),
          ...readingProblems("soc", b.socPct, SOC_PCT),
          ...[b.pvPowerW, b.chargePowerW, b.dischargePowerW, b.acOutputPowerW, b.acInputPowerW].flatMap((r, i) => readingProblems(`hub power ${i}`, r, HUB_POWER_W)),
          ...[b.outputLimitW, b.inputLimitW].flatMap((r, i) => readingProblems(`hub limit ${i}`, r, HUB_LIMIT_W)),
          ...readingProblems("ac mode", b.acMode, null),
          ...site.plugs.flatMap((p) => [...readingProblems(`plug ${p.id} on`, p.on, null), ...readingProblems(`plug ${p.id} W`, p.powerW, PLUG_POWER_W)]),
        ];
        if (!site.meter.gridPowerW.ok) refused++;
        for (const s of ingestSite(site, NOW)) if (!Number.isFinite(s.value)) problems.push(`sample ${s.series} = ${s.value}`);
        const bounds = modeBounds(settings, config.battery, site, planned);
        // Planned bounds pass through as the planner made them; the device limits are enforced
        // where commands become calls (checked below).
        if (!(Number.isFinite(bounds.minW) && Number.isFinite(bounds.maxW) && bounds.minW <= bounds.maxW)) problems.push(`bounds ${JSON.stringify(bounds)}`);
        const grid = site.meter.gridPowerW;
        if (grid.ok) {
          const observedHubW = b.acOutputPowerW.ok && b.acInputPowerW.ok ? b.acOutputPowerW.value - b.acInputPowerW.value : null;
          const decision = controlStep({ nowMs: NOW, gridW: grid.value, filteredGridW: grid.value, observedHubW, bounds, tuning: t }, { setpointW: lastSetpointW, lastWriteMs: null });
          if (!Number.isFinite(decision.desiredW)) problems.push(`desired ${decision.desiredW}`);
          if (decision.kind === "write") {
            writes++;
            problems.push(...callProblems(commandToCalls(decision.command, config), config));
          }
        }
        expect(problems).toEqual([]);
      },
    );
    fc.assert(property, { numRuns: RUNS.entityStates });
    // Both sides reached: refused meters and commands written.
    expect(refused).toBeGreaterThan(RUNS.entityStates / 20);
    expect(writes).toBeGreaterThan(RUNS.entityStates / 20);
  });
});

/** Values of the service calls against the hub's limits (device path: limits; manager: signed power). */
function callProblems(calls: ReturnType<typeof commandToCalls>, config: Config): string[] {
  const b = config.battery;
  const out: string[] = [];
  for (const c of calls) {
    if (c.domain !== "number") continue;
    const v = c.serviceData?.["value"];
    const target = c.target?.entity_id;
    if (typeof v !== "number" || !Number.isFinite(v)) {
      out.push(`${String(target)}: value ${String(v)}`);
      continue;
    }
    const [lo, hi] = target === b.outputLimitEntity ? [0, b.maxOutputW] : target === b.inputLimitEntity ? [0, b.maxAcChargeW] : [-b.maxAcChargeW, b.maxOutputW];
    if (v < lo || v > hi) out.push(`${String(target)}: ${v} outside ${lo}..${hi}`);
  }
  return out;
}
