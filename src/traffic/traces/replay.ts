import { TraceError } from "./errors.js";
import type { ReaderOptions } from "./reader.js";
import type { TraceTable } from "./table.js";

/** How a trace is replayed (see the scenario's `trace` entry, src/scenario/trace-schema.ts). */
export interface ReplaySpec {
  readonly reader: ReaderOptions;
  /** Trace time where replay begins (after the trace's first row). */
  readonly offset: number;
  /** Trace time replayed from the offset (Infinity: to the end). */
  readonly window: number;
  readonly speedup: number;
  readonly rateScale: number;
  /** Trace-time shift between successive copies. */
  readonly copyShift: number;
  readonly loop: boolean;
  /** Simulated time of the replay's start. */
  readonly start: number;
}

/** What one streamed pass over a trace learns before the run: rows replayed, their extent, the loop period, bad lines. */
export interface TraceScan {
  /** Rows in the replayed window (after filters). */
  readonly rows: number;
  /** Times of the first and last of them, relative to the offset. */
  readonly first: number;
  readonly last: number;
  /**
   * Length of one pass (the period of a loop): the window when given, else the last row's time
   * plus one mean gap between rows, so that the seam between passes looks like any other gap.
   */
  readonly period: number;
  readonly badLines: { readonly count: number; readonly lines: readonly number[]; readonly first: string | null };
  /** The window's rows when the trace is small enough to keep (null: the replay streams the file). */
  readonly table: TraceTable | null;
}

export function periodOf(spec: ReplaySpec, rows: number, first: number, last: number): number {
  if (Number.isFinite(spec.window)) return spec.window;
  if (rows < 2) return last;
  return last + (last - first) / (rows - 1);
}

/**
 * Refuses a looped replay whose rows (after the offset and window) all have one time: its period
 * is 0, so its passes would all fall at that instant and never end.
 */
export function checkLoop(spec: ReplaySpec, scan: Pick<TraceScan, "rows" | "period">): void {
  if (spec.loop && scan.rows > 0 && !(scan.period > 0)) throw new TraceError(spec.reader.file, 0, "cannot loop a replay whose rows all have one time: give it a window");
}

/** One copy of a scaled replay: copy j is shifted by j × copyShift (within a pass) and the last is thinned to the fraction left. */
export interface CopyPlan {
  readonly phase: number;
  /** Probability of keeping each row (1: all). */
  readonly keep: number;
}

export function copiesOf(spec: ReplaySpec, period: number): CopyPlan[] {
  const n = Math.ceil(spec.rateScale - 1e-12);
  return Array.from({ length: n }, (_, j) => {
    const keep = j < n - 1 ? 1 : spec.rateScale - (n - 1);
    const shift = j * spec.copyShift;
    return { phase: period > 0 ? shift - Math.floor(shift / period) * period : 0, keep: keep >= 1 - 1e-12 ? 1 : keep };
  });
}

/**
 * Arrivals a replay makes over a run of `duration` seconds (for the bound on a run's expected
 * work): the window's rows × rateScale, times the passes that fit — as many as the run allows
 * when looped, else at most one.
 */
export function replayArrivals(spec: Pick<ReplaySpec, "start" | "speedup" | "rateScale" | "loop">, scan: Pick<TraceScan, "rows" | "period">, duration: number): number {
  const replayed = Math.max(0, duration - spec.start) * spec.speedup;
  const fit = scan.period > 0 ? replayed / scan.period : replayed > 0 ? 1 : 0;
  return scan.rows * spec.rateScale * (spec.loop ? fit : Math.min(1, fit));
}
