/**
 * Analytic pruning: bounds that prove a candidate cannot pass before anything is simulated, each
 * with its stated reason. They use the simulation's own placement check (data types, memory fit)
 * and what the serving module exposes (KV blocks, the performance models), so a pruned candidate
 * would also fail in simulation (the exhaustive comparison test checks this). Also the cost lower
 * bound that lets a search skip candidates that cannot beat the best feasible one.
 */
import { findGpu, findModel } from "../catalog/index.js";
import type { ClassicModel, Gpu, LlmModel } from "../catalog/index.js";
import type { LlmServer, NodePool, Scenario, Service } from "../scenario/index.js";
import { createClassicPerfModel, createLlmPerfModel, kvBlocks, memoryFit } from "../serving/index.js";
import { checkPlacements, kvDtypeOf } from "../sim/index.js";
import type { LlmPerfModel } from "../serving/index.js";
import type { ServiceLoad } from "./load-profile.js";
import type { PlanSpec } from "./plan-schema.js";

export const PRUNE_KINDS = ["invalid", "memory", "placement", "capacity", "constraint", "cost-bound"] as const;
export type PruneKind = (typeof PRUNE_KINDS)[number];

export interface PruneReason {
  readonly kind: PruneKind;
  readonly message: string;
}

const sizingOf = (m: LlmServer) => ({ gpuMemoryUtilization: m.gpuMemoryUtilization, activationReserveBytes: m.activationReserve, blockSize: 16, maxNumBatchedTokens: m.maxNumBatchedTokens, maxNumSeqs: m.maxNumSeqs });

export const gpuRequest = (svc: Service): number => svc.resources.requests["nvidia.com/gpu"] ?? svc.resources.limits["nvidia.com/gpu"] ?? 0;

/** Pools whose nodes have enough GPUs for one pod of the service (every pool when it requests none). */
const poolsFor = (sc: Scenario, svc: Service): NodePool[] => {
  const g = gpuRequest(svc);
  return sc.cluster.nodePools.filter((p) => g === 0 || (p.gpu !== undefined && p.gpu.mig === undefined && p.gpu.count >= g));
};

function llmPerf(m: LlmServer, gpu: Gpu): LlmPerfModel {
  return createLlmPerfModel({ model: findModel(m.id) as LlmModel, gpu, tensorParallel: m.tensorParallel, weightDtype: m.dtype, kvDtype: kvDtypeOf(m) }, { mode: m.perfModel });
}

/** Most requests per second one replica can complete on `gpu`, an upper bound from the performance model (null: unknown). */
export function replicaCapacity(svc: Service, gpu: Gpu | undefined, load: ServiceLoad): number | null {
  const m = svc.model;
  if (m.kind === "llm") {
    if (!gpu || load.meanInput === null || load.meanOutput === null) return null;
    const perf = llmPerf(m, gpu);
    const blocks = kvBlocks(perf, sizingOf(m));
    if (!memoryFit(perf, sizingOf(m)).fits) return 0;
    // Each running sequence holds at least one KV block; b / step(b) grows with b, so the largest batch bounds decode throughput.
    const b = Math.min(m.maxNumSeqs, blocks);
    const decodeStep = perf.stepTime({ prefillTokens: 0, prefillPairs: 0, prefillCachedRead: 0, decodeSeqs: b, decodeContext: b, logits: b });
    const decode = load.meanOutput > 1 ? b / decodeStep / (load.meanOutput - 1) : Infinity;
    const t = m.maxNumBatchedTokens;
    const prefillStep = perf.stepTime({ prefillTokens: t, prefillPairs: 0, prefillCachedRead: 0, decodeSeqs: 0, decodeContext: 0, logits: 0 });
    const prefill = load.meanInput > 0 ? t / prefillStep / load.meanInput : Infinity;
    return Math.min(decode, prefill);
  }
  const slots = m.concurrency;
  if (m.batching) {
    const bt = m.batching.batchTime;
    const model = m.id === undefined ? undefined : (findModel(m.id) as ClassicModel | undefined);
    const time = bt ? (n: number) => bt.fixed + n * bt.perItem : model && gpu ? createClassicPerfModel(model, gpu, m.dtype).batchTime : null;
    if (time === null) return null;
    const n = m.batching.maxBatchSize;
    return time(n) > 0 ? (slots * n) / time(n) : Infinity;
  }
  if (m.serviceTime) return m.serviceTime.mean > 0 ? slots / m.serviceTime.mean : Infinity;
  const model = m.id === undefined ? undefined : (findModel(m.id) as ClassicModel | undefined);
  if (!model || !gpu) return null;
  return slots / createClassicPerfModel(model, gpu, m.dtype).batchTime(1);
}

/** Most replicas the service can have: its autoscaler's maximum (or fixed count), and no more than its pools' GPUs hold. */
export function maxReplicas(sc: Scenario, svc: Service): number {
  const a = svc.autoscaling;
  const declared = a === undefined ? svc.replicas : a.kind === "hpa" ? a.maxReplicas : a.maxReplicaCount;
  const g = gpuRequest(svc);
  if (g === 0) return declared;
  const gpus = poolsFor(sc, svc).reduce((n, p) => n + p.size.max * (p.gpu?.count ?? 0), 0);
  return Math.min(declared, Math.floor(gpus / g));
}

