/** The servesim library: parse a scenario, run it, read plain results. */
export { formatIssue, parseScenario, scenarioSchema, validateScenario } from "./scenario/index.js";
export type { ParseOptions, ParseOutcome, Scenario, ScenarioInput, ScenarioIssue } from "./scenario/index.js";
export { createSimulation, resultsToJson, runScenario } from "./sim/index.js";
export type { Progress, Results, RunOptions, Simulation, SimulationOptions } from "./sim/index.js";
export { findGpu, findModel, gpuIds, modelIds } from "./catalog/index.js";
export type { Gpu, Model } from "./catalog/index.js";
