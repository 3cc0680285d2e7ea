/**
 * Closed forms for a run of decode-only iterations (DESIGN §3, event skipping). Iteration j of a
 * batch of D sequences with total context C0 + j·D takes max(a1 + b1·j, a2 + b2·j) + f, so the
 * time of k iterations is a sum of at most two arithmetic series.
 */
import type { DecodeLine } from "../../perf/llm.js";

export interface Cruise {
  a1: number;
  b1: number;
  a2: number;
  b2: number;
  f: number;
  /** Whether the first line is the larger at j = 0. */
  firstIsMax: boolean;
  /** Where the larger line changes: cruiseTime(k) splits its range at min(k, split) (Infinity: never). */
  split: number;
}

export const createCruise = (): Cruise => ({ a1: 0, b1: 0, a2: 0, b2: 0, f: 0, firstIsMax: true, split: Infinity });

/** Sets `out` to the cruise of a batch of `d` decoding sequences whose contexts sum to `c0` at its first iteration (no allocation: one per pod). */
export function cruiseOf(line: DecodeLine, d: number, c0: number, out: Cruise = createCruise()): Cruise {
  out.a1 = line.computeA + line.computeB * c0;
  out.b1 = line.computeB * d;
  out.a2 = line.memoryA + line.memoryB * c0;
  out.b2 = line.memoryB * d;
  out.f = line.fixed;
  // The two lines cross at most once: the range of any k splits there. With x the crossing,
  // min(k, ⌈x⌉) is ⌈x⌉ exactly when 0 < x < k, else k.
  const firstIsMax = out.a1 >= out.a2;
  let split = Infinity;
  if (out.b1 !== out.b2) {
    const cross = (out.a2 - out.a1) / (out.b1 - out.b2);
    if (cross > 0) split = Math.ceil(cross);
    else if (cross <= 0 && (firstIsMax ? out.b1 < out.b2 : out.b2 < out.b1)) split = 0;
  }
  out.firstIsMax = firstIsMax;
  out.split = split;
  return out;
}

/** Σ_{j=lo}^{hi−1} (a + b·j). */
const series = (a: number, b: number, lo: number, hi: number): number => (hi - lo) * a + (b * (hi - lo) * (lo + hi - 1)) / 2;

/** Time of the first k iterations of the cruise. */
export function cruiseTime(c: Cruise, k: number): number {
  if (k <= 0) return 0;
  const split = Math.min(k, c.split);
  return c.firstIsMax ? k * c.f + series(c.a1, c.b1, 0, split) + series(c.a2, c.b2, split, k) : k * c.f + series(c.a2, c.b2, 0, split) + series(c.a1, c.b1, split, k);
}

/** The smallest k in [0, n] with cruiseTime(k) ≥ elapsed (n when none is). */
export function iterationsBy(c: Cruise, elapsed: number, n: number): number {
  // Iteration j takes t(j) = max(a1 + b1·j, a2 + b2·j) + f, which never falls: k iterations take
  // between k·t(0) and k·t(k − 1). That brackets the answer within a few iterations; each bound is
  // checked before use, so the bisection finds the same k as over [0, n].
  let lo = 0;
  let hi = n;
  const first = Math.max(c.a1, c.a2) + c.f;
  if (first > 0 && elapsed > 0) {
    const upper = Math.ceil(elapsed / first);
    if (upper < hi && cruiseTime(c, upper) >= elapsed) {
      // Iterations barely slow down within a cruise: most often the answer is this bound itself.
      if (upper === 1 || cruiseTime(c, upper - 1) < elapsed) return upper;
      hi = upper - 1;
    }
    const slowest = Math.max(c.a1 + c.b1 * (hi - 1), c.a2 + c.b2 * (hi - 1)) + c.f;
    const lower = Math.floor(elapsed / slowest) - 1;
    if (lower > 0 && lower < hi && cruiseTime(c, lower) < elapsed) lo = lower + 1;
  }
  return bisect(c, elapsed, lo, hi);
}

/** The smallest k in [lo, hi] with cruiseTime(k) ≥ elapsed (hi when none is). */
export function bisect(c: Cruise, elapsed: number, lo: number, hi: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cruiseTime(c, mid) >= elapsed) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
