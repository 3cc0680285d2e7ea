/** A service: its image, model server, resources, replicas, traffic and SLOs. */
import * as z from "zod";
import { bytes, count, dnsLabel, duration, strictObject } from "./fields.js";
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

const classicServer = strictObject({
  kind: z.literal("classic"),
  /** Catalog id of the model this server runs (optional for a purely distribution-driven server). */
  id: z.string().max(L.nameLength).optional(),
  /** Requests a pod serves at once (its server slots). */
  concurrency: count(1, L.concurrency).default(1),
  /** Time one request occupies a slot. */
  serviceTime,
  /** Most requests waiting per pod beyond those in service; more are rejected. Absent: unbounded. */
  queueLimit: count(0, L.queueLimit).optional(),
  /** Data type of the weights: bytes per parameter (fp32 4, fp16/bf16 2, fp8/int8 1, int4/fp4 0.5). */
  dtype: z.enum(["fp32", "fp16", "bf16", "fp8", "int8", "int4", "fp4"]).default("fp16"),
  /** Weights loaded at start-up; absent: the catalog model's parameters × bytes per parameter (0 without a catalog model). */
  weightsSize: bytes(0, L.modelBytes).optional(),
});

const model = z.discriminatedUnion("kind", [classicServer], { error: 'expected model kind "classic"' });

const percentileTargets = strictObject({
  p50: duration(0, L.durationSeconds).optional(),
  p90: duration(0, L.durationSeconds).optional(),
  p95: duration(0, L.durationSeconds).optional(),
  p99: duration(0, L.durationSeconds).optional(),
  p999: duration(0, L.durationSeconds).optional(),
});

const slo = strictObject({
  /** End-to-end latency targets by percentile, measured after warm-up. */
  latency: percentileTargets.optional(),
  /** Largest acceptable share of rejected requests, in [0, 1]. */
  maxRejectRate: z.number().min(0).max(1).optional(),
});

export const serviceSchema = strictObject({
  name: dnsLabel(L.nameLength),
  image: imageSchema.optional(),
  model,
  /** Requests and limits of the model server container. */
  resources: resourceRequirements.prefault({}),
  /** Placement and start-up of the service's pods. */
  pod: podSchema.prefault({}),
  /** Pods of the service (fixed until autoscaling lands). */
  replicas: count(0, L.replicas).default(1),
  traffic: z.array(trafficSourceSchema).max(L.trafficSources).default([]),
  slo: slo.optional(),
});
