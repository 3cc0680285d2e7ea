import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { bisect, cruiseOf, cruiseTime, iterationsBy } from "./cruise.js";
import type { Cruise } from "./cruise.js";
import { llmTestPerfs } from "../../../../test/support/llm-perfs.js";

test.prop(
  [
    fc.constantFrom(0, 1),
    fc.integer({ min: 1, max: 256 }),
    fc.integer({ min: 1, max: 2_000_000 }),
    fc.integer({ min: 0, max: 5000 }),
    fc.oneof(fc.double({ min: 0, max: 1.2, noNaN: true }), fc.integer({ min: 0, max: 5000 })),
  ],
  { numRuns: 2000 },
)("the bracketed search finds the same iteration as bisecting the whole cruise", (which, d, c0, n, at) => {
  const c = cruiseOf(llmTestPerfs[which]!.decodeLine(d), d, c0);
  // Elapsed times anywhere in the cruise, exactly at its boundaries included.
  const elapsed = Number.isInteger(at) ? cruiseTime(c, Math.min(at, n)) : at * cruiseTime(c, n);
  expect(iterationsBy(c, elapsed, n)).toBe(bisect(c, elapsed, 0, n));
});

/** cruiseTime as it finds the lines' crossing for each k: the oracle for the crossing found once per cruise. */
function cruiseTimePerK(c: Cruise, k: number): number {
  if (k <= 0) return 0;
  const series = (a: number, b: number, lo: number, hi: number) => (hi - lo) * a + (b * (hi - lo) * (lo + hi - 1)) / 2;
  const firstIsMax = c.a1 >= c.a2;
  let split = k;
  if (c.b1 !== c.b2) {
    const cross = (c.a2 - c.a1) / (c.b1 - c.b2);
    if (cross > 0 && cross < k) split = Math.ceil(cross);
    else if (cross <= 0 && (firstIsMax ? c.b1 < c.b2 : c.b2 < c.b1)) split = 0;
  }
  return firstIsMax ? k * c.f + series(c.a1, c.b1, 0, split) + series(c.a2, c.b2, split, k) : k * c.f + series(c.a2, c.b2, 0, split) + series(c.a1, c.b1, split, k);
}

const line = fc.record({
  computeA: fc.double({ min: 0, max: 0.05, noNaN: true }),
  computeB: fc.double({ min: 0, max: 1e-6, noNaN: true }),
  memoryA: fc.double({ min: 0, max: 0.05, noNaN: true }),
  memoryB: fc.double({ min: 0, max: 1e-6, noNaN: true }),
  fixed: fc.double({ min: 0, max: 0.01, noNaN: true }),
});

test.prop(
  [
    fc.oneof(
      fc.constantFrom(0, 1).chain((which) => fc.integer({ min: 1, max: 256 }).map((d) => llmTestPerfs[which]!.decodeLine(d))),
      line,
      // Lines that cross at an integer, or are equal or parallel.
      fc.record({ a: fc.integer({ min: 0, max: 100 }), b1: fc.integer({ min: 0, max: 10 }), b2: fc.integer({ min: 0, max: 10 }), at: fc.integer({ min: -5, max: 50 }) }).map(({ a, b1, b2, at }) => ({
        computeA: a * 1e-6,
        computeB: b1 * 1e-6,
        memoryA: (a + (b1 - b2) * at) * 1e-6,
        memoryB: b2 * 1e-6,
        fixed: 1e-3,
      })),
    ),
    fc.integer({ min: 1, max: 256 }),
    fc.integer({ min: 0, max: 2_000_000 }),
    fc.integer({ min: 0, max: 5000 }),
  ],
  { numRuns: 3000 },
)("cruiseTime with the crossing found once per cruise is cruiseTime with it found for each k", (l, d, c0, k) => {
  const c = cruiseOf(l, d, c0);
  expect(cruiseTime(c, k)).toBe(cruiseTimePerK(c, k));
});
