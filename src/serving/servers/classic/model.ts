/** The scenario's `model` block of a classic server, and the rules its fields cannot express alone. */
import * as z from "zod";
import { CLASSIC_STACKS } from "../../perf/classic.js";
import { DTYPES } from "../../perf/dtype.js";
import type { ModelIssue, PodShape, SchemaKit } from "../../schema-kit.js";

export const classicModel = ({ strictObject, duration, bytes, count, limits: L }: SchemaKit) => {
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
  return strictObject({
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
    dtype: z.enum(DTYPES).default("fp16"),
    /** Software a roofline time assumes: TensorRT engines (default), or the same behind Triton (request handling and input transfer added). */
    stack: z.enum(CLASSIC_STACKS).default("tensorrt"),
    /** Denoising steps per item of a diffusion model (absent: the catalog's, 20 for sdxl). */
    steps: count(1, L.denoisingSteps).optional(),
    /** Weights loaded at start-up; absent: the catalog model's parameters × bytes per parameter (0 without a catalog model). */
    weightsSize: bytes(0, L.modelBytes).optional(),
  });
};

export type ClassicServerModel = z.output<ReturnType<typeof classicModel>>;

/** A classic server needs a way to time its requests: a service time, a batch time, or a catalog model (and then a GPU). */
export function checkClassic(m: ClassicServerModel, pod: PodShape, issue: ModelIssue): void {
  if (m.batching === undefined && m.serviceTime === undefined && m.id === undefined) {
    issue(["serviceTime"], 'missing required field "serviceTime" (or a catalog model "id" whose FLOPs time the requests)');
  }
  if (m.batching !== undefined && m.batching.batchTime === undefined && m.id === undefined) {
    issue(["batching", "batchTime"], 'missing required field "batchTime" (or a catalog model "id" whose FLOPs time the batches)');
  }
  const timedByFlops = m.batching === undefined ? m.serviceTime === undefined : m.batching.batchTime === undefined;
  if (timedByFlops && m.id !== undefined && pod.gpus === 0) {
    issue(["serviceTime"], `a service timed by its model's FLOPs needs a GPU: request nvidia.com/gpu, or give "serviceTime"`);
  }
}
