/** The scenario's `model` block of an LLM server (names and defaults follow vLLM's engine arguments), and its cross-field rules. */
import * as z from "zod";
import { DTYPES } from "../../perf/dtype.js";
import { LLM_PERF_MODES } from "../../perf/llm.js";
import type { ModelIssue, PodShape, SchemaKit } from "../../schema-kit.js";

export const llmModel = ({ strictObject, duration, bytes, count, limits: L }: SchemaKit) => {
  const dtype = z.enum(DTYPES);
  return strictObject({
    kind: z.literal("llm"),
    /** Catalog id of the LLM (its architecture drives the performance model). */
    id: z.string().max(L.nameLength),
    /** GPUs one replica spans; the pod must request at least this many nvidia.com/gpu. */
    tensorParallel: count(1, L.tensorParallel).default(1),
    /** Weights' data type. */
    dtype: dtype.default("bf16"),
    /** How iterations are timed: `profile` (measured per-layer times, where they cover the model, GPU and TP), `roofline`, or `auto` (profile where covered, else roofline). */
    perfModel: z.enum(LLM_PERF_MODES).default("auto"),
    /** KV cache's data type; absent: the weights' for 16-bit weights, else fp16 (vLLM's "auto"). */
    kvCacheDtype: dtype.optional(),
    maxNumSeqs: count(1, L.maxNumSeqs).default(256),
    maxNumBatchedTokens: count(1, L.maxNumBatchedTokens).default(8192),
    chunkedPrefill: z.boolean().default(true),
    /** Share of each GPU's memory the server uses (weights, activations, KV cache). */
    gpuMemoryUtilization: z.number().gt(0).max(1).default(0.9),
    /** GPU memory per GPU kept for activations and the CUDA context. */
    activationReserve: bytes(0, L.modelBytes).default(2 ** 30),
    /** `prompt`: blocks grow while decoding, preemption by recompute when they run out (vLLM); `full`: prompt and output reserved on admission, never preempted (TensorRT-LLM). */
    kvReservation: z.enum(["prompt", "full"]).default("prompt"),
    /** Reuse cached prompt prefixes when requests carry prefix hashes (Mooncake `hash_ids`). */
    prefixCaching: z.boolean().default(true),
    /** Tokens each prefix hash covers (Mooncake hashes 512-token blocks). */
    prefixBlockTokens: count(1, L.tokens).default(512),
    /** Most requests waiting per pod; more are rejected. Absent: unbounded (vLLM's default). */
    queueLimit: count(0, L.queueLimit).optional(),
    /** A request that has not joined a batch this long after arriving leaves, counted as timed out. */
    timeout: duration(1e-6, L.durationSeconds).optional(),
    /** Weights loaded at start-up; absent: parameters × bytes per parameter of `dtype`. */
    weightsSize: bytes(0, L.modelBytes).optional(),
  });
};

export type LlmServerModel = z.output<ReturnType<typeof llmModel>>;

/** A replica spans `tensorParallel` GPUs of its pod. */
export function checkLlm(m: LlmServerModel, pod: PodShape, issue: ModelIssue): void {
  if (pod.gpus < m.tensorParallel) issue(["tensorParallel"], `tensorParallel ${m.tensorParallel} needs at least ${m.tensorParallel} nvidia.com/gpu per pod, the pod requests ${pod.gpus}`);
}
