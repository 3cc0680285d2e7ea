/**
 * The LLM server kind: a vLLM-like continuous-batching server per pod, timed by the performance
 * model of the catalog LLM on the pod's GPUs, its KV cache sized from their memory.
 */
import { findGpu, findModel } from "../../../catalog/index.js";
import type { LlmModel } from "../../../catalog/index.js";
import type { ContainerExit } from "../../../cluster/index.js";
import type { BatchingSummary, ModelServer, ServedService, ServerEvents, ServerHandle, ServerKindModule } from "../../contract.js";
import { dtypeSupport } from "../../perf/dtype.js";
import type { Dtype } from "../../perf/dtype.js";
import { createLlmPerfModel } from "../../perf/llm.js";
import type { LlmPerfModel } from "../../perf/llm.js";
import { fitsInMemory, kvBlocks } from "./capacity.js";
import { BLOCK_SIZE } from "./config.js";
import { checkLlm, llmModel } from "./model.js";
import type { LlmServerModel } from "./model.js";
import { createLlmServers } from "./server.js";
import type { LlmObserver, LlmServiceSpec } from "./server.js";
import type { RequestTable } from "../../requests.js";

/** KV-cache data type of an LLM server: given, else the weights' for 16-bit weights, else fp16 (vLLM's "auto"). */
export function kvDtypeOf(m: { readonly dtype: Dtype; readonly kvCacheDtype?: Dtype | undefined }): Dtype {
  if (m.kvCacheDtype !== undefined) return m.kvCacheDtype;
  return m.dtype === "bf16" || m.dtype === "fp16" ? m.dtype : "fp16";
}

/** How the KV cache is sized: the memory share, the reserve, and the buffers of the largest iteration. */
const sizingOf = (m: LlmServerModel) => ({
  gpuMemoryUtilization: m.gpuMemoryUtilization,
  activationReserveBytes: m.activationReserve,
  blockSize: BLOCK_SIZE,
  maxNumBatchedTokens: m.maxNumBatchedTokens,
  maxNumSeqs: m.maxNumSeqs,
});

function serviceSpec(m: LlmServerModel): LlmServiceSpec {
  const sizing = sizingOf(m);
  return {
    config: {
      maxNumSeqs: m.maxNumSeqs,
      maxNumBatchedTokens: m.maxNumBatchedTokens,
      chunkedPrefill: m.chunkedPrefill,
      blockSize: BLOCK_SIZE,
      prefixBlockTokens: m.prefixCaching ? m.prefixBlockTokens : 0,
      kvReservation: m.kvReservation,
    },
    kvBlocks: (perf) => kvBlocks(perf, sizing),
    maxContext: (findModel(m.id) as LlmModel).maxContext,
    queueLimit: m.queueLimit ?? Infinity,
    timeout: m.timeout ?? Infinity,
  };
}

/**
 * The performance model of a service's replica on GPUs of `gpuType`; or, with a warning, why its
 * server cannot start there (OOMKilled: the model does not fit; Error: a data type the GPU lacks),
 * or null without GPUs.
 */
function perfOf(svc: ServedService<LlmServerModel>, gpuType: string | null, warn: (m: string) => void): LlmPerfModel | ContainerExit | null {
  const m = svc.model;
  const gpu = gpuType === null ? undefined : findGpu(gpuType);
  if (!gpu) {
    warn(`service ${svc.name}: an LLM pod landed on a node without GPUs: it receives no requests (request nvidia.com/gpu)`);
    return null;
  }
  const where = `${m.tensorParallel} × ${gpu.id}`;
  for (const [d, use] of [[m.dtype, "weights"], [kvDtypeOf(m), "kv-cache"]] as const) {
    const check = dtypeSupport(gpu, d, use);
    if (!check.ok) {
      warn(`service ${svc.name}: ${m.id} cannot run on ${where} (${check.message}): its pods there exit with an error at start and crash-loop (CrashLoopBackOff), never Ready`);
      return "Error";
    }
  }
  const perf = createLlmPerfModel({ model: findModel(m.id) as LlmModel, gpu, tensorParallel: m.tensorParallel, weightDtype: m.dtype, kvDtype: kvDtypeOf(m) }, { mode: m.perfModel });
  if (m.perfModel === "profile" && perf.mode !== "profile") {
    warn(`service ${svc.name}: perfModel profile: no measured profile covers ${m.id} (${m.dtype}) on ${where}: timed by the roofline`);
  }
  const sizing = sizingOf(m);
  if (!fitsInMemory(perf, sizing) || kvBlocks(perf, sizing) === 0) {
    warn(`service ${svc.name}: ${m.id} (${m.dtype}) does not fit on ${where} with gpuMemoryUtilization ${m.gpuMemoryUtilization}: its pods there are OOM-killed once they load the model and crash-loop (CrashLoopBackOff), never Ready`);
    return "OOMKilled";
  }
  return perf;
}

