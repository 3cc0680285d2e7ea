import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { createBucketSeries } from "./bucket-series.js";

test.prop([fc.array(fc.array(fc.double({ min: -10, max: 100, noNaN: true }), { maxLength: 20 }), { minLength: 1, maxLength: 10 })])(
  "rows are monotone in the bound and in time, and the +Inf bucket equals the count of every value so far",
  (batches) => {
    const bounds = [0, 0.5, 1, 5, 25];
    const h = createBucketSeries(bounds, batches.length);
    const seen: number[] = [];
    for (const batch of batches) {
      for (const v of batch) h.observe(v);
      seen.push(...batch);
      h.sample();
    }
    const d = h.data();
    const w = bounds.length + 1;
    for (let r = 0; r < d.rows; r++) {
      for (let i = 1; i < w; i++) expect(d.buckets[r * w + i]!).toBeGreaterThanOrEqual(d.buckets[r * w + i - 1]!);
      if (r > 0) for (let i = 0; i < w; i++) expect(d.buckets[r * w + i]!).toBeGreaterThanOrEqual(d.buckets[(r - 1) * w + i]!);
      expect(d.buckets[r * w + w - 1]).toBe(d.count[r]);
    }
    bounds.forEach((b, i) => expect(d.buckets[(d.rows - 1) * w + i]).toBe(seen.filter((v) => v <= b).length));
    expect(d.count[d.rows - 1]).toBe(seen.length);
  },
);
