/**
 * The cluster part of a scenario: node pools (shape, labels, taints, zones, devices, how nodes boot
 * and pull), priority classes and the scheduler configuration (KubeSchedulerConfiguration shape,
 * each plugin's args checked by that plugin's own schema).
 */
import * as z from "zod";
import { findGpu, gpuIds } from "../catalog/index.js";
import { k8sName, recordOf, taintSchema } from "../cluster/index.js";
import { inTreeRegistry, resolveProfile, schedulerConfigSchema } from "../scheduler/index.js";
import { clusterAutoscalerSchema, hpaControllerSchema, metricsPipelineSchema, nodeHealthSchema } from "./autoscaling-schema.js";
import { bandwidth, bytes, count, cpu, dnsLabel, dnsSubdomain, duration, labels, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { resourceList } from "./pod-schema.js";
import { unknownName } from "./suggest.js";

const gpuType = z
  .string()
  .max(L.nameLength)
  .superRefine((id, ctx) => {
    if (!findGpu(id)) ctx.addIssue({ code: "custom", message: unknownName("GPU type", id, gpuIds), input: id });
  });

/** MIG profile names as the NVIDIA device plugin's mixed strategy advertises them (`nvidia.com/mig-<profile>`). */
const migProfile = z.string().regex(/^[1-7]g\.\d{1,3}gb(\+me)?$/, { error: 'expected a MIG profile such as "1g.10gb" or "3g.40gb"' });

const gpu = strictObject({
  type: gpuType,
  count: count(1, L.gpusPerNode).default(1),
  /** MIG partition of every GPU: profile → instances per GPU. The node then advertises nvidia.com/mig-<profile>, not nvidia.com/gpu. */
  mig: recordOf(migProfile, count(1, L.migInstancesPerGpu))
    .refine((m) => Object.keys(m).length <= L.migProfiles, { error: `expected at most ${L.migProfiles} MIG profiles` })
    .optional(),
}).superRefine((g, ctx) => {
  if (!g.mig) return;
  const slices = Object.entries(g.mig).reduce((n, [p, k]) => n + Number(p.split("g")[0]) * k, 0);
  if (slices > 7) ctx.addIssue({ code: "custom", path: ["mig"], message: `expected at most 7 compute slices per GPU, got ${slices}` });
  const name = findGpu(g.type)?.name ?? "";
  if (!/A100|H100|H200|B200/.test(name)) ctx.addIssue({ code: "custom", path: ["mig"], message: `GPU "${g.type}" does not support MIG (A100, H100, H200 and B200 do)` });
});

const preloadedImage = strictObject({ name: z.string().min(1).max(L.imageNameLength), size: bytes(0, L.imageBytes).default(0) });

/** Nodes a pool may have: the cluster autoscaler keeps it within [min, max]; `initial` nodes at the start (default min). */
const poolSize = strictObject({
  min: count(0, L.nodesPerPool).default(0),
  max: count(0, L.nodesPerPool),
  initial: count(0, L.nodesPerPool).optional(),
}).superRefine((z, ctx) => {
  if (z.min > z.max) ctx.addIssue({ code: "custom", path: ["min"], message: `expected min at most max (${z.max}), got ${z.min}` });
  if (z.initial !== undefined && (z.initial < z.min || z.initial > z.max)) {
    ctx.addIssue({ code: "custom", path: ["initial"], message: `expected initial between min (${z.min}) and max (${z.max}), got ${z.initial}` });
  }
});

const nodePoolFields = strictObject({
  name: dnsLabel(L.nameLength, "node pool name"),
  /** GPUs on each node, by catalog id (the catalog ships shared/data/gpus.json). Omit for a CPU-only pool. */
  gpu: gpu.optional(),
  /** Allocatable CPU per node. */
  cpu: cpu(1, L.cpuMilliPerNode),
  /** Allocatable memory per node. */
  memory: bytes(1, L.memoryBytesPerNode),
  /** Allocatable ephemeral storage per node. */
  ephemeralStorage: bytes(0, L.ephemeralBytesPerNode).default(100 * 2 ** 30),
  /** Other devices advertised per node by device plugins, e.g. `example.com/fpga: 2`. */
  extendedResources: resourceList.optional(),
  /** Most pods a node accepts (Kubernetes' kubelet default is 110). */
  maxPods: count(1, L.podsPerNode).default(110),
  /** A fixed number of nodes (min = max = initial); use `size` for a pool the cluster autoscaler resizes. */
  count: count(0, L.nodesPerPool).optional(),
  size: poolSize.optional(),
  /** USD per node-hour; defaults to the catalog's per-GPU list price × GPUs per node. */
  pricePerHour: z.number().min(0).max(L.pricePerHour).optional(),
  labels: labels(L.labels).optional(),
  taints: z.array(taintSchema).max(L.api.taints).default([]),
  /** Zones (topology.kubernetes.io/zone) the pool's nodes are spread over, round-robin. */
  zones: z.array(k8sName("labelValue", "zone", L.labelValueLength).min(1)).max(L.zones).default([]),
  /** Region label (topology.kubernetes.io/region). */
  region: k8sName("labelValue", "region", L.labelValueLength).min(1).optional(),
  /** Disk for container images: the image cache evicts unused images beyond it. */
  imageDiskSize: bytes(1, L.imageDiskBytes).default(200 * 2 ** 30),
  /** Registry pull throughput per node, shared by its concurrent pulls. */
  imagePullBandwidth: bandwidth(1, L.bandwidthBytesPerSecond).default(100e6),
  /** Pulls at once per node (kubelet maxParallelImagePulls; 1 = serializeImagePulls). Absent: no limit. */
  maxParallelImagePulls: count(1, L.parallelImagePulls).optional(),
  /** Model weights read from remote storage at start-up. */
  modelLoadBandwidth: bandwidth(1, L.bandwidthBytesPerSecond).default(500e6),
  /** A node-local cache of model weights (local NVMe): later loads of the same weights read it at its bandwidth. */
  modelCache: strictObject({ size: bytes(1, L.imageDiskBytes), bandwidth: bandwidth(1, L.bandwidthBytesPerSecond).default(2e9) }).optional(),
  /** From provisioning to Ready, for nodes added during the run (and all of them with bootAtStart). */
  bootDelay: duration(0, L.durationSeconds).default(120),
  /** From Ready to GPUs allocatable (GPU driver and device plugin); GPU pools only. */
  devicePluginDelay: duration(0, L.durationSeconds).default(60),
  /** The pool's nodes start provisioning at time 0 instead of being up. */
  bootAtStart: z.boolean().default(false),
  /** Images already on every node of the pool (its machine image). */
  preloadedImages: z.array(preloadedImage).max(L.preloadedImages).default([]),
});

/** A node pool; after parsing, `count` is the initial node count and `size` the pool's bounds. */
export const nodePoolSchema = nodePoolFields
  .superRefine((p, ctx) => {
    if ((p.count === undefined) === (p.size === undefined)) ctx.addIssue({ code: "custom", path: ["count"], message: "expected exactly one of count (a fixed size) or size: { min, max, initial }" });
  })
  .transform(({ count: fixed, size, ...rest }) => {
    const initial = size ? (size.initial ?? size.min) : fixed!;
    return { ...rest, count: initial, size: size ? { min: size.min, max: size.max, initial } : { min: initial, max: initial, initial } };
  });

const priorityClass = strictObject({
  name: dnsSubdomain("priority class name"),
  value: z.number().int().min(-L.priorityValue).max(L.priorityValue),
  preemptionPolicy: z.enum(["PreemptLowerPriority", "Never"]).default("PreemptLowerPriority"),
  /** Pods without a priorityClassName get this class. */
  globalDefault: z.boolean().default(false),
});

const scheduler = schedulerConfigSchema.superRefine((c, ctx) => {
  const names = new Set<string>();
  c.profiles.forEach((p, i) => {
    if (names.has(p.schedulerName)) ctx.addIssue({ code: "custom", path: ["profiles", i, "schedulerName"], message: `duplicate scheduler profile "${p.schedulerName}"` });
    names.add(p.schedulerName);
    for (const issue of resolveProfile(p, inTreeRegistry).issues) ctx.addIssue({ code: "custom", path: ["profiles", i, ...issue.path], message: issue.message });
  });
  if (c.podInitialBackoffSeconds > c.podMaxBackoffSeconds) ctx.addIssue({ code: "custom", path: ["podMaxBackoffSeconds"], message: "expected at least podInitialBackoffSeconds" });
});

export const clusterSchema = strictObject({
  nodePools: z.array(nodePoolSchema).min(1).max(L.nodePools),
  priorityClasses: z.array(priorityClass).max(L.priorityClasses).default([]),
  /** kube-scheduler configuration (percentageOfNodesToScore, backoff, profiles with plugins and pluginConfig). */
  scheduler: scheduler.prefault({}),
  /**
   * The cluster autoscaler. Absent: it runs with upstream defaults when a pool has a size range
   * (`size: { min, max }` with min < max), as on a cluster whose node groups have autoscaling
   * bounds; otherwise pools keep their size.
   */
  autoscaler: clusterAutoscalerSchema.optional(),
  /** The HPA controller's flags (sync period, tolerance, stabilisation, cpu initialisation). */
  hpa: hpaControllerSchema.prefault({}),
  /** How metrics reach the autoscalers (scrape interval, lag, rate window). */
  metrics: metricsPipelineSchema.prefault({}),
  /** When the control plane notices a lost node and evicts its pods. */
  nodeHealth: nodeHealthSchema.prefault({}),
}).transform((c) => (c.autoscaler !== undefined || !c.nodePools.some((p) => p.size.max > p.size.min) ? c : { ...c, autoscaler: clusterAutoscalerSchema.parse({}) }));