/** What the LLM servers report, passed on to the plane; a request's start is when it first joins a batch. */
class LlmEvents implements LlmObserver {
  constructor(
    private readonly events: ServerEvents,
    private readonly requests: RequestTable,
  ) {}
  started(req: number, now: number): void {
    this.requests.start[req] = now;
  }
  firstToken(req: number, now: number): void {
    this.events.firstToken(req, now);
  }
  finished(req: number, now: number): void {
    this.events.finished(req, now);
  }
  failed(req: number, now: number): void {
    this.events.failed(req, now);
  }
  timedOut(req: number, now: number): void {
    this.events.timedOut(req, now);
  }
  drained(pod: number, now: number): void {
    this.events.drained(pod, now);
  }
}

function create(services: readonly ServedService<LlmServerModel>[], h: ServerHandle): ModelServer {
  const byIndex = new Map(services.map((svc) => [svc.index, svc]));
  const specs: (LlmServiceSpec | null)[] = [];
  for (const svc of services) specs[svc.index] = serviceSpec(svc.model);
  const perfs = new Map<string, LlmPerfModel | ContainerExit | null>();
  const placed = (service: number, gpuType: string | null) => {
    const key = `${service}/${gpuType}`;
    if (!perfs.has(key)) perfs.set(key, perfOf(byIndex.get(service)!, gpuType, h.warn));
    return perfs.get(key)!;
  };
  const perfOfPod: (LlmPerfModel | undefined)[] = [];
  const servers = createLlmServers(h.engine, h.requests, specs, new LlmEvents(h.events, h.requests));
  return {
    startFailure(service, gpuType) {
      const p = placed(service, gpuType);
      return typeof p === "string" ? p : null;
    },
    addPod(pod, service, gpuType, now) {
      const perf = placed(service, gpuType);
      if (perf === null || typeof perf === "string") return false;
      perfOfPod[pod] = perf;
      servers.addPod(pod, service, perf, now);
      return true;
    },
    admit: servers.admit,
    drain: servers.drain,
    abort: servers.abort,
    queued: (pod) => servers.stats(pod).waiting,
    busyArea: (pod) => servers.stats(pod).busyTime,
    slots: () => 1,
    flush: servers.flush,
    load(pod) {
      const st = servers.stats(pod);
      return { generated: st.generated, preemptions: st.preemptions, kvUsed: st.usedBlocks, kvCapacity: st.kvBlocks };
    },
    prefixMatch: servers.prefixMatch,
    summary(pod, now): BatchingSummary | null {
      const perf = perfOfPod[pod];
      if (perf === undefined) return null;
      const st = servers.stats(pod);
      const life = now - servers.joinedAt(pod);
      return {
        mode: perf.mode,
        kvBlocks: st.kvBlocks,
        meanBatch: life > 0 ? st.batchArea / life : null,
        meanKvUsage: life > 0 && st.kvBlocks > 0 ? st.kvArea / (life * st.kvBlocks) : null,
        preemptions: st.preemptions,
        outputTokensPerSecond: life > 0 ? st.generated / life : null,
        prefixCacheQueries: st.prefixQueries,
        prefixCacheHits: st.prefixHits,
      };
    },
  };
}

export const llmServer = { name: "llm", tokens: true, model: llmModel, check: checkLlm, create } satisfies ServerKindModule<LlmServerModel>;
