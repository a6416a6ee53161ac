/**
 * The fast loop (issue 5 §6): meter event → command latency in-process, and zero feed-in on a
 * real 10-second household load trace with a simulated hub that applies a set-point 2–5 s after
 * the write, ours (the real fast loop, executor with read-back, default options) against naive
 * proportional controllers that write on every meter update.
 * Data: ../shared/data/timeseries/emhass-ha-rest-history-power-load-10s-2022-10-19.csv
 * (EMHASS author's home, 24 h of HA recorder history, W; see ../shared/data/PROVENANCE.md).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseOptions, type Config } from "../addon/src/config/index.js";
import { createCommandMapper, readSite } from "../addon/src/devices/index.js";
import { silentLogger, type EntityStates, type HaClient, type HaEntityState, type ServiceCall, type ServiceResult } from "../addon/src/domain/index.js";
import { createExecutor } from "../addon/src/control/executor.js";
import { createFastLoop, type FastLoop } from "../addon/src/control/fast-loop.js";
import { createStateFeed } from "../addon/src/control/state-feed.js";
import { SimClock } from "../addon/src/sim/clock.js";

interface LoadPoint {
  readonly atMs: number;
  readonly w: number;
}

const METER_PERIOD_MS = 2000;
const STEP_MS = 1000;
const STEADY_MIN_MS = 5 * 60_000;

function loadTrace(file: string): LoadPoint[] {
  return readFileSync(file, "utf8").split(/\r?\n/).slice(1).flatMap((line) => {
    const [ts, w] = line.split(",");
    const atMs = Date.parse(ts ?? "");
    const value = Number(w);
    return Number.isFinite(atMs) && Number.isFinite(value) ? [{ atMs, w: value }] : [];
  });
}

/** The default options, or with some `control` options changed. */
function benchConfig(control: Readonly<Record<string, number>> = {}): Config {
  const parsed = parseOptions({ control });
  if (!parsed.ok) throw new Error(parsed.problems.join("; "));
  return parsed.config;
}

/** Deterministic 2–5 s device response delays (an LCG, so runs are comparable). */
function delays(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return 2000 + (s / 2 ** 32) * 3000;
  };
}

/**
 * An in-process Home Assistant with one SolarFlow and one meter: `number.set_value` on the output
 * limit is accepted at once and applied (and shown) after the device delay.
 */
class BenchHome implements HaClient {
  private states = new Map<string, HaEntityState>();
  private listener: ((s: EntityStates) => void) | null = null;
  hubW = 0;
  writes = 0;
  /** The last output limit written, W. */
  lastWrittenW = 0;
  onCall: (() => void) | null = null;

  constructor(private readonly clock: SimClock, private readonly cfg: Config, private readonly delay: () => number) {
    const b = cfg.battery;
    for (const [id, v] of [[b.outputLimitEntity, "0"], [b.inputLimitEntity, "0"], [b.acModeEntity, "output"], [b.socEntity, "60"], [b.acInputPowerEntity, "0"], [b.pvPowerEntity, "0"]] as const) this.set(id, v, false);
  }

  set(entityId: string, state: string, notify = true): void {
    const t = this.clock.nowMs();
    const unit = entityId.startsWith("select.") ? {} : { unit_of_measurement: entityId === this.cfg.battery.socEntity ? "%" : "W" };
    this.states.set(entityId, { entityId, state, attributes: unit, lastChangedMs: t, lastUpdatedMs: t });
    if (notify) this.listener?.(new Map(this.states));
  }

  subscribeEntities(_ids: readonly string[], onChange: (s: EntityStates) => void): () => void {
    this.listener = onChange;
    onChange(new Map(this.states));
    return () => {
      this.listener = null;
    };
  }

  onStatus(cb: (s: { kind: "connected"; haVersion: string; sinceMs: number }) => void): () => void {
    cb({ kind: "connected", haVersion: "bench", sinceMs: 0 });
    return () => undefined;
  }