/** Fewest replicas the service keeps: its autoscaler's minimum, or its fixed count. */
export function minReplicas(svc: Service): number {
  const a = svc.autoscaling;
  return a === undefined ? svc.replicas : a.kind === "hpa" ? a.minReplicas : a.minReplicaCount;
}

const priceOf = (p: NodePool): number => p.pricePerHour ?? (p.gpu ? (findGpu(p.gpu.type)?.pricePerGpuHour ?? 0) * p.gpu.count : 0);
const minNodes = (sc: Scenario, p: NodePool): number => (sc.cluster.autoscaler ? p.size.min : p.count);

/** Checks one scenario of a candidate; the first reason found, or null. */
export function pruneScenario(sc: Scenario, loads: readonly ServiceLoad[], constraints: PlanSpec["constraints"]): PruneReason | null {
  // The simulation's own check: data types the GPU supports, weights + buffers + one KV block in its memory.
  const misfit = checkPlacements(sc).find((p) => p.severity === "error");
  for (const [s, svc] of sc.services.entries()) {
    const g = gpuRequest(svc);
    const pools = poolsFor(sc, svc);
    if (pools.length === 0) {
      const most = Math.max(0, ...sc.cluster.nodePools.map((p) => p.gpu?.count ?? 0));
      return { kind: "placement", message: `service ${svc.name}: a pod requests ${g} nvidia.com/gpu, the largest node has ${most}${svc.model.kind === "llm" ? ` (tensorParallel ${svc.model.tensorParallel})` : ""}` };
    }
    if (misfit && misfit.path[1] === s) return { kind: "memory", message: misfit.message };
    const load = loads[s]!;
    if (load.meanRate !== null && load.meanRate > 0) {
      const caps = pools.map((p) => replicaCapacity(svc, p.gpu ? findGpu(p.gpu.type) : undefined, load));
      if (caps.every((c) => c !== null)) {
        const best = Math.max(...(caps as number[]));
        const r = maxReplicas(sc, svc);
        // A 5% allowance for the randomness of arrivals around their mean.
        if (best * r < load.meanRate * (1 - constraints.maxUnserved) * 0.95) {
          return { kind: "capacity", message: `service ${svc.name}: at most ${(best * r).toPrecision(3)}/s from ${r} replica(s) × ${best.toPrecision(3)}/s, below the mean load ${load.meanRate.toPrecision(3)}/s` };
        }
      }
    }
  }
  const pools = sc.cluster.nodePools;
  const nodes = pools.reduce((n, p) => n + minNodes(sc, p), 0);
  if (constraints.maxNodes !== undefined && nodes > constraints.maxNodes) return { kind: "constraint", message: `at least ${nodes} nodes at once, above maxNodes ${constraints.maxNodes}` };
  const perHour = pools.reduce((a, p) => a + minNodes(sc, p) * priceOf(p), 0);
  if (constraints.budgetPerHour !== undefined && perHour > constraints.budgetPerHour) return { kind: "constraint", message: `at least $${perHour.toFixed(2)}/h of nodes, above budgetPerHour $${constraints.budgetPerHour}` };
  for (const [type, limit] of Object.entries(constraints.maxGpus ?? {})) {
    const gpus = pools.reduce((n, p) => n + (p.gpu?.type === type ? minNodes(sc, p) * p.gpu.count : 0), 0);
    if (gpus > limit) return { kind: "constraint", message: `at least ${gpus} ${type} GPUs at once, above maxGpus.${type} ${limit}` };
  }
  return null;
}

/**
 * A lower bound on the cost of one run of `sc` that passes: the nodes the pools keep for the whole
 * run, plus, through the measured window, the GPUs that the services' minimum pods need beyond
 * those (at the cheapest price per GPU of a pool that fits them). It assumes a passing
 * configuration runs its minimum pods through the measured window.
 */
export function costLowerBound(sc: Scenario): number {
  // Faults that remove nodes end their billing early: no bound then.
  if (sc.faults.some((f) => f.nodeFailure !== undefined || f.spotReclaim !== undefined || f.zoneOutage !== undefined)) return 0;
  const hours = sc.duration / 3600;
  const measuredHours = (sc.duration - sc.warmup) / 3600;
  const pools = sc.cluster.nodePools;
  const base = pools.reduce((a, p) => a + minNodes(sc, p) * priceOf(p) * hours, 0);
  let need = 0;
  let perGpu = Infinity;
  for (const svc of sc.services) {
    const g = gpuRequest(svc);
    if (g === 0) continue;
    const fit = poolsFor(sc, svc);
    need += Math.min(minReplicas(svc) * g, fit.reduce((n, p) => n + p.size.max * (p.gpu?.count ?? 0), 0));
    for (const p of fit) perGpu = Math.min(perGpu, priceOf(p) / (p.gpu?.count ?? 1));
  }
  const supply = pools.reduce((n, p) => n + minNodes(sc, p) * (p.gpu?.count ?? 0), 0);
  const extra = need > supply && perGpu < Infinity ? (need - supply) * perGpu * measuredHours : 0;
  return base + extra;
}
