/** A service: its image, model server, resources, replicas, traffic and SLOs. */
import * as z from "zod";
import { CLASSIC_STACKS, DTYPES, LLM_PERF_MODES, ROUTING_POLICIES } from "../serving/index.js";
import { formatDuration } from "../units/index.js";
import { activatorSchema, disruptionBudgetSchema, retrySchema, serviceAutoscalingSchema } from "./autoscaling-schema.js";
import { bytes, count, dns1035Label, dnsLabel, duration, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { imageSchema, podSchema, resourceRequirements } from "./pod-schema.js";
import { trafficSourceSchema } from "./traffic-schema.js";

const serviceTime = z.discriminatedUnion(
  "distribution",
  [
    strictObject({ distribution: z.literal("deterministic"), mean: duration(0, L.serviceTimeSeconds) }),
    strictObject({ distribution: z.literal("exponential"), mean: duration(1e-9, L.serviceTimeSeconds) }),
    strictObject({
      distribution: z.literal("lognormal"),
      mean: duration(1e-9, L.serviceTimeSeconds),
      /** Coefficient of variation (standard deviation ÷ mean). */
      cv: z.number().min(0).max(100),
    }),
  ],
  { error: 'expected distribution "deterministic", "exponential" or "lognormal"' },
);

const dtype = z.enum(DTYPES);

const classicServer = strictObject({
  kind: z.literal("classic"),
  /** Catalog id of the model this server runs; without `serviceTime`, its FLOPs per item time the requests on the pod's GPU. */
  id: z.string().max(L.nameLength).optional(),
  /** Model instances per pod: requests (or batches) served at once. */
  concurrency: count(1, L.concurrency).default(1),
  /** Time one request takes. Absent: from the catalog model's FLOPs on the pod's GPU (roofline with the calibrated efficiency). */
  serviceTime: serviceTime.optional(),
  /**
   * Dynamic batching (Triton's dynamic batcher): an instance takes up to maxBatchSize queued
   * requests, waiting at most maxQueueDelay after the oldest arrived. A batch of n takes
   * fixed + n × perItem when `batchTime` is given, else the catalog model's roofline time.
   */
  batching: strictObject({
    maxBatchSize: count(1, L.batchSize),
    maxQueueDelay: duration(0, L.serviceTimeSeconds).default(0),
    batchTime: strictObject({ fixed: duration(0, L.serviceTimeSeconds).default(0), perItem: duration(0, L.serviceTimeSeconds) }).optional(),
  }).optional(),
  /** Most requests waiting per pod beyond those in service; more are rejected. Absent: unbounded. */
  queueLimit: count(0, L.queueLimit).optional(),
  /** A request still waiting this long after arriving leaves, counted as timed out. Absent: never. */
  timeout: duration(1e-6, L.durationSeconds).optional(),
  /** Data type of the weights (bytes per parameter, and the tensor peak a roofline time uses). */
  dtype: dtype.default("fp16"),
  /** Software a roofline time assumes: TensorRT engines (default), or the same behind Triton (request handling and input transfer added). */
  stack: z.enum(CLASSIC_STACKS).default("tensorrt"),
  /** Denoising steps per item of a diffusion model (absent: the catalog's, 20 for sdxl). */
  steps: count(1, L.denoisingSteps).optional(),
  /** Weights loaded at start-up; absent: the catalog model's parameters × bytes per parameter (0 without a catalog model). */
  weightsSize: bytes(0, L.modelBytes).optional(),
});

/** A vLLM-like server (names and defaults follow vLLM's engine arguments). */
const llmServer = strictObject({
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

const model = z.discriminatedUnion("kind", [classicServer, llmServer], { error: 'expected model kind "classic" or "llm"' });

const routing = strictObject({
  /** random (kube-proxy iptables), round-robin (IPVS rr), least-request, power-of-two, prefix-aware (an inference gateway). */
  policy: z.enum(ROUTING_POLICIES).default("random"),
  /** prefix-aware: how many more requests in flight than the least loaded pod a pod may hold and still win on its cache. */
  loadSlack: count(0, L.routingLoadSlack).default(4),
});

const PERCENTILES = ["p50", "p90", "p95", "p99", "p999"] as const;

/** Latency targets by percentile; a lower percentile never exceeds a higher one, so its target may not either. */
const percentileTargets = strictObject({
  p50: duration(0, L.durationSeconds).optional(),
  p90: duration(0, L.durationSeconds).optional(),
  p95: duration(0, L.durationSeconds).optional(),
  p99: duration(0, L.durationSeconds).optional(),
  p999: duration(0, L.durationSeconds).optional(),
}).superRefine((t, ctx) => {
  PERCENTILES.forEach((lo, i) => {
    const a = t[lo];
    if (a === undefined) return;
    const hi = PERCENTILES.slice(i + 1).find((h) => t[h] !== undefined && t[h] < a);
    if (hi !== undefined) {
      ctx.addIssue({ code: "custom", path: [lo], message: `expected ${lo} at most ${hi} (${formatDuration(t[hi]!)}), got ${formatDuration(a)}: a lower percentile cannot be above a higher one, so both targets cannot hold as written` });
    }
  });
});

const slo = strictObject({
  /** End-to-end latency targets by percentile, measured after warm-up. */
  latency: percentileTargets.optional(),
  /** Time to first token targets (LLM services). */
  ttft: percentileTargets.optional(),
  /** Time per output token targets, (end − first token) ÷ (output tokens − 1) (LLM services). */
  tpot: percentileTargets.optional(),
  /** Largest acceptable share of requests rejected or timed out, in [0, 1]. */
  maxRejectRate: z.number().min(0).max(1).optional(),
});

/** Exposure outside the cluster through an Ingress (networking.k8s.io/v1); manifests only, the simulation ignores it. */
const expose = strictObject({
  /** Host name of the Ingress rule (a DNS-1123 subdomain). */
  host: z
    .string()
    .max(253)
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { error: "expected a host name: lowercase DNS labels separated by dots" }),
  /** Path prefix routed to the service. */
  path: z.string().regex(/^\/[^\s]{0,255}$/, { error: 'expected a path starting with "/"' }).default("/"),
  /** IngressClass name; absent: the cluster's default class. */
  className: dnsLabel(L.nameLength).optional(),
});

export const serviceSchema = strictObject({
  /** The Service, Deployment and pod name prefix: a DNS-1035 label, as Kubernetes requires of Service names. */
  name: dns1035Label(L.nameLength, "service name"),
  image: imageSchema.optional(),
  model,
  /** Requests and limits of the model server container. */
  resources: resourceRequirements.prefault({}),
  /** Placement and start-up of the service's pods. */
  pod: podSchema.prefault({}),
  /** Pods of the service at the start (the Deployment's replicas; an autoscaler changes them). */
  replicas: count(0, L.replicas).default(1),
  /** How the Service spreads requests over Ready pods. */
  routing: routing.prefault({}),
  traffic: z.array(trafficSourceSchema).max(L.trafficSources).default([]),
  slo: slo.optional(),
  /** An HPA (kind hpa) or a KEDA-style scaler (kind keda) for the service's Deployment. */
  autoscaling: serviceAutoscalingSchema.optional(),
  /** PodDisruptionBudget: the cluster autoscaler does not evict pods beyond it. */
  disruptionBudget: disruptionBudgetSchema.optional(),
  /** Retries of requests cut when their pod is lost or aborted. */
  retry: retrySchema.optional(),
  /** Holds requests while the service has no Ready pod (default on for kind keda). */
  activator: activatorSchema.optional(),
  /** Exposed outside the cluster: the export adds an Ingress. */
  expose: expose.optional(),
});
