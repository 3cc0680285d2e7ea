import type { Stream } from "../../engine/index.js";
import { createRequestAttrs } from "../attrs.js";
import type { RequestAttrs } from "../attrs.js";
import type { ArrivalSource } from "../source.js";

/**
 * A point process in simulated time: `next(after, horizon)` returns the first arrival after
 * `after`, or Infinity when there is none before `horizon` (so that a process whose rate is
 * nearly zero never spins looking for one).
 */
export interface ArrivalProcess {
  next(after: number, horizon?: number): number;
}

export interface Bounds {
  readonly start: number;
  readonly end: number;
  readonly maxArrivals: number;
}

/** Fills the token attributes of an arrival (no-op for classic requests). */
export type AttrsFiller = (attrs: RequestAttrs) => void;

/** An arrival source from a process, active on [start, end), capped at maxArrivals, filling each arrival's attributes. */
export function boundedSource(process: ArrivalProcess, b: Bounds, fill?: AttrsFiller): ArrivalSource {
  const attrs = createRequestAttrs();
  let emitted = 0;
  let started = false;
  return {
    attrs,
    advance(now) {
      if (emitted >= b.maxArrivals) return Infinity;
      const from = started ? now : Math.max(now, b.start);
      started = true;
      const t = process.next(from, b.end);
      if (t >= b.end) return Infinity;
      emitted++;
      fill?.(attrs);
      return t;
    },
  };
}

/** Adds attribute filling to a source (the Poisson source keeps its own draws untouched). */
export function withAttrs(source: ArrivalSource, fill: AttrsFiller): ArrivalSource {
  return {
    attrs: source.attrs,
    advance(now) {
      const t = source.advance(now);
      if (t !== Infinity) fill(source.attrs);
      return t;
    },
  };
}

/**
 * A non-homogeneous Poisson process by thinning (Lewis and Shedler 1979): candidates at the
 * local bound `max` on [t, until), each kept with probability rate(t) / max. When a candidate
 * passes `until`, sampling restarts there with the next bound (exact: the process is memoryless).
 */
export function thinnedProcess(rateAt: (t: number) => number, bound: (t: number) => { readonly max: number; readonly until: number }, stream: Stream): ArrivalProcess {
  return {
    next(after, horizon = Infinity) {
      let t = after;
      for (;;) {
        if (t >= horizon) return Infinity;
        const { max, until } = bound(t);
        if (!(max > 0)) {
          if (until === Infinity) return Infinity;
          t = until;
          continue;
        }
        const c = t + stream.exponential(1 / max);
        if (c >= until) {
          t = until;
          continue;
        }
        t = c;
        if (stream.float() * max < rateAt(t)) return t;
      }
    },
  };
}
