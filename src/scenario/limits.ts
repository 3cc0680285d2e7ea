import { ApiLimits } from "../cluster/index.js";

/**
 * Upper bounds on every input, so that no scenario can exhaust memory or run unbounded.
 * Changing one is a product decision: each is named in the error a user sees.
 */
export const Limits = {
  fileBytes: 1024 * 1024,
  nestingDepth: 32,
  yamlAliases: 64,
  nameLength: 63,
  descriptionLength: 4096,
  imageNameLength: 512,
  labels: 64,
  labelValueLength: 63,
  seedLength: 128,
  durationSeconds: 30 * 86_400,
  seriesSamples: 10_000,
  nodePools: 64,
  nodesPerPool: 10_000,
  nodes: 50_000,
  gpusPerNode: 16,
  cpuMilliPerNode: 1024 * 1000,
  memoryBytesPerNode: 64 * 2 ** 40,
  podsPerNode: 1_000,
  services: 256,
  replicas: 10_000,
  concurrency: 4_096,
  /** Items of one dynamic batch (classic servers). */
  batchSize: 65_536,
  denoisingSteps: 1_000,
  /** LLM server: sequences and tokens of one iteration, tensor parallelism. */
  maxNumSeqs: 65_536,
  maxNumBatchedTokens: 10_000_000,
  tensorParallel: 64,
  /** prefix-aware routing: extra requests a pod may hold and still win on its cache. */
  routingLoadSlack: 1_000_000,
  queueLimit: 10_000_000,
  trafficSources: 32,
  ratePerSecond: 1e7,
  arrivals: 1e10,
  /** Arrivals a whole run may be expected to make (rate × active time summed over traffic sources): about an hour of wall time for the fastest servers. */
  expectedArrivals: 1e9,
  serviceTimeSeconds: 86_400,
  imageBytes: 2 ** 40,
  pricePerHour: 10_000,
  traceFileNameLength: 1024,
  traceColumnNameLength: 256,
  traceColumns: 1024,
  traceFilters: 16,
  traceFilterValues: 256,
  traceSortWindow: 1_000_000,
  /** Copies a rate scale superposes (⌈rateScale⌉). */
  rateScale: 64,
  speedupMin: 1e-3,
  speedupMax: 1e3,
  /** Tokens of one request (prompt or output). */
  tokens: 100_000_000,
  /** Knots of a piecewise rate profile. */
  ratePoints: 100_000,
  /** Rows an empirical token-length distribution holds in memory. */
  empiricalRows: 2_000_000,
  /** Resource names in one requests, limits, overhead or extendedResources list. */
  resourceNames: 32,
  /** Count of one extended resource (devices) on a node or in a request. */
  extendedCount: 1_000_000,
  ephemeralBytesPerNode: 2 ** 50,
  imageDiskBytes: 2 ** 50,
  /** Bytes per second of image pulls, model loads and model caches. */
  bandwidthBytesPerSecond: 1e12,
  zones: 64,
  parallelImagePulls: 1_000,
  preloadedImages: 64,
  migProfiles: 8,
  /** MIG instances of one profile per GPU (A100/H100 have 7 compute slices). */
  migInstancesPerGpu: 7,
  initContainers: 8,
  priorityClasses: 32,
  /** |priority| of a priority class (values above 1e9 are reserved for system classes upstream). */
  priorityValue: 1_000_000_000,
  probeSeconds: 3_600,
  probeThreshold: 100,
  terminationGraceSeconds: 86_400,
  startupSeconds: 86_400,
  modelBytes: 2 ** 50,
  /** Decisions kept in results.scheduler.explain. */
  explainRecords: 10_000,
  explainPatternLength: 256,
  /** Metrics of one HPA, triggers of one KEDA scaler. */
  hpaMetrics: 16,
  /** Policies of one HPA scaling direction. */
  scalingPolicies: 16,
  /** A metric target (units of the metric). */
  metricTarget: 1e9,
  utilizationPercent: 100_000,
  retryAttempts: 10,
  faults: 256,
  /** Fault events one random fault entry may cause (each is kept in results). */
  faultEvents: 10_000,
  crashRepeats: 1_000,
  /** Scale events kept in results.autoscaling.events. */
  scaleEvents: 100_000,
  /** Keys of k8s-shaped lists (tolerations, affinity, spread): see ApiLimits in src/cluster/api-schema.ts. */
  api: ApiLimits,
} as const;
