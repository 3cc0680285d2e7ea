/**
 * A Prometheus histogram sampled over time: values are counted into fixed upper bounds (`le`)
 * as they are observed, and each `sample()` appends the cumulative bucket counts, count and sum
 * — what a scrape of the exporter would read at that instant.
 */

/** The cumulative rows of a sampled histogram: row r, bound i at `buckets[r * (bounds.length + 1) + i]`, the last column being `+Inf`. */
export interface BucketSeriesData {
  readonly bounds: readonly number[];
  readonly rows: number;
  readonly buckets: Float64Array;
  readonly count: Float64Array;
  readonly sum: Float64Array;
}

export interface BucketSeries {
  readonly bounds: readonly number[];
  /** Counts a value into the first bucket whose bound is at least the value (Prometheus' `le`). NaN is refused. */
  observe(value: number): void;
  /** Appends the cumulative counts so far as a new row; throws past `capacity` rows. */
  sample(): void;
  data(): BucketSeriesData;
}

/** Throws a RangeError unless bounds are finite and strictly increasing. */
export function createBucketSeries(bounds: readonly number[], capacity: number): BucketSeries {
  if (bounds.length === 0 || bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= bounds[i - 1]!))) {
    throw new RangeError(`invalid histogram bounds: [${bounds.join(", ")}] (expected finite, strictly increasing numbers)`);
  }
  if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError(`invalid capacity: ${capacity} (expected a non-negative integer)`);
  const width = bounds.length + 1;
  const perBucket = new Float64Array(width);
  const buckets = new Float64Array(capacity * width);
  const count = new Float64Array(capacity);
  const sum = new Float64Array(capacity);
  let total = 0;
  let summed = 0;
  let rows = 0;
  const frozen = Object.freeze([...bounds]);
  return {
    bounds: frozen,
    observe(value) {
      if (Number.isNaN(value)) throw new RangeError("cannot observe NaN");
      let lo = 0;
      let hi = bounds.length;
      // First bound >= value; bounds.length (the +Inf bucket) when none is.
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (bounds[mid]! < value) lo = mid + 1;
        else hi = mid;
      }
      perBucket[lo]! += 1;
      total += 1;
      summed += value;
    },
    sample() {
      if (rows >= capacity) throw new RangeError(`histogram series is full: ${capacity} rows`);
      let acc = 0;
      for (let i = 0; i < width; i++) {
        acc += perBucket[i]!;
        buckets[rows * width + i] = acc;
      }
      count[rows] = total;
      sum[rows] = summed;
      rows++;
    },
    data: () => ({ bounds: frozen, rows, buckets: buckets.slice(0, rows * width), count: count.slice(0, rows), sum: sum.slice(0, rows) }),
  };
}
