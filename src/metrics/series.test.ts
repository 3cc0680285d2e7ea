import { describe, expect, expectTypeOf, test } from "vitest";
import { appendRow, appendRowFrom, createSeries, trimmed } from "./series.js";

const makeSeries = (capacity = 4) => createSeries(["queue", "gpuUtil"] as const, 15, capacity);

describe("createSeries", () => {
  test("createSeries allocates one column per name and starts empty", () => {
    const s = makeSeries();
    expect(s.length).toBe(0);
    expect(s.names).toEqual(["queue", "gpuUtil"]);
    expect(Object.keys(s.columns)).toEqual(["queue", "gpuUtil"]);
    expect(s.t.length).toBe(4);
    expect(s.columns.queue.length).toBe(4);
    expectTypeOf(s.columns).toEqualTypeOf<{ readonly queue: Float64Array; readonly gpuUtil: Float64Array }>();
  });

  test("createSeries rejects a bad step, a bad capacity and duplicate columns", () => {
    expect(() => createSeries(["a"], 0, 4)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid series step: 0 (expected a positive number of seconds)]`);
    expect(() => createSeries(["a"], 1, 2.5)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid series capacity: 2.5 (expected a non-negative integer)]`);
    expect(() => createSeries(["a", "b", "a"], 1, 4)).toThrowErrorMatchingInlineSnapshot(`[RangeError: duplicate series column in [a, b, a]]`);
  });
});

describe("appendRow", () => {
  test("appendRow writes the time and every column at the next row", () => {
    const s = makeSeries();
    appendRow(s, 0, { queue: 3, gpuUtil: 0.5 });
    appendRow(s, 15, { queue: 7, gpuUtil: 0.75 });
    expect(s.length).toBe(2);
    expect(Array.from(s.t.subarray(0, 2))).toEqual([0, 15]);
    expect(Array.from(s.columns.queue.subarray(0, 2))).toEqual([3, 7]);
    expect(Array.from(s.columns.gpuUtil.subarray(0, 2))).toEqual([0.5, 0.75]);
  });

  test("appendRowFrom reads each column through the getter", () => {
    const s = makeSeries();
    const seen: string[] = [];
    appendRowFrom(s, 30, (c) => {
      seen.push(c);
      return c === "queue" ? 9 : 0.25;
    });
    expect(seen).toEqual(["queue", "gpuUtil"]);
    expect([s.t[0], s.columns.queue[0], s.columns.gpuUtil[0]]).toEqual([30, 9, 0.25]);
  });

  test("appendRow throws once the capacity is reached and keeps the rows it has", () => {
    const s = makeSeries(2);
    appendRow(s, 0, { queue: 1, gpuUtil: 0 });
    appendRow(s, 15, { queue: 2, gpuUtil: 0 });
    expect(() => appendRow(s, 30, { queue: 3, gpuUtil: 0 })).toThrowErrorMatchingInlineSnapshot(`[RangeError: series is full: 2 rows (row at t=30 dropped)]`);
    expect(() => appendRowFrom(s, 30, () => 3)).toThrow(RangeError);
    expect(s.length).toBe(2);
  });

  test("appendRow rejects a time that does not increase", () => {
    const s = makeSeries();
    appendRow(s, 15, { queue: 1, gpuUtil: 0 });
    expect(() => appendRow(s, 15, { queue: 2, gpuUtil: 0 })).toThrowErrorMatchingInlineSnapshot(`[RangeError: series time must increase: t=15 after t=15]`);
    expect(() => appendRow(s, NaN, { queue: 2, gpuUtil: 0 })).toThrow(/series time must increase/);
    expect(s.length).toBe(1);
  });

  test("a series with no columns still records times", () => {
    const s = createSeries([], 1, 2);
    appendRow(s, 0, {});
    expect(s.length).toBe(1);
  });
});

describe("trimmed", () => {
  test("trimmed copies exactly length rows", () => {
    const s = makeSeries();
    appendRow(s, 0, { queue: 1, gpuUtil: 0.1 });
    appendRow(s, 15, { queue: 2, gpuUtil: 0.2 });
    const out = trimmed(s);
    expect(out.step).toBe(15);
    expect(Array.from(out.t)).toEqual([0, 15]);
    expect(Array.from(out.columns.queue)).toEqual([1, 2]);
    expect(Array.from(out.columns.gpuUtil)).toEqual([0.1, 0.2]);
  });

  test("trimmed puts every array on its own ArrayBuffer, apart from the series", () => {
    const s = makeSeries();
    appendRow(s, 0, { queue: 1, gpuUtil: 0.1 });
    const out = trimmed(s);
    const buffers = [out.t.buffer, out.columns.queue.buffer, out.columns.gpuUtil.buffer];
    expect(new Set(buffers).size).toBe(3);
    for (const b of buffers) {
      expect(b.byteLength).toBe(8);
      expect([s.t.buffer, s.columns.queue.buffer, s.columns.gpuUtil.buffer]).not.toContain(b);
    }
    out.columns.queue[0] = 99;
    expect(s.columns.queue[0]).toBe(1);
  });

  test("trimmed of an empty series has empty arrays", () => {
    const out = trimmed(makeSeries());
    expect([out.t.length, out.columns.queue.length, out.columns.gpuUtil.length]).toEqual([0, 0, 0]);
  });
});
