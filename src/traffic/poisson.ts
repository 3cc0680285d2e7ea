/** A Poisson arrival process at a constant rate, active on [start, end), optionally capped at maxArrivals. */
import type { Stream } from "../engine/index.js";

export interface PoissonSpec {
  /** Mean arrivals per second (0: none). */
  readonly rate: number;
  readonly start: number;
  readonly end: number;
  readonly maxArrivals: number;
}

export interface ArrivalProcess {
  /** Time of the next arrival after one at `now` (the first when called before any), or Infinity. */
  next(now: number): number;
}

export function createPoisson(spec: PoissonSpec, stream: Stream): ArrivalProcess {
  const mean = 1 / spec.rate;
  let emitted = 0;
  let started = false;
  return {
    next(now) {
      if (spec.rate <= 0 || emitted >= spec.maxArrivals) return Infinity;
      const from = started ? now : Math.max(now, spec.start);
      started = true;
      const t = from + stream.exponential(mean);
      if (t >= spec.end) return Infinity;
      emitted++;
      return t;
    },
  };
}
