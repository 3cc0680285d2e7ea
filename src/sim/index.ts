export { createSimulation, DEFAULT_MAX_IN_FLIGHT } from "./build.js";
export type { Progress, Simulation, SimulationOptions } from "./build.js";
export { resultBuffers, RESULTS_FORMAT, resultsToJson, SERIES_COLUMNS } from "./results.js";
export type {
  ColdStart,
  ColdStartSummary,
  ExplainJson,
  LatencySummary,
  NodeSummary,
  PhaseQuantiles,
  PodSummary,
  PodTimeline,
  RequestCounts,
  Results,
  SchedulerSummary,
  SeriesColumn,
  SeriesResult,
  ServiceSummary,
  Warning,
} from "./results.js";
export { DEFAULT_CHUNK_EVENTS, runScenario } from "./run.js";
export type { RunOptions } from "./run.js";
export { GOLDEN_TABLE_KINDS, matches, runGoldenFile, schedulerTables } from "./golden.js";
export type { GoldenFileHeader, GoldenFileResult, GoldenOutcome, GoldenTableKind } from "./golden.js";