  callService(call: ServiceCall): Promise<ServiceResult> {
    this.onCall?.();
    const id = [call.target?.entity_id ?? []].flat()[0] ?? "";
    const value = Number(call.serviceData?.value ?? call.serviceData?.option);
    if (id === this.cfg.battery.outputLimitEntity) {
      this.writes++;
      this.lastWrittenW = value;
      const apply = (): void => {
        this.hubW = value;
        this.set(id, String(value));
      };
      const delayMs = this.delay();
      if (delayMs <= 0) apply();
      else this.clock.setTimeout(apply, delayMs);
    } else if (call.domain === "number") this.set(id, String(value), false);
    return Promise.resolve({ ok: true, response: null });
  }
}

/** Lets the loop's promise chains run (the fake answers at once). */
async function settle(): Promise<void> {
  await new Promise((r) => setImmediate(r));
}

function ourLoop(home: BenchHome, clock: SimClock, cfg: Config): FastLoop {
  const c = cfg.control;
  const feed = createStateFeed(home, [], () => undefined);
  const executor = createExecutor({
    ha: home, toCalls: createCommandMapper(cfg), logger: silentLogger, dryRun: false, numberTolerance: c.toleranceW,
    readBack: { states: feed, scheduler: clock, clock, timeoutMs: c.confirmTimeoutS * 1000, attempts: c.commandAttempts, backoffBaseMs: 1000, backoffMaxMs: 10_000 },
  });
  const loop = createFastLoop({
    ha: home, states: feed, scheduler: clock, clock, logger: silentLogger, readSite: (s) => readSite(s, cfg), executor,
    tuning: () => ({ targetGridW: 0, deadbandW: c.deadbandW, maxStepW: c.maxStepW, quantumW: 10, minWriteIntervalMs: c.minWriteIntervalS * 1000, zeroBandW: 20 }),
    filterTimeConstantMs: c.filterTimeConstantS * 1000, maxMeterAgeMs: cfg.meter.maxAgeS * 1000, tickMs: 2000,
    boundsAt: () => ({ minW: 0, maxW: cfg.battery.maxOutputW }),
    safety: { socMinPct: 0, socMaxPct: 100, limits: { maxOutputW: cfg.battery.maxOutputW, maxAcChargeW: cfg.battery.maxAcChargeW } },
  });
  loop.start();
  feed.start();
  return loop;
}

/** p-quantile of sorted values (nearest rank). */
function q(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))] ?? Number.NaN;
}

/** Meter event → first service call, ms of wall time, over `n` events that each need a write. */
async function latency(n: number): Promise<{ p50: number; p99: number; max: number }> {
  const cfg = benchConfig();
  const clock = new SimClock(Date.parse("2022-10-19T19:00:00Z"), "manual");
  const home = new BenchHome(clock, cfg, () => 0);
  const box: { sentAt: number | null } = { sentAt: null };
  const sentAt = (): number | null => box.sentAt;
  home.onCall = () => {
    box.sentAt ??= performance.now();
  };
  ourLoop(home, clock, cfg);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    clock.advance(6000);
    await settle();
    box.sentAt = null;
    const t0 = performance.now();
    // Alternating loads far apart: every event needs a new set-point.
    home.set(cfg.meter.gridPowerEntity, String(i % 2 === 0 ? 400 : -300));
    for (let k = 0; k < 20 && sentAt() === null; k++) await Promise.resolve();
    if (sentAt() === null) await settle();
    const at = sentAt();
    if (at !== null) out.push(at - t0);
  }
  const s = out.sort((a, b) => a - b);
  return { p50: q(s, 0.5), p99: q(s, 0.99), max: s[s.length - 1] ?? Number.NaN };
}

interface Run {
  readonly name: string;
  readonly unwantedWh: number;
  readonly importExtraWh: number;
  readonly exportWh: number;
  readonly servedWh: number;
  readonly writesPerHour: number;
  readonly flipsPerMinSteady: number;
}

