/**
 * Can each service's model run where its pods can land? For every node pool a service's GPU pods
 * may be scheduled on (node selector and required node affinity against the pool's labels, taints
 * tolerated, enough GPUs per node; MIG pools are not checked), the GPU must support the model's
 * data types and hold its weights, buffers and a minimal KV cache (serving/llm/capacity.ts
 * memoryFit). A model that fits none of its pools is an error (the run is refused); one that fits
 * only some of them is a warning (pods that land on the others cannot start).
 */
import { findGpu, findModel } from "../catalog/index.js";
import type { Gpu } from "../catalog/index.js";
import { findUntoleratedTaint, isDoNotSchedule, matchesRequiredAffinity, toLabels, WellKnown } from "../cluster/index.js";
import type { NodePool, Scenario, Service } from "../scenario/index.js";
import { createLlmPerfModel, dtypeSupport, memoryFit } from "../serving/index.js";
import type { Dtype } from "../serving/index.js";
import { gpuResource, poolLabels } from "./node-pools.js";
import { modelBytes } from "./pod-templates.js";

export interface PlacementProblem {
  readonly severity: "error" | "warning";
  /** Path of the field at fault in the scenario (the service's model). */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/** KV-cache data type of an LLM server: given, else the weights' for 16-bit weights, else fp16 (vLLM's "auto"). */
export function kvDtypeOf(m: { readonly dtype: Dtype; readonly kvCacheDtype?: Dtype | undefined }): Dtype {
  if (m.kvCacheDtype !== undefined) return m.kvCacheDtype;
  return m.dtype === "bf16" || m.dtype === "fp16" ? m.dtype : "fp16";
}

const GIB = 2 ** 30;
const gib = (b: number) => (b >= 0.1 * GIB ? `${(b / GIB).toFixed(1)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`);

/** GPUs a pod of the service asks for on pools of this GPU type (requests, else limits), 0 for none. */
function gpusAsked(svc: Service, gpuType: string): number {
  const res = gpuResource(gpuType);
  return Number(svc.resources.requests[res] ?? svc.resources.limits[res] ?? 0);
}

/** Whether the service's pods may be scheduled on some node of the pool (in any of its zones), GPUs aside. */
function canLand(svc: Service, pool: NodePool): boolean {
  if (findUntoleratedTaint(pool.taints, svc.pod.tolerations, isDoNotSchedule) !== undefined) return false;
  const base = { ...poolLabels(pool), [WellKnown.hostname]: `${pool.name}-0` };
  const variants = pool.zones.length > 0 ? pool.zones.map((z) => ({ ...base, [WellKnown.zone]: z })) : [base];
  return variants.some((labels) => matchesRequiredAffinity(svc.pod.nodeSelector, svc.pod.affinity?.nodeAffinity, toLabels(labels), `${pool.name}-0`));
}

/** Why the service's model cannot run on one GPU of the pool, or undefined when it can. */
function misfit(svc: Service, gpu: Gpu): string | undefined {
  const m = svc.model;
  if (m.kind === "llm") {
    const model = findModel(m.id);
    if (model?.kind !== "llm") return undefined;
    const kv = kvDtypeOf(m);
    for (const [d, use] of [[m.dtype, "weights"], [kv, "kv-cache"]] as const) {
      const check = dtypeSupport(gpu, d, use);
      if (!check.ok) return check.message;
    }
    const perf = createLlmPerfModel({ model, gpu, tensorParallel: m.tensorParallel, weightDtype: m.dtype, kvDtype: kv });
    const fit = memoryFit(perf, { gpuMemoryUtilization: m.gpuMemoryUtilization, activationReserveBytes: m.activationReserve, blockSize: 16, maxNumBatchedTokens: m.maxNumBatchedTokens, maxNumSeqs: m.maxNumSeqs });
    if (fit.fits) return undefined;
    return `${gib(fit.weightBytes)} of weights + ${gib(fit.reservedBytes)} of buffers + ${gib(fit.minKvBytes)} of KV cache (one block) per GPU > ${gib(fit.usableBytes)} usable (${gib(gpu.memoryBytes)} × gpuMemoryUtilization ${m.gpuMemoryUtilization})`;
  }
  const check = dtypeSupport(gpu, m.dtype, "compute");
  if (!check.ok) return check.message;
  // Every model instance (Triton instance group) holds its own copy of the weights.
  const weights = modelBytes(svc) * m.concurrency;
  return weights > gpu.memoryBytes ? `${m.concurrency} instance${m.concurrency > 1 ? "s" : ""} × ${gib(modelBytes(svc))} of weights > ${gib(gpu.memoryBytes)} of GPU memory` : undefined;
}

const describe = (svc: Service): string => {
  const m = svc.model;
  return m.kind === "llm" ? `${m.id} (${m.dtype}, tensorParallel ${m.tensorParallel})` : `${m.id ?? "its model"} (${m.dtype})`;
};

/** Problems of every service whose model cannot run on some or all of the GPU pools its pods can land on. */
export function checkPlacements(sc: Scenario): PlacementProblem[] {
  const problems: PlacementProblem[] = [];
  sc.services.forEach((svc, i) => {
    const pools = sc.cluster.nodePools.filter((p) => p.gpu !== undefined && p.gpu.mig === undefined && gpusAsked(svc, p.gpu.type) > 0 && gpusAsked(svc, p.gpu.type) <= p.gpu.count && canLand(svc, p));
    const failures: string[] = [];
    for (const pool of pools) {
      const gpu = findGpu(pool.gpu!.type);
      const why = gpu && misfit(svc, gpu);
      if (why) failures.push(`pool ${pool.name} (${pool.gpu!.type}): ${why}`);
    }
    if (failures.length === 0) return;
    const path = ["services", i, "model"];
    if (failures.length === pools.length) {
      problems.push({ severity: "error", path, message: `service ${svc.name}: ${describe(svc)} fits no node pool its pods can land on: ${failures.join("; ")}` });
    } else {
      for (const f of failures) problems.push({ severity: "warning", path, message: `service ${svc.name}: ${describe(svc)} cannot run on ${f}: pods placed there cannot start` });
    }
  });
  return problems;
}
