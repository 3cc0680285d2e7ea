import { describe, expect, test } from "vitest";
import { createStreams } from "../../engine/index.js";
import { boundedSource, thinnedProcess } from "./process.js";

const stream = createStreams("t");

describe("boundedSource", () => {
  test("starts after start, stops before end and after maxArrivals, and fills attributes per arrival", () => {
    let next = 0;
    const process = { next: (after: number) => (next = after + 1) };
    let filled = 0;
    const src = boundedSource(process, { start: 10, end: 15, maxArrivals: 3 }, (a) => (a.inputTokens = ++filled));
    expect([src.advance(0), src.attrs.inputTokens, src.advance(11), src.advance(12), src.advance(13)]).toEqual([11, 1, 12, 13, Infinity]);
    const ended = boundedSource(process, { start: 0, end: 2.5, maxArrivals: Infinity });
    expect([ended.advance(0), ended.advance(1), ended.advance(2)]).toEqual([1, 2, Infinity]);
    expect(next).toBe(3);
  });
});

describe("thinnedProcess", () => {
  test("a constant rate under a looser bound is still Poisson at that rate: count within 4 sd", () => {
    const p = thinnedProcess(() => 2, () => ({ max: 5, until: Infinity }), stream("thin/a"));
    let n = 0;
    for (let t = p.next(0); t < 10_000; t = p.next(t)) n++;
    expect(Math.abs(n - 20_000)).toBeLessThan(4 * Math.sqrt(20_000));
  });

  test("a zero rate with no later segment ends the process", () => {
    expect(thinnedProcess(() => 0, () => ({ max: 0, until: Infinity }), stream("thin/b")).next(0)).toBe(Infinity);
  });
});