/** Minutes of steady load (within ±25 W of the segment's first value for ≥ 5 min) as [from, to) spans. */
function steadySpans(trace: readonly LoadPoint[]): [number, number][] {
  const spans: [number, number][] = [];
  let i = 0;
  while (i < trace.length) {
    const first = trace[i];
    if (first === undefined) break;
    let j = i + 1;
    while (j < trace.length && Math.abs((trace[j]?.w ?? 0) - first.w) <= 25) j++;
    const endMs = trace[j]?.atMs ?? first.atMs;
    if (endMs - first.atMs >= STEADY_MIN_MS) spans.push([first.atMs, endMs]);
    i = j;
  }
  return spans;
}

/** Sign flips of the set-point change per minute, inside steady spans. */
function flipsPerMinute(setpoints: readonly { atMs: number; w: number }[], spans: readonly [number, number][]): number {
  let flips = 0;
  let minutes = 0;
  for (const [from, to] of spans) {
    minutes += (to - from) / 60_000;
    const inSpan = setpoints.filter((s) => s.atMs >= from && s.atMs < to);
    let lastSign = 0;
    for (let k = 1; k < inSpan.length; k++) {
      const d = (inSpan[k]?.w ?? 0) - (inSpan[k - 1]?.w ?? 0);
      const sign = Math.sign(d);
      if (sign !== 0 && lastSign !== 0 && sign !== lastSign) flips++;
      if (sign !== 0) lastSign = sign;
    }
  }
  return minutes === 0 ? 0 : flips / minutes;
}

/**
 * `oracle`: knows the load exactly and writes min(load, 800 W) the moment it changes; what is
 * left is the device delay alone (a lower bound no controller on this hub can beat).
 */
type Controller = { kind: "ours"; control?: Readonly<Record<string, number>> } | { kind: "naive"; gain: number } | { kind: "oracle" };

/**
 * The reference controllers' writes for one 1 s step (ours runs by itself on the clock):
 * naive P on every meter update (new set-point = last + gain · grid error), the oracle on every
 * load change. Returns the naive controller's set-point.
 */
async function referenceStep(home: BenchHome, cfg: Config, controller: Controller, s: { loadW: number; gridW: number; naiveW: number; meterNow: boolean }): Promise<number> {
  const maxW = cfg.battery.maxOutputW;
  const write = (value: number): Promise<ServiceResult> =>
    home.callService({ domain: "number", service: "set_value", target: { entity_id: cfg.battery.outputLimitEntity }, serviceData: { value } });
  if (controller.kind === "oracle") {
    const exactW = Math.round(Math.min(s.loadW, maxW));
    if (exactW !== home.lastWrittenW) await write(exactW);
  }
  if (controller.kind !== "naive" || !s.meterNow) return s.naiveW;
  const next = Math.min(maxW, Math.max(0, Math.round(s.naiveW + controller.gain * s.gridW)));
  await write(next);
  return next;
}

