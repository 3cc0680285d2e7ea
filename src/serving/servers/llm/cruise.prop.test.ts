import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { bisect, cruiseOf, cruiseTime, iterationsBy } from "./cruise.js";
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
