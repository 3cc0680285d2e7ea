/**
 * The scenario format (apiVersion servesim/v1, kind Scenario): the single source of the
 * Scenario type. Defaults and bounds live here; quantities are stored in base units
 * (seconds, bytes, millicores, events per second) after parsing.
 */
import * as z from "zod";
import { findGpu, findModel, gpuIds, modelIds } from "../catalog/index.js";
import { bytes, count, cpu, dnsLabel, duration, labels, rate, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { unknownName } from "./suggest.js";

const metadata = strictObject({
  /** Scenario name, a DNS-1123 label (it names exported objects too). */
  name: dnsLabel(L.nameLength),
  description: z.string().max(L.descriptionLength).optional(),
  labels: labels(L.labels, L.labelValueLength).optional(),
});

const gpuType = z.string().max(L.nameLength).superRefine((id, ctx) => {
  if (!findGpu(id)) ctx.addIssue({ code: "custom", message: unknownName("GPU type", id, gpuIds), input: id });
});

const nodePool = strictObject({
  name: dnsLabel(L.nameLength),
  /** GPUs on each node, by catalog id (`servesim` ships ../shared/data/gpus.json). Omit for a CPU-only pool. */
  gpu: strictObject({ type: gpuType, count: count(1, L.gpusPerNode).default(1) }).optional(),
  /** Allocatable CPU per node. */
  cpu: cpu(1, L.cpuMilliPerNode),
  /** Allocatable memory per node. */
  memory: bytes(1, L.memoryBytesPerNode),
  /** Most pods a node accepts (Kubernetes' kubelet default is 110). */
  maxPods: count(1, L.podsPerNode).default(110),
  /** Number of nodes (fixed until cluster autoscaling lands). */
  count: count(0, L.nodesPerPool),
  /** USD per node-hour; defaults to the catalog's per-GPU list price × GPUs per node. */
  pricePerHour: z.number().min(0).max(L.pricePerHour).optional(),
  labels: labels(L.labels, L.labelValueLength).optional(),
});

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
});

const model = z.discriminatedUnion("kind", [classicServer], { error: 'expected model kind "classic"' });

const resources = strictObject({
  requests: strictObject({
    cpu: cpu(0, L.cpuMilliPerNode).default(0),
    memory: bytes(0, L.memoryBytesPerNode).default(0),
    "nvidia.com/gpu": count(0, L.gpusPerNode).default(0),
  }).prefault({}),
});

const poisson = strictObject({
  /** Mean arrival rate. */
  rate: rate(0, L.ratePerSecond),
  /** Simulated time at which the source starts. */
  start: duration(0, L.durationSeconds).default(0),
  /** Simulated time after which the source stops; absent: the end of the run. */
  end: duration(0, L.durationSeconds).optional(),
  /** Stop after this many arrivals (useful to simulate exactly N customers). */
  maxArrivals: count(0, L.arrivals).optional(),
});

const trafficSource = strictObject({ poisson: poisson.optional() }).superRefine((s, ctx) => {
  if (Object.keys(s).length !== 1) ctx.addIssue({ code: "custom", message: "expected exactly one source kind: poisson" });
}, { when: (payload) => payload.issues.length === 0 });

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

const service = strictObject({
  name: dnsLabel(L.nameLength),
  image: strictObject({ name: z.string().min(1).max(L.imageNameLength), size: bytes(0, L.imageBytes).optional() }).optional(),
  model,
  resources: resources.prefault({}),
  /** Pods of the service (fixed until autoscaling lands). */
  replicas: count(0, L.replicas).default(1),
  traffic: z.array(trafficSource).max(L.trafficSources).default([]),
  slo: slo.optional(),
});

const seed = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().min(1).max(L.seedLength)], {
  error: `expected an integer ≥ 0 or a string of at most ${L.seedLength} characters`,
});

export const scenarioSchema = strictObject({
  apiVersion: z.literal("servesim/v1"),
  kind: z.literal("Scenario"),
  metadata,
  /** Root of every random stream; the same seed gives byte-identical results. */
  seed: seed.default(1),
  /** Simulated time to run. */
  duration: duration(1e-3, L.durationSeconds),
  /** Statistics (latency, SLOs, utilisation) ignore requests that arrive before this time. */
  warmup: duration(0, L.durationSeconds).default(0),
  output: strictObject({
    /** Sampling step of the time series; absent: duration / 500, at least 1 s. */
    seriesStep: duration(1e-3, L.durationSeconds).optional(),
  }).prefault({}),
  cluster: strictObject({ nodePools: z.array(nodePool).min(1).max(L.nodePools) }),
  services: z.array(service).min(1).max(L.services),
}).superRefine(crossChecks, { when: (payload) => payload.issues.length === 0 });

type Draft = z.output<typeof scenarioSchema>;

/** Rules that span fields: unique names, warm-up inside the run, catalog ids, prices, series size. */
function crossChecks(s: Omit<Draft, never>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  if (s.warmup >= s.duration) issue(["warmup"], `expected a warm-up shorter than the duration (${s.duration}s), got ${s.warmup}s`);
  unique(s.cluster.nodePools.map((p) => p.name), (i, name) => issue(["cluster", "nodePools", i, "name"], `duplicate node pool name "${name}"`));
  unique(s.services.map((x) => x.name), (i, name) => issue(["services", i, "name"], `duplicate service name "${name}"`));
  const nodes = s.cluster.nodePools.reduce((n, p) => n + p.count, 0);
  if (nodes > L.nodes) issue(["cluster", "nodePools"], `expected at most ${L.nodes} nodes in all, got ${nodes}`);
  s.cluster.nodePools.forEach((p, i) => {
    const gpu = p.gpu && findGpu(p.gpu.type);
    if (gpu && gpu.pricePerGpuHour === null && p.pricePerHour === undefined) {
      issue(["cluster", "nodePools", i, "pricePerHour"], `the catalog has no list price for GPU "${gpu.id}": set pricePerHour`);
    }
  });
  s.services.forEach((svc, i) => {
    const id = svc.model.id;
    if (id === undefined) return;
    const m = findModel(id);
    if (!m) issue(["services", i, "model", "id"], unknownName("model", id, modelIds));
    else if (m.kind !== svc.model.kind) issue(["services", i, "model", "id"], `model "${id}" is an ${m.kind} model, not a ${svc.model.kind} one`);
  });
  const step = s.output.seriesStep;
  if (step !== undefined && s.duration / step > L.seriesSamples) {
    issue(["output", "seriesStep"], `expected at most ${L.seriesSamples} samples, got ${Math.ceil(s.duration / step)} (duration ÷ seriesStep); use a larger step`);
  }
}

function unique(names: readonly string[], onDuplicate: (index: number, name: string) => void): void {
  const seen = new Set<string>();
  names.forEach((n, i) => (seen.has(n) ? onDuplicate(i, n) : seen.add(n)));
}

/** A parsed, defaulted, validated scenario (deeply frozen once loaded). */
export type Scenario = z.output<typeof scenarioSchema>;
/** What a scenario file may contain before defaults and unit parsing. */
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type NodePool = Scenario["cluster"]["nodePools"][number];
export type Service = Scenario["services"][number];
export type ClassicServer = Extract<Service["model"], { kind: "classic" }>;
export type TrafficSource = Service["traffic"][number];
export type ServiceTime = ClassicServer["serviceTime"];
export type ServiceSlo = NonNullable<Service["slo"]>;
