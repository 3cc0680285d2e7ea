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
}

export const createCruise = (): Cruise => ({ a1: 0, b1: 0, a2: 0, b2: 0, f: 0 });

/** Sets `out` to the cruise of a batch of `d` decoding sequences whose contexts sum to `c0` at its first iteration (no allocation: one per pod). */
export function cruiseOf(line: DecodeLine, d: number, c0: number, out: Cruise = createCruise()): Cruise {
  out.a1 = line.computeA + line.computeB * c0;
  out.b1 = line.computeB * d;
  out.a2 = line.memoryA + line.memoryB * c0;
  out.b2 = line.memoryB * d;
  out.f = line.fixed;
  return out;
}

/** Σ_{j=lo}^{hi−1} (a + b·j). */
const series = (a: number, b: number, lo: number, hi: number): number => (hi - lo) * a + (b * (hi - lo) * (lo + hi - 1)) / 2;

/** Time of the first k iterations of the cruise. */
export function cruiseTime(c: Cruise, k: number): number {
  if (k <= 0) return 0;
  // The two lines cross at most once; split the range there.
  const firstIsMax = c.a1 >= c.a2;
  let split = k;
  if (c.b1 !== c.b2) {
    const cross = (c.a2 - c.a1) / (c.b1 - c.b2);
    if (cross > 0 && cross < k) split = Math.ceil(cross);
    else if (cross <= 0 && (firstIsMax ? c.b1 < c.b2 : c.b2 < c.b1)) split = 0;
  }
  return firstIsMax ? k * c.f + series(c.a1, c.b1, 0, split) + series(c.a2, c.b2, split, k) : k * c.f + series(c.a2, c.b2, 0, split) + series(c.a1, c.b1, split, k);
}

/** The smallest k in [0, n] with cruiseTime(k) ≥ elapsed (n when none is). */
export function iterationsBy(c: Cruise, elapsed: number, n: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cruiseTime(c, mid) >= elapsed) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
