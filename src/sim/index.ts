export { createSimulation, DEFAULT_MAX_IN_FLIGHT } from "./build.js";
export type { Progress, Simulation, SimulationOptions } from "./build.js";
export type { ServingRegistries } from "./serving-setup.js";
export type { RequestRow } from "./request-log.js";
export { LLM_COLUMNS, resultBuffers, RESULTS_FORMAT, resultsToJson, SERIES_COLUMNS } from "./results.js";
export type {
  AutoscalingResults,
  ColdStart,
  ColdStartSummary,
  ExplainJson,
  LatencySummary,
  LlmColumn,
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
export { calibrate, DEFAULT_CLASSIC_BATCH, REFERENCE_SERVER, referenceSchema, referencesFileSchema } from "./calibrate.js";
export { measurementsFileSchema, measurementsToReferences, OFFLINE_DEFAULT_BATCH } from "./classic-measurements.js";
export type { Exclusion, Measurement } from "./classic-measurements.js";
export type { CalibrateOptions, CalibrationRow, Reference, ReferenceServer } from "./calibrate.js";
export { DEFAULT_LLM_SERVER } from "./llm-defaults.js";
export { runScenarioAsync } from "./run-async.js";
export type { AsyncRunOptions } from "./run-async.js";
export { prepareTraffic, scenarioReadsFiles } from "./traffic-prepare.js";
export type { PreparedEntry, PreparedTraffic } from "./traffic-prepare.js";
export { TraceError } from "../traffic/index.js";
export type { TraceIo } from "../traffic/index.js";
export { readerOptions, replaySpec, traceMapping } from "./trace-specs.js";
export { GOLDEN_TABLE_KINDS, matches, runGoldenFile, schedulerTables } from "./golden.js";
export type { GoldenFileHeader, GoldenFileResult, GoldenOutcome, GoldenTableKind } from "./golden.js";
export type { FaultEvent, NodeScaleEvent, ScaleEventRecord, WorkloadScaleEvent } from "./scale-events.js";
export type { SloWindowJson } from "../metrics/index.js";
export { checkPlacements, kvDtypeOf } from "./placement-check.js";
export type { PlacementProblem } from "./placement-check.js";
