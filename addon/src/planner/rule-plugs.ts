import type { PlannerInput, PlugRequest } from "../domain/index.js";

/** The cheapest block of runSlots consecutive slots in the plug's window; its slot indexes. */
function cheapestBlock(input: PlannerInput, plug: PlugRequest): number[] {
  const lo = Math.max(0, plug.earliestSlot);
  const hi = Math.min(input.slots.length - 1, plug.latestSlot);
  let best = lo;
  let bestCost = Infinity;
  for (let s = lo; s + plug.runSlots - 1 <= hi; s++) {
    let cost = 0;
    for (let t = s; t < s + plug.runSlots; t++) cost += input.slots[t]?.importPriceEurPerKWh ?? 0;
    if (cost < bestCost - 1e-12) {
      bestCost = cost;
      best = s;
    }
  }
  return Array.from({ length: plug.runSlots }, (_, k) => best + k);
}

/** The cheapest runSlots slots of the window, any order (no start limits). */
function cheapestSlots(input: PlannerInput, plug: PlugRequest): number[] {
  const lo = Math.max(0, plug.earliestSlot);
  const hi = Math.min(input.slots.length - 1, plug.latestSlot);
  const idx: number[] = [];
  for (let t = lo; t <= hi; t++) idx.push(t);
  idx.sort((a, b) => (input.slots[a]?.importPriceEurPerKWh ?? 0) - (input.slots[b]?.importPriceEurPerKWh ?? 0) || a - b);
  return idx.slice(0, plug.runSlots);
}

/**
 * Rule schedule for the plugs: the cheapest window slots by import price. A plug that must run
 * in one block, or has start, on- or off-time limits, gets the cheapest single block (which
 * satisfies them whenever runSlots ≥ minOnSlots; one block has no off-time to keep).
 */
export function rulePlugSchedule(input: PlannerInput): string[][] {
  const on: string[][] = input.slots.map(() => []);
  for (const plug of input.plugs) {
    const constrained = plug.contiguous || plug.maxStarts !== undefined || plug.minOnSlots !== undefined || plug.minOffSlots !== undefined;
    const slots = constrained ? cheapestBlock(input, plug) : cheapestSlots(input, plug);
    for (const t of slots) on[t]?.push(plug.id);
  }
  return on;
}
