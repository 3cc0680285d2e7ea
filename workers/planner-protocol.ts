/**
 * The contract between planner workers (Node worker threads, browser Web Workers) and the pool
 * that drives them. Types only. A worker is set up once with the plan and its scenarios' texts,
 * then evaluates trials — small plain objects in, small plain outcomes out — and beats while it
 * runs, so that the pool tells a hung worker from a slow one.
 */
import type { PlanSource, Screened, TrialOutcome, TrialSpec } from "../src/planner/index.js";
import type { ScenarioIssue } from "../src/scenario/index.js";

export type { PlanSource, Screened, TrialOutcome, TrialSpec };

export interface PlannerSetup {
  readonly source: PlanSource;
  /** Where each scenario's trace files resolve: a directory in Node, a URL in a browser. */
  readonly traceBases: readonly string[];
  /** Fault injection for tests: a trial of one of these candidates makes the worker exit, or hang; screening one of `exitOnScreen` makes it exit. */
  readonly faults?: { readonly exitOn?: readonly number[]; readonly hangOn?: readonly number[]; readonly exitOnScreen?: readonly number[] };
}

/** A worker is alive and busy with a trial: its simulated time so far. */
export interface PlannerBeat {
  readonly trial: string;
  readonly simulatedTime: number;
}

/** Wall-clock figures of one worker (never in plan results): each run's events and milliseconds, in order. */
export interface PlannerWorkerStats {
  readonly runs: number;
  readonly events: readonly number[];
  readonly millis: readonly number[];
}

export interface PlannerWorkerApi {
  /** Loads the plan (once per worker); `onBeat` must be wrapped in Comlink's `proxy()`. */
  init(setup: PlannerSetup, onBeat?: (beat: PlannerBeat) => void): Promise<{ readonly ok: true; readonly hash: string } | { readonly ok: false; readonly issues: readonly ScenarioIssue[] }>;
  /** Runs one trial; a trace error becomes an `error` outcome. */
  evaluate(trial: TrialSpec): Promise<TrialOutcome>;
  /** Screens candidates before any simulation (validation, analytic pruning, cost bound), in order. */
  screen(candidates: readonly number[]): Promise<readonly Screened[]>;
  stats(): Promise<PlannerWorkerStats>;
}
