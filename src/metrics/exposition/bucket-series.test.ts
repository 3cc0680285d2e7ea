import { describe, expect, test } from "vitest";
import { createBucketSeries } from "./bucket-series.js";

describe("createBucketSeries", () => {
  test("a value equal to a bound counts in that bound's bucket, as Prometheus' le does", () => {
    const h = createBucketSeries([0.1, 0.5, 1], 2);
    for (const v of [0.1, 0.5, 0.50001, 2]) h.observe(v);
    h.sample();
    const d = h.data();
    expect(Array.from(d.buckets)).toEqual([1, 2, 3, 4]);
    expect(Array.from(d.count)).toEqual([4]);
    expect(d.sum[0]).toBeCloseTo(3.10001, 9);
  });

  test("each sample appends the cumulative counts so far, earlier rows unchanged", () => {
    const h = createBucketSeries([1, 2], 3);
    h.observe(0.5);
    h.sample();
    h.sample();
    h.observe(1.5);
    h.observe(9);
    h.sample();
    const d = h.data();
    expect(d.rows).toBe(3);
    expect(Array.from(d.buckets)).toEqual([1, 1, 1, 1, 1, 1, 1, 2, 3]);
    expect(Array.from(d.count)).toEqual([1, 1, 3]);
    expect(Array.from(d.sum)).toEqual([0.5, 0.5, 11]);
  });

  test("bad bounds, a bad capacity, NaN and a row past the capacity are refused", () => {
    expect(() => createBucketSeries([], 1)).toThrow("invalid histogram bounds");
    expect(() => createBucketSeries([1, 1], 1)).toThrow("strictly increasing");
    expect(() => createBucketSeries([1, Infinity], 1)).toThrow("invalid histogram bounds");
    expect(() => createBucketSeries([1], -1)).toThrow("invalid capacity");
    const h = createBucketSeries([1], 1);
    expect(() => h.observe(NaN)).toThrow("cannot observe NaN");
    h.sample();
    expect(() => h.sample()).toThrow("histogram series is full: 1 rows");
  });
});
