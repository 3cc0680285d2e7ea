export { createSimulation, DEFAULT_MAX_IN_FLIGHT } from "./build.js";
export type { Progress, Simulation, SimulationOptions } from "./build.js";
export { resultBuffers, RESULTS_FORMAT, resultsToJson, SERIES_COLUMNS } from "./results.js";
export type { LatencySummary, NodeSummary, PodSummary, RequestCounts, Results, SeriesColumn, SeriesResult, ServiceSummary, Warning } from "./results.js";
export { DEFAULT_CHUNK_EVENTS, runScenario } from "./run.js";
export type { RunOptions } from "./run.js";
