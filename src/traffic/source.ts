import type { RequestAttrs } from "./attrs.js";

/**
 * An arrival source. `advance(now)` prepares the next arrival after `now` and returns its time
 * (Infinity when the source is exhausted); until the next call, `attrs` describes that arrival.
 */
export interface ArrivalSource {
  advance(now: number): number;
  readonly attrs: RequestAttrs;
}
