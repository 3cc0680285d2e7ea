/** A Poisson arrival process at a constant rate, active on [start, end), optionally capped at maxArrivals. */
import type { Stream } from "../engine/index.js";
import { createRequestAttrs } from "./attrs.js";
import type { ArrivalSource } from "./source.js";

export interface PoissonSpec {
  /** Mean arrivals per second (0: none). */
  readonly rate: number;
  readonly start: number;
  readonly end: number;
  readonly maxArrivals: number;
}

export function createPoisson(spec: PoissonSpec, stream: Stream): ArrivalSource {
  const mean = 1 / spec.rate;
  let emitted = 0;
  let started = false;
  return {
    attrs: createRequestAttrs(),
    advance(now) {
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
