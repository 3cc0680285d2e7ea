/** A Poisson arrival process at a constant rate, active on [start, end), optionally capped at maxArrivals. */
import type { Stream } from "../engine/index.js";
import { createRequestAttrs } from "./attrs.js";
import type { RequestAttrs } from "./attrs.js";
import type { ArrivalSource } from "./source.js";

export interface PoissonSpec {
  /** Mean arrivals per second (0: none). */
  readonly rate: number;
  readonly start: number;
  readonly end: number;
  readonly maxArrivals: number;
}

export function createPoisson(spec: PoissonSpec, stream: Stream): ArrivalSource {
  return new PoissonSource(spec, stream);
}

/** A class rather than a closure, so that every run in a process shares one optimised `advance`. */
class PoissonSource implements ArrivalSource {
  readonly attrs: RequestAttrs = createRequestAttrs();
  private readonly mean: number;
  // The spec's fields, copied: reading them from the spec (an object literal built anew for each
  // run) would tie the optimised code to that literal's shape, which V8 changes as it builds the next.
  private readonly rate: number;
  private readonly end: number;
  private readonly maxArrivals: number;
  private emitted = 0;
  /** The first arrival comes after `start`; later ones after the previous (−Infinity: no bound). */
  private notBefore: number;

  constructor(
    spec: PoissonSpec,
    private readonly stream: Stream,
  ) {
    this.mean = 1 / spec.rate;
    this.rate = spec.rate;
    this.end = spec.end;
    this.maxArrivals = spec.maxArrivals;
    this.notBefore = spec.start;
  }

  advance(now: number): number {
    if (this.rate <= 0 || this.emitted >= this.maxArrivals) return Infinity;
    // Without a branch that only the first call takes: code optimised in one run would be thrown
    // away at the first arrival of the next, which takes the branch it never saw.
    const from = Math.max(now, this.notBefore);
    this.notBefore = -Infinity;
    const t = from + this.stream.exponential(this.mean);
    if (t >= this.end) return Infinity;
    this.emitted++;
    return t;
  }
}
