import { describe, expect, test } from "vitest";
import { createStreams, fromWords, highWord, log } from "../engine/index.js";
import {
  bucketIndex,
  bucketValue,
  createHistogram,
  createLayout,
  DEFAULT_LAYOUT,
  mean,
  merge,
  quantile,
  record,
  recordAt,
  reset,
} from "./histogram.js";
import { fromJSON, toJSON } from "./histogram-json.js";
import type { HistogramJson } from "./histogram-json.js";

const fill = (values: readonly number[], layout = DEFAULT_LAYOUT) => {
  const h = createHistogram(layout);
  for (const v of values) record(h, v);
  return h;
};

describe("layout", () => {
  test("DEFAULT_LAYOUT has 0.5% accuracy over [1e-6, 1e7] seconds", () => {
    expect(DEFAULT_LAYOUT).toMatchObject({ relativeAccuracy: 0.005, minValue: 1e-6, maxValue: 1e7, bucketCount: 2994 });
    expect(DEFAULT_LAYOUT.gamma).toBeCloseTo(1.005 / 0.995, 15);
  });

  test("createLayout rejects an accuracy outside (0, 1), an empty range and too many buckets", () => {
    expect(() => createLayout({ relativeAccuracy: 1, minValue: 1, maxValue: 2 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: invalid relativeAccuracy: 1 (expected 0 < α < 1)]`,
    );
    expect(() => createLayout({ relativeAccuracy: 0.01, minValue: 0, maxValue: 2 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: invalid value range: [0, 2] (expected 0 < minValue < maxValue < Infinity)]`,
    );
    expect(() => createLayout({ relativeAccuracy: 1e-9, minValue: 1e-6, maxValue: 1e7 })).toThrow(/^too many histogram buckets: \d+ \(expected at most 1048576/);
  });
});

describe("bucketIndex", () => {
  test("bucketIndex sends values below minValue, 0 and negatives to underflow (-1)", () => {
    expect([0, -1, 9.99e-7].map((v) => bucketIndex(DEFAULT_LAYOUT, v))).toEqual([-1, -1, -1]);
  });

  test("bucketIndex puts minValue in the first slot and anything above maxValue in the last", () => {
    const last = DEFAULT_LAYOUT.bucketCount - 1;
    expect(bucketIndex(DEFAULT_LAYOUT, 1e-6)).toBe(0);
    expect(bucketIndex(DEFAULT_LAYOUT, 1e7)).toBe(last);
    expect(bucketIndex(DEFAULT_LAYOUT, 1e12)).toBe(last);
  });

  test("bucketIndex is non-decreasing in the value", () => {
    let previous = -1;
    for (let v = 1e-6; v < 1e7; v *= 1.0007) {
      const i = bucketIndex(DEFAULT_LAYOUT, v);
      expect(i).toBeGreaterThanOrEqual(previous);
      previous = i;
    }
  });

  test("bucketIndex keeps values a few ulps either side of every bucket edge within the α bound", () => {
    const { gamma, keyOffset, bucketCount, relativeAccuracy } = DEFAULT_LAYOUT;
    let worst = 0;
    for (let k = keyOffset; k < keyOffset + bucketCount; k++) {
      for (let j = -8; j <= 8; j++) {
        const v = Math.pow(gamma, k) * (1 + j * Number.EPSILON);
        if (v < 1e-6 || v > 1e7) continue;
        worst = Math.max(worst, Math.abs(bucketValue(DEFAULT_LAYOUT, bucketIndex(DEFAULT_LAYOUT, v)) - v) / v);
      }
    }
    expect(worst).toBeLessThanOrEqual(relativeAccuracy + 1e-12);
  });

  test("bucketIndex gives the formula's index, ceil(ln v / ln γ) − keyOffset, at both edges of every slice of its lookup table and at random values", () => {
    const layouts = [DEFAULT_LAYOUT, createLayout({ relativeAccuracy: 0.02, minValue: 3e-4, maxValue: 5e3 })];
    for (const layout of layouts) {
      const formula = (v: number) => Math.ceil(log(v) * layout.invLogGamma) - layout.keyOffset;
      let checked = 0;
      const wrong: string[] = [];
      const check = (v: number) => {
        if (v < layout.minValue || v > layout.maxValue) return;
        const i = bucketIndex(layout, v);
        if (i !== formula(v)) wrong.push(`${v}: ${i}, expected ${formula(v)}`);
        checked++;
      };
      // Each slice is 2^41 doubles: its first and last doubles, their neighbours, and a value inside.
      const first = highWord(layout.minValue) >>> 9;
      const last = highWord(layout.maxValue) >>> 9;
      for (let slice = first; slice <= last; slice++) {
        const high = slice << 9;
        for (const v of [fromWords(high, 0), fromWords(high, 1), fromWords(high | 0x1ff, 0xffffffff), fromWords(high | 0x1ff, 0xfffffffe), fromWords(high | 0x100, 12345)]) check(v);
      }
      const stream = createStreams(1)("test/values");
      for (let i = 0; i < 100_000; i++) check(layout.minValue * (layout.maxValue / layout.minValue) ** stream.float());
      expect(wrong.slice(0, 5)).toEqual([]);
      expect(checked).toBeGreaterThan(100_000);
    }
  });

  test("an index computed once records the same value into two histograms", () => {
    const a = createHistogram();
    const b = createHistogram();
    const i = bucketIndex(DEFAULT_LAYOUT, 0.25);
    recordAt(a, i, 0.25);
    recordAt(b, i, 0.25);
    expect(a).toEqual(b);
    expect(a.counts[i]).toBe(1);
  });

  test("recordAt rejects an index that bucketIndex cannot produce, and so NaN and infinite values", () => {
    const h = createHistogram();
    expect(() => recordAt(h, 5000, 1)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid bucket index: 5000 for value 1 (expected -1 to 2993)]`);
    expect(() => record(h, NaN)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid bucket index: NaN for value NaN (expected -1 to 2993)]`);
    expect(() => record(h, -Infinity)).toThrow(RangeError);
    expect(() => record(h, Infinity)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid bucket index: NaN for value Infinity (expected -1 to 2993)]`);
    expect(h.count).toBe(0);
  });
});

describe("quantile and mean", () => {
  test("an empty histogram has NaN quantiles and mean", () => {
    const h = createHistogram();
    expect(quantile(h, 0.5)).toBeNaN();
    expect(mean(h)).toBeNaN();
  });

  test("quantile rejects q outside [0, 1]", () => {
    expect(() => quantile(createHistogram(), 1.5)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid quantile: 1.5 (expected 0 ≤ q ≤ 1)]`);
    expect(() => quantile(createHistogram(), NaN)).toThrow(RangeError);
  });

  test("quantile(0) is min and quantile(1) is max, exactly", () => {
    const h = fill([0.1234567, 3.3, 0.5, 42.4242]);
    expect(quantile(h, 0)).toBe(0.1234567);
    expect(quantile(h, 1)).toBe(42.4242);
  });

  test("quantile of a single value is that value", () => {
    const h = fill([0.777]);
    expect([0, 0.5, 0.99, 1].map((q) => quantile(h, q))).toEqual([0.777, 0.777, 0.777, 0.777]);
  });

  test("quantile picks the element of rank floor(q·(n−1))", () => {
    const h = fill([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(quantile(h, 0.5)).toBeCloseTo(5, 1);
    expect(quantile(h, 0.9)).toBeCloseTo(9, 1);
    expect(quantile(h, 0.95)).toBeCloseTo(9, 1);
  });

  test("quantile returns min for ranks that fall in the underflow", () => {
    const h = fill([0, 0, 0, 1e-9, 2, 3]);
    expect(h.underflow).toBe(4);
    expect(quantile(h, 0.5)).toBe(0);
    expect(quantile(h, 0.8)).toBeCloseTo(2, 1);
  });

  test("values above maxValue are clamped into the last bucket but max stays exact", () => {
    const h = fill([1, 1e9, 2e9]);
    expect(h.counts[DEFAULT_LAYOUT.bucketCount - 1]).toBe(2);
    expect(quantile(h, 1)).toBe(2e9);
  });

  test("mean is exactly sum / count, underflow included", () => {
    const h = fill([0, 0.1, 0.2, 0.3]);
    expect(mean(h)).toBe((0 + 0.1 + 0.2 + 0.3) / 4);
  });
});

describe("merge and reset", () => {
  test("merge rejects histograms with different layouts", () => {
    const other = createHistogram(createLayout({ relativeAccuracy: 0.01, minValue: 1e-6, maxValue: 1e7 }));
    expect(() => merge(createHistogram(), other)).toThrowErrorMatchingInlineSnapshot(
      `[Error: cannot merge histograms with different layouts: { relativeAccuracy: 0.005, minValue: 0.000001, maxValue: 10000000 } and { relativeAccuracy: 0.01, minValue: 0.000001, maxValue: 10000000 }]`,
    );
  });

  test("merge accepts an equal layout built separately", () => {
    const layout = createLayout({ relativeAccuracy: 0.005, minValue: 1e-6, maxValue: 1e7 });
    const into = fill([1]);
    merge(into, fill([2, 0], layout));
    expect([into.count, into.underflow, into.min, into.max, into.sum]).toEqual([3, 1, 0, 2, 3]);
  });

  test("merging an empty histogram changes nothing", () => {
    const h = fill([0.5, 2]);
    const before = toJSON(h);
    merge(h, createHistogram());
    expect(toJSON(h)).toEqual(before);
  });

  test("reset empties a histogram in place", () => {
    const h = fill([0, 0.5, 2e9]);
    reset(h);
    expect(h).toEqual(createHistogram());
  });
});

describe("JSON", () => {
  test("toJSON trims empty buckets and emits plain JSON", () => {
    const json = toJSON(fill([0, 1, 1, 1.02]));
    expect(json).toMatchInlineSnapshot(`
      {
        "count": 4,
        "counts": [
          2,
          0,
          1,
        ],
        "max": 1.02,
        "maxValue": 10000000,
        "min": 0,
        "minValue": 0.000001,
        "offset": 1381,
        "relativeAccuracy": 0.005,
        "sum": 3.02,
        "underflow": 1,
      }
    `);
    expect(Array.isArray(json.counts)).toBe(true);
  });

  test("an empty histogram serialises with null min and max and round-trips", () => {
    const json = toJSON(createHistogram());
    expect(json).toMatchObject({ count: 0, min: null, max: null, offset: 0, counts: [] });
    expect(fromJSON(JSON.parse(JSON.stringify(json)) as HistogramJson)).toEqual(createHistogram());
  });

  test("fromJSON rejects counts that do not add up or do not fit", () => {
    const json = toJSON(fill([1, 2]));
    expect(() => fromJSON({ ...json, count: 3 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: invalid histogram count: 3 (buckets and underflow add up to 2)]`,
    );
    expect(() => fromJSON({ ...json, offset: 2994 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: invalid histogram buckets: offset 2994 with 71 counts (expected to fit in 2994)]`,
    );
    expect(() => fromJSON({ ...json, counts: [1.5] })).toThrow(/invalid histogram count at slot/);
    expect(() => fromJSON({ ...json, min: null })).toThrow(/expected null exactly when count is 0/);
  });

  test("fromJSON rejects a count outside the slots of min and max (quantiles read only those)", () => {
    const json = toJSON(fill([1, 2]));
    expect(() => fromJSON({ ...json, min: 1.5 })).toThrow(/invalid histogram: a count at slot 1381, outside the slots of min 1.5 and max 2 \(1422 to 1451\)/);
    expect(() => fromJSON({ ...json, max: 1.5 })).toThrow(/outside the slots of min 1 and max 1.5/);
  });
});
