/**
 * Running any scenario, traces included: files are read through an injected TraceIo (Node file
 * streams, fetch in a browser), prepared before the run, and streamed while it runs. The run
 * pauses between chunks while the driver refills the trace feeds, so memory stays flat.
 */
import type { Scenario } from "../scenario/index.js";
import { createFeedDriver } from "../traffic/index.js";
import type { TraceIo } from "../traffic/index.js";
import { createSimulation } from "./build.js";
import type { Results } from "./results.js";
import { DEFAULT_CHUNK_EVENTS } from "./run.js";
import type { RunOptions } from "./run.js";
import { prepareTraffic, scenarioReadsFiles } from "./traffic-prepare.js";

export interface AsyncRunOptions extends RunOptions {
  /** Reads the scenario's trace and rate files; required when the scenario names any. */
  readonly io?: TraceIo;
  /** Most rows of a replayed trace kept in memory, so that copies and loops need not re-read it (0: always stream; default TABLE_MAX_ROWS). */
  readonly traceRowsInMemory?: number;
}

/** Runs a parsed scenario to completion; trace and file errors reject with a TraceError naming file and line. */
export async function runScenarioAsync(scenario: Scenario, options: AsyncRunOptions = {}): Promise<Results> {
  const io = options.io;
  if (io === undefined && scenarioReadsFiles(scenario)) throw new Error("the scenario reads trace files: pass a TraceIo (io) to runScenarioAsync");
  const prepared = io ? await prepareTraffic(scenario, io, options.traceRowsInMemory) : undefined;
  const sim = createSimulation(scenario, prepared ? { ...options, prepared } : options);
  const chunk = options.chunkEvents ?? DEFAULT_CHUNK_EVENTS;
  const driver = io ? createFeedDriver(sim.feeds, io) : null;
  try {
    for (;;) {
      await driver?.refill();
      const over = sim.advance(chunk);
      options.onProgress?.(sim.progress());
      if (over) return sim.results();
      if (options.shouldCancel?.()) return sim.results(true);
    }
  } finally {
    await driver?.close();
  }
}
