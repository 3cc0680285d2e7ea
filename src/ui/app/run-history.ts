/** The last runs of the session, newest first, for comparing: each with its scenario text, results and digest. */
import type { Results } from "../../../workers/protocol.js";

export interface RunRecord {
  /** 1, 2, 3… in the order the runs finished. */
  readonly id: number;
  /** "#3 quickstart (seed 42)". */
  readonly label: string;
  readonly text: string;
  readonly results: Results;
  readonly digest: string;
  readonly wallSeconds: number;
}

/** Runs kept at most (results hold typed arrays: a few MB each for long runs). */
export const MAX_RUNS = 8;

/** The history with `run` added in front, the oldest dropped beyond MAX_RUNS. */
export function addRun(history: readonly RunRecord[], run: Omit<RunRecord, "id" | "label">): RunRecord[] {
  const id = (history[0]?.id ?? 0) + 1;
  const label = `#${id} ${run.results.scenario.name} (seed ${run.results.scenario.seed})`;
  return [{ ...run, id, label }, ...history].slice(0, MAX_RUNS);
}
