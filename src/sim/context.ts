import type { Engine, Stream, StreamName } from "../engine/index.js";
import type { Scenario } from "../scenario/index.js";

/** What every part of a simulation is built from: the scenario, the engine, its random streams and the warnings sink. */
export interface SimContext {
  readonly scenario: Scenario;
  readonly engine: Engine;
  /** A named stream of this run (each name once). */
  readonly stream: (name: StreamName) => Stream;
  /** Records a non-fatal oddity for results.warnings (repeats are counted). */
  readonly warn: (message: string) => void;
  /** Simulated time at which the run ends. */
  readonly endTime: number;
}
