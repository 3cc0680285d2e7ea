/**
 * Closed forms for a run of decode-only iterations (DESIGN §3, event skipping). Iteration j of a
 * batch of D sequences with total context C0 + j·D takes max(a1 + b1·j, a2 + b2·j) + f, so the
 * time of k iterations is a sum of at most two arithmetic series.
 */
import type { DecodeLine } from "../perf/llm.js";

export interface Cruise {
  readonly a1: number;
  readonly b1: number;
  readonly a2: number;
  readonly b2: number;
  readonly f: number;
}

/** The cruise of a batch of `d` decoding sequences whose contexts sum to `c0` at its first iteration. */
export function cruiseOf(line: DecodeLine, d: number, c0: number): Cruise {
  return { a1: line.computeA + line.computeB * c0, b1: line.computeB * d, a2: line.memoryA + line.memoryB * c0, b2: line.memoryB * d, f: line.fixed };
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
  const [aX, bX, aY, bY] = firstIsMax ? [c.a1, c.b1, c.a2, c.b2] : [c.a2, c.b2, c.a1, c.b1];
  return k * c.f + series(aX, bX, 0, split) + series(aY, bY, split, k);
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
