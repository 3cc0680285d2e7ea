import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { bucketIndex, bucketValue, createHistogram, createLayout, DEFAULT_LAYOUT, merge, quantile, record, reset } from "./histogram.js";
import type { HistogramLayout } from "./histogram.js";
import { fromJSON, toJSON } from "./histogram-json.js";
import type { HistogramJson } from "./histogram-json.js";

const LO = 1e-6;
const HI = 1e6;
/** Slack for float rounding on top of α: a value within a few ulps of a bucket edge may land either side. */
const FLOAT_SLACK = 1e-12;
const clamp = (v: number): number => Math.min(HI, Math.max(LO, v));

/** Positive values in [LO, HI] drawn from several shapes, including values from 1 ulp to 1e-6 away from bucket edges. */
const arbValue = (layout: HistogramLayout): fc.Arbitrary<number> => {
  const key = (v: number): number => Math.ceil(Math.log(v) / layout.logGamma);
  return fc.oneof(
    fc.double({ min: LO, max: HI, noNaN: true }),
    fc.double({ min: Math.log(LO), max: Math.log(HI), noNaN: true }).map((x) => clamp(Math.exp(x))),
    fc.double({ min: 1e-12, max: 1, noNaN: true }).map((u) => clamp(1e-3 * Math.pow(u, -1 / 1.1))),
    fc
      .tuple(fc.integer({ min: key(LO), max: key(HI) }), fc.integer({ min: -4, max: 4 }))
      .map(([k, j]) => clamp(Math.pow(layout.gamma, k) * (1 + j * Number.EPSILON))),
    fc
      .tuple(fc.integer({ min: key(LO), max: key(HI) }), fc.integer({ min: 6, max: 15 }), fc.boolean())
      .map(([k, e, isAbove]) => clamp(Math.pow(layout.gamma, k) * (1 + (isAbove ? 1 : -1) * 10 ** -e))),
  );
};

/** Non-empty arrays: up to a few thousand values, a single value, or many duplicates of a few values. */
const arbValues = (layout: HistogramLayout): fc.Arbitrary<number[]> => {
  const value = arbValue(layout);
  return fc.oneof(
    fc.array(value, { minLength: 1, maxLength: 3000, size: "max" }),
    value.map((v) => [v]),
    fc
      .tuple(fc.array(value, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 1, maxLength: 2000, size: "max" }))
      .map(([pool, picks]) => picks.map((i) => pool[i % pool.length]!)),
  );
};

/** Values for merge tests, also below minValue (underflow) and above maxValue (clamped). */
const arbAnyValues = fc.array(
  fc.oneof(arbValue(DEFAULT_LAYOUT), fc.constant(0), fc.double({ min: 0, max: 1e-6, noNaN: true }), fc.double({ min: 1e7, max: 1e9, noNaN: true })),
  { maxLength: 2000, size: "max" },
);

const arbQs = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }).map((qs) => [...qs, 0, 0.5, 0.9, 0.99, 0.999, 1]);
const arbAlpha = fc.double({ min: 1e-4, max: 0.2, noNaN: true });

const fill = (values: readonly number[], layout: HistogramLayout = DEFAULT_LAYOUT) => {
  const h = createHistogram(layout);
  for (const v of values) record(h, v);
  return h;
};

const expectWithinAccuracy = (values: readonly number[], layout: HistogramLayout, qs: readonly number[]): void => {
  const h = fill(values, layout);
  const sorted = [...values].sort((a, b) => a - b);
  for (const q of qs) {
    const exact = sorted[Math.floor(q * (sorted.length - 1))]!;
    const got = quantile(h, q);
    expect(Math.abs(got - exact), `q=${q} exact=${exact} got=${got}`).toBeLessThanOrEqual((layout.relativeAccuracy + FLOAT_SLACK) * exact);
  }
};

test.prop([arbValues(DEFAULT_LAYOUT), arbQs])("quantile stays within 0.5% of the exact order statistic", (values, qs) => {
  expectWithinAccuracy(values, DEFAULT_LAYOUT, qs);
});

test.prop([arbAlpha.chain((alpha) => {
  const layout = createLayout({ relativeAccuracy: alpha, minValue: LO, maxValue: 1e7 });
  return fc.tuple(fc.constant(layout), arbValues(layout));
}), arbQs])("quantile stays within α of the exact order statistic for any relative accuracy", ([layout, values], qs) => {
  expectWithinAccuracy(values, layout, qs);
});

test.prop([arbAlpha.chain((alpha) => {
  const layout = createLayout({ relativeAccuracy: alpha, minValue: LO, maxValue: 1e7 });
  return fc.tuple(fc.constant(layout), arbValue(layout));
})], { numRuns: 5000 })("bucketValue of a value's bucket is within α of the value, even at bucket edges", ([layout, v]) => {
  const rep = bucketValue(layout, bucketIndex(layout, v));
  expect(Math.abs(rep - v)).toBeLessThanOrEqual((layout.relativeAccuracy + FLOAT_SLACK) * v);
});

test.prop([arbAnyValues])("count, sum, min and max are exact", (values) => {
  const h = fill(values);
  expect(h.count).toBe(values.length);
  expect(h.sum).toBe(values.reduce((a, b) => a + b, 0));
  expect(h.min).toBe(values.reduce((a, b) => Math.min(a, b), Infinity));
  expect(h.max).toBe(values.reduce((a, b) => Math.max(a, b), -Infinity));
  expect(h.underflow + h.counts.reduce((a, b) => a + b, 0)).toBe(values.length);
});

test.prop([arbAnyValues, arbAnyValues, arbQs])("merge gives the same buckets and quantiles as recording everything into one", (a, b, qs) => {
  const merged = fill(a);
  merge(merged, fill(b));
  const whole = fill([...a, ...b]);
  expect(merged.counts).toEqual(whole.counts);
  expect([merged.count, merged.underflow, merged.min, merged.max]).toEqual([whole.count, whole.underflow, whole.min, whole.max]);
  expect(Math.abs(merged.sum - whole.sum)).toBeLessThanOrEqual(1e-12 * [...a, ...b].reduce((s, v) => s + Math.abs(v), 0));
  expect(qs.map((q) => quantile(merged, q))).toEqual(qs.map((q) => quantile(whole, q)));
});

test.prop([arbAnyValues, arbQs])("toJSON then fromJSON round-trips through a JSON string", (values, qs) => {
  const h = fill(values);
  const text = JSON.stringify(toJSON(h));
  const back = fromJSON(JSON.parse(text) as HistogramJson);
  expect(back).toEqual(h);
  expect(qs.map((q) => quantile(back, q))).toEqual(qs.map((q) => quantile(h, q)));
  expect(JSON.stringify(toJSON(back))).toBe(text);
});

test.prop([arbAnyValues])("JSON.stringify of toJSON is deterministic for the same recorded values", (values) => {
  expect(JSON.stringify(toJSON(fill(values)))).toBe(JSON.stringify(toJSON(fill(values))));
});

test.prop([arbAnyValues, arbAnyValues, arbQs])("reset empties every slot: refilled, a histogram equals a fresh one", (a, b, qs) => {
  const reused = fill(a);
  reset(reused);
  expect(reused.counts.every((c) => c === 0)).toBe(true);
  for (const v of b) record(reused, v);
  const fresh = fill(b);
  expect(reused.counts).toEqual(fresh.counts);
  expect(qs.map((q) => quantile(reused, q))).toEqual(qs.map((q) => quantile(fresh, q)));
});
