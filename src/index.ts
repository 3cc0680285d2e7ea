/** The servesim library: parse a scenario, run it, read plain results. */
export { formatIssue, parseScenario, scenarioSchema, validateScenario } from "./scenario/index.js";
export type { ParseOptions, ParseOutcome, Scenario, ScenarioInput, ScenarioIssue } from "./scenario/index.js";
export { createSimulation, resultsToJson, runScenario, runScenarioAsync, TraceError } from "./sim/index.js";
export type { AsyncRunOptions, Progress, Results, RunOptions, Simulation, SimulationOptions, TraceIo } from "./sim/index.js";
export { fileTraceIo } from "../workers/file-traces.js";
export { findGpu, findModel, gpuIds, modelIds } from "./catalog/index.js";
export type { Gpu, Model } from "./catalog/index.js";
export { createMonitoringRecorder, formatMonitoring, grafanaDashboard } from "./metrics/exposition/index.js";
export type { DashboardSpec, MonitoringData, MonitoringRecorder, MonitoringTargets } from "./metrics/exposition/index.js";
export { loadPlan, mergeResults, plan, planResultsToJson, runPlan } from "./planner/index.js";
export type { CandidateResult, Evaluator, LoadedPlan, PlanOptions, PlanReply, PlanResults, PlanSource } from "./planner/index.js";
