/**
 * A rate profile given by knots (t_i, r_i): held between knots (step) or interpolated linearly,
 * the first rate before the first knot and the last after the last. Step changes, flash crowds
 * and rate CSVs are all profiles, sampled exactly by thinning under each segment's own maximum.
 */
import type { Stream } from "../../engine/index.js";
import { thinnedProcess } from "./process.js";
import type { ArrivalProcess } from "./process.js";

export interface RateProfile {
  /** Knot times, non-decreasing (a repeated time is a jump in a linear profile). */
  readonly times: readonly number[];
  readonly rates: readonly number[];
  readonly interpolation: "step" | "linear";
}

/** Index of the last knot at or before t (−1 before the first). */
function segmentAt(p: RateProfile, t: number): number {
  let lo = 0;
  let hi = p.times.length - 1;
  if (t < p.times[0]!) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (p.times[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function profileRate(p: RateProfile, t: number): number {
  const i = segmentAt(p, t);
  if (i < 0) return p.rates[0]!;
  if (i === p.times.length - 1 || p.interpolation === "step") return p.rates[i]!;
  const t0 = p.times[i]!;
  const t1 = p.times[i + 1]!;
  return p.rates[i]! + ((p.rates[i + 1]! - p.rates[i]!) * (t - t0)) / (t1 - t0);
}

/** The largest rate on the segment holding t, and where that segment ends. */
function bound(p: RateProfile, t: number): { max: number; until: number } {
  const i = segmentAt(p, t);
  const n = p.times.length;
  if (i < 0) return { max: p.rates[0]!, until: p.times[0]! };
  if (i === n - 1) return { max: p.rates[i]!, until: Infinity };
  const max = p.interpolation === "step" ? p.rates[i]! : Math.max(p.rates[i]!, p.rates[i + 1]!);
  return { max, until: p.times[i + 1]! };
}

export function createProfileProcess(p: RateProfile, stream: Stream): ArrivalProcess {
  if (p.times.length === 0 || p.times.length !== p.rates.length) throw new Error("a rate profile needs as many rates as times, at least one");
  return thinnedProcess((t) => profileRate(p, t), (t) => bound(p, t), stream);
}

/** A step from `before` to `after` at time `at`. */
export const stepProfile = (before: number, after: number, at: number): RateProfile => ({ times: [at, at], rates: [before, after], interpolation: "step" });

/** Base rate; from `at`, a linear ramp to `peak` over rampUp, held for `hold`, then a linear decay back to base over `decay`. */
export function flashCrowdProfile(s: { base: number; peak: number; at: number; rampUp: number; hold: number; decay: number }): RateProfile {
  const top = s.at + s.rampUp;
  const down = top + s.hold;
  return { times: [s.at, top, down, down + s.decay], rates: [s.base, s.peak, s.peak, s.base], interpolation: "linear" };
}
