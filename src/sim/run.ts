/** Running a scenario to its end in chunks, with progress and cancellation between chunks. */
import type { Scenario } from "../scenario/index.js";
import { createSimulation } from "./build.js";
import type { Progress, SimulationOptions } from "./build.js";
import type { Results } from "./results.js";
import { scenarioReadsFiles } from "./traffic-prepare.js";

export interface RunOptions extends SimulationOptions {
  /** Events per chunk between progress reports and cancellation checks. */
  readonly chunkEvents?: number;
  readonly onProgress?: (p: Progress) => void;
  /** Asked between chunks; true stops the run, whose results are then marked `cancelled`. */
  readonly shouldCancel?: () => boolean;
}

export const DEFAULT_CHUNK_EVENTS = 1 << 18;

/** Runs a parsed scenario to completion, synchronously, and returns its results. A scenario that reads files (traces) needs runScenarioAsync. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): Results {
  if (scenarioReadsFiles(scenario)) throw new Error(`scenario "${scenario.metadata.name}" reads trace files: run it with runScenarioAsync`);
  const sim = createSimulation(scenario, options);
  const chunk = options.chunkEvents ?? DEFAULT_CHUNK_EVENTS;
  for (;;) {
    const over = sim.advance(chunk);
    options.onProgress?.(sim.progress());
    if (over) return sim.results();
    if (options.shouldCancel?.()) return sim.results(true);
  }
}
