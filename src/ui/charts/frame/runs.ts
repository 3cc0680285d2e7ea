/** The runs a chart draws: the current run, and optionally a baseline overlaid fainter (comparison). */
import type { Results } from "../../../../workers/protocol.js";
import type { Dash } from "./spec.js";

export interface ChartRun {
  readonly results: Results;
  /** Short name shown in legends when two runs are overlaid ("A", "B"). */
  readonly label: string;
}

/** Legend label of a series: with two runs, the run's name goes in front. */
export const seriesLabel = (runs: readonly ChartRun[], r: number, text: string): string => (runs.length > 1 ? `${runs[r]!.label}: ${text}` : text);

/** The second run is drawn fainter; its dashes are the first run's. */
export const isFaint = (r: number): boolean => r > 0;

/** Per-step rate of a cumulative counter: (c[k] − c[k−1]) ÷ (t[k] − t[k−1]), from 0 at time 0. */
export function ratePerSecond(t: Float64Array, cumulative: Float64Array): Float64Array {
  const out = new Float64Array(t.length);
  let prevT = 0;
  let prevC = 0;
  for (let k = 0; k < t.length; k++) {
    const dt = t[k]! - prevT;
    out[k] = dt > 0 ? (cumulative[k]! - prevC) / dt : Number.NaN;
    prevT = t[k]!;
    prevC = cumulative[k]!;
  }
  return out;
}

/** A dash for the k-th role of a chart (offered/served, p50/p99, desired/current/ready). */
export const roleDash = (k: number): Dash => (["solid", "dash", "dot", "dashdot"] as const)[k % 4]!;
