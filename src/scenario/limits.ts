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
  queueLimit: 10_000_000,
  trafficSources: 32,
  ratePerSecond: 1e7,
  arrivals: 1e10,
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
} as const;
