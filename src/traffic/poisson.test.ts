import { describe, expect, test } from "vitest";
import { createStreams } from "../engine/index.js";
import { createPoisson } from "./poisson.js";

describe("createPoisson", () => {
  test("the first arrival comes after start, each later one after the previous, with the stream's exponential gaps", () => {
    const spec = { rate: 2, start: 10, end: Infinity, maxArrivals: Infinity };
    const src = createPoisson(spec, createStreams("p")("traffic/a"));
    const gaps = createStreams("p")("traffic/a");
    const first = src.advance(0);
    expect(first).toBe(10 + gaps.exponential(0.5));
    // Later arrivals follow `now` (the previous arrival), not the start.
    const second = src.advance(first);
    expect(second).toBe(first + gaps.exponential(0.5));
    expect(src.advance(second)).toBe(second + gaps.exponential(0.5));
  });

  test("a start before now does not hold the first arrival back", () => {
    const src = createPoisson({ rate: 1, start: 0, end: Infinity, maxArrivals: Infinity }, createStreams("p")("traffic/b"));
    expect(src.advance(5)).toBe(5 + createStreams("p")("traffic/b").exponential(1));
  });

  test("stops after maxArrivals and at end, and a zero rate never arrives", () => {
    const capped = createPoisson({ rate: 10, start: 0, end: Infinity, maxArrivals: 3 }, createStreams("p")("traffic/c"));
    const times: number[] = [];
    for (let t = capped.advance(0); t !== Infinity; t = capped.advance(t)) times.push(t);
    expect(times).toHaveLength(3);
    const ended = createPoisson({ rate: 10, start: 0, end: 2, maxArrivals: Infinity }, createStreams("p")("traffic/d"));
    let n = 0;
    for (let t = ended.advance(0); t !== Infinity; t = ended.advance(t)) {
      expect(t).toBeLessThan(2);
      n++;
    }
    expect(Math.abs(n - 20)).toBeLessThan(4 * Math.sqrt(20));
    expect(createPoisson({ rate: 0, start: 0, end: Infinity, maxArrivals: Infinity }, createStreams("p")("traffic/e")).advance(0)).toBe(Infinity);
  });
});
