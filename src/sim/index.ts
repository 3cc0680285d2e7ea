export { createSimulation, DEFAULT_MAX_IN_FLIGHT } from "./build.js";
export type { Progress, Simulation, SimulationOptions } from "./build.js";
export { resultBuffers, RESULTS_FORMAT, resultsToJson, SERIES_COLUMNS } from "./results.js";
export type { LatencySummary, NodeSummary, PodSummary, RequestCounts, Results, SeriesColumn, SeriesResult, ServiceSummary, Warning } from "./results.js";
export { DEFAULT_CHUNK_EVENTS, runScenario } from "./run.js";
export type { RunOptions } from "./run.js";
export { calibrate, REFERENCE_SERVER, referenceSchema, referencesFileSchema } from "./calibrate.js";
export type { CalibrateOptions, CalibrationRow, Reference, ReferenceServer } from "./calibrate.js";
export { DEFAULT_LLM_SERVER } from "./llm-defaults.js";