/** Runs one controller over the whole trace; energies by 1 s steps against the ideal (hub = min(load, 800) at once). */
async function zeroFeedIn(trace: readonly LoadPoint[], controller: Controller, name: string): Promise<Run> {
  const cfg = benchConfig(controller.kind === "ours" ? controller.control : {});
  const maxW = cfg.battery.maxOutputW;
  const start = trace[0]?.atMs ?? 0;
  const end = trace[trace.length - 1]?.atMs ?? start;
  const clock = new SimClock(start, "manual");
  const home = new BenchHome(clock, cfg, delays(7));
  const setpoints: { atMs: number; w: number }[] = [];
  let naiveW = 0;
  if (controller.kind === "ours") ourLoop(home, clock, cfg);
  const writesBefore = (): number => home.writes;
  let lastWrites = 0;
  let importExtraWh = 0;
  let exportWh = 0;
  let servedWh = 0;
  let idx = 0;
  for (let t = start; t < end; t += STEP_MS) {
    while ((trace[idx + 1]?.atMs ?? Infinity) <= t) idx++;
    const loadW = trace[idx]?.w ?? 0;
    const gridW = loadW - home.hubW;
    const idealGridW = Math.max(0, loadW - maxW);
    importExtraWh += (Math.max(0, gridW) - idealGridW) * (STEP_MS / 3_600_000);
    exportWh += Math.max(0, -gridW) * (STEP_MS / 3_600_000);
    servedWh += Math.min(loadW, maxW) * (STEP_MS / 3_600_000);
    const meterNow = (t - start) % METER_PERIOD_MS === 0;
    naiveW = await referenceStep(home, cfg, controller, { loadW, gridW, naiveW, meterNow });
    if (meterNow) {
      home.set(cfg.battery.acOutputPowerEntity, String(home.hubW), false);
      home.set(cfg.meter.gridPowerEntity, String(Math.round(gridW * 10) / 10));
    }
    clock.advance(STEP_MS);
    await settle();
    if (writesBefore() !== lastWrites) {
      lastWrites = writesBefore();
      setpoints.push({ atMs: t, w: home.lastWrittenW });
    }
  }
  const hours = (end - start) / 3_600_000;
  return { name, unwantedWh: importExtraWh + exportWh, importExtraWh, exportWh, servedWh, writesPerHour: home.writes / hours, flipsPerMinSteady: flipsPerMinute(setpoints, steadySpans(trace)) };
}

export async function runFastLoopBench(opts: { readonly quick: boolean; readonly print: (line: string) => void }): Promise<void> {
  const { print } = opts;
  const lat = await latency(opts.quick ? 500 : 5000);
  print(`meter event → command (in-process, ${opts.quick ? 500 : 5000} events): p50 ${lat.p50.toFixed(3)} ms, p99 ${lat.p99.toFixed(3)} ms, max ${lat.max.toFixed(3)} ms (target p99 ≤ 10 ms)`);
  const full = loadTrace(path.resolve(process.cwd(), "../shared/data/timeseries/emhass-ha-rest-history-power-load-10s-2022-10-19.csv"));
  const trace = opts.quick ? full.slice(0, 1100) : full;
  const hours = ((trace[trace.length - 1]?.atMs ?? 0) - (trace[0]?.atMs ?? 0)) / 3_600_000;
  print(`\nzero feed-in, ${trace.length} load changes over ${hours.toFixed(1)} h, hub applies writes after 2–5 s, meter every 2 s, inverter ≤ 800 W`);
  print("controller            | unwanted Wh | % of served | extra import Wh | export Wh | writes/h | flips/min steady");
  print("----------------------|-------------|-------------|-----------------|-----------|----------|-----------------");
  const controllers = [
    [{ kind: "ours" }, "ours (defaults)"],
    [{ kind: "ours", control: { filter_time_constant_s: 2 } }, "ours, filter 2 s"],
    [{ kind: "naive", gain: 1 }, "naive P, gain 1.0"],
    [{ kind: "naive", gain: 0.5 }, "naive P, gain 0.5"],
    [{ kind: "oracle" }, "oracle (delay only)"],
  ] as const;
  for (const [c, name] of controllers) {
    const r = await zeroFeedIn(trace, c, name);
    const pct = (100 * r.unwantedWh) / r.servedWh;
    print(`${r.name.padEnd(21)} | ${r.unwantedWh.toFixed(0).padStart(11)} | ${pct.toFixed(2).padStart(10)} % | ${r.importExtraWh.toFixed(0).padStart(15)} | ${r.exportWh.toFixed(0).padStart(9)} | ${r.writesPerHour.toFixed(0).padStart(8)} | ${r.flipsPerMinSteady.toFixed(3).padStart(16)}`);
  }
  print("targets: unwanted ≤ 5 % of the ideal controller's served energy, ≤ 360 writes/h, ≤ 1 flip/min on steady load");
}
