/** The run's cost: node-hours × price per pool, average and final hourly rates, and each service's share with its unit costs. */
import { costOf } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import { poolPrice } from "./node-pools.js";
import type { CostSummary, ServiceCost } from "./results.js";
import { nodeSecondsByPool } from "./summarize-cluster.js";

/** What the cost split needs of a service over the whole run. */
export interface ServiceWork {
  readonly completed: number;
  /** Prompt and output tokens of the completions (null: the service produces none). */
  readonly tokens: { readonly input: number; readonly output: number } | null;
}

const orNull = (x: number) => (Number.isFinite(x) ? x : null);

/**
 * Share of its node a pod requests: GPUs (or MIG devices) on a node that has them, else CPU;
 * the resource the node is priced for, so the shares on one node never add up to more than 1.
 */
function podShare(c: ClusterSetup, pod: number, node: number): number {
  const s = c.state;
  const pool = c.pools[s.node.pool[node]!]!;
  const request = s.templates[s.pod.template[pod]!]!.request;
  let req = 0;
  let alloc = 0;
  for (const col of pool.deviceColumns) {
    req += request[col]!;
    alloc += pool.allocatable[col]!;
  }
  if (alloc === 0) {
    const cpu = s.resources.id("cpu");
    req = request[cpu]!;
    alloc = pool.allocatable[cpu]!;
  }
  return alloc > 0 ? Math.min(1, req / alloc) : 0;
}

/** Node cost each service's pods requested, from binding to deletion (or their node's removal, or now). */
function allocatedByService(c: ClusterSetup, services: number, prices: readonly number[], now: number): Float64Array {
  const s = c.state;
  const out = new Float64Array(services);
  for (let pod = 0; pod < s.pod.count; pod++) {
    const node = s.pod.node[pod]!;
    const svc = c.serviceOf(pod);
    if (node < 0 || svc < 0 || svc >= services) continue;
    const removed = s.node.removedAt[node]!;
    const deleted = s.pod.deletedAt[pod]!;
    const end = Math.min(Number.isNaN(deleted) ? now : deleted, Number.isNaN(removed) ? now : removed);
    const hours = Math.max(0, end - s.pod.boundAt[pod]!) / 3600;
    out[svc]! += prices[s.node.pool[node]!]! * hours * podShare(c, pod, node);
  }
  return out;
}

/** Cost of the run; warns (through `warn`) about pools without a price. */
export function costSummary(scenario: Scenario, c: ClusterSetup, work: readonly ServiceWork[], now: number, warn: (message: string) => void): CostSummary {
  const prices = scenario.cluster.nodePools.map((p) => {
    const price = poolPrice(p);
    if (price === undefined) warn(`node pool ${p.name} has no price: its cost counts as 0 (set pricePerHour)`);
    return price ?? 0;
  });
  const nodeSeconds = nodeSecondsByPool(c, now);
  const cost = costOf(scenario.cluster.nodePools.map((p, i) => ({ pool: p.name, nodeSeconds: nodeSeconds[i]!, pricePerHour: prices[i]! })));
  const s = c.state;
  let perHour = 0;
  for (let node = 0; node < s.node.count; node++) if (Number.isNaN(s.node.removedAt[node]!)) perHour += prices[s.node.pool[node]!]!;
  const allocated = allocatedByService(c, scenario.services.length, prices, now);
  const allocatedTotal = allocated.reduce((a, x) => a + x, 0);
  // Rounding aside, allocated ≤ total: no resource of a node is over-committed.
  const unallocated = Math.max(0, cost.total - allocatedTotal);
  const services: ServiceCost[] = scenario.services.map((svc, i) => {
    const mine = allocated[i]!;
    const total = allocatedTotal > 0 ? mine + (unallocated * mine) / allocatedTotal : 0;
    const w = work[i]!;
    const tokens = w.tokens === null ? 0 : w.tokens.input + w.tokens.output;
    return {
      name: svc.name,
      allocated: mine,
      cost: total,
      per1kRequests: w.completed > 0 ? (total * 1000) / w.completed : null,
      per1MTokens: w.tokens !== null && tokens > 0 ? (total * 1e6) / tokens : null,
      per1MOutputTokens: w.tokens !== null && w.tokens.output > 0 ? (total * 1e6) / w.tokens.output : null,
    };
  });
  return { ...cost, perHour, averagePerHour: now > 0 ? orNull(cost.total / (now / 3600)) : null, unallocated, services };
}
