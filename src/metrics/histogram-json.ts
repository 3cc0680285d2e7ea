import { createHistogram, createLayout, firstSlot, lastSlot } from "./histogram.js";
import type { Histogram } from "./histogram.js";

/**
 * A histogram as compact plain JSON (no typed arrays), for results files and the worker boundary.
 * Key order is fixed, so `JSON.stringify` of equal histograms gives equal strings.
 */
export interface HistogramJson {
  /** Layout parameters; the derived constants are rebuilt by {@link fromJSON}. */
  readonly relativeAccuracy: number;
  readonly minValue: number;
  readonly maxValue: number;
  readonly count: number;
  readonly sum: number;
  /** Exact minimum; null when empty (JSON has no Infinity). */
  readonly min: number | null;
  /** Exact maximum; null when empty. */
  readonly max: number | null;
  readonly underflow: number;
  /** Slot of `counts[0]` in the full bucket array. */
  readonly offset: number;
  /** Bucket counts from slot `offset` on, with leading and trailing empty buckets trimmed. */
  readonly counts: readonly number[];
}

/** Serialises a histogram to {@link HistogramJson}. */
export function toJSON(h: Histogram): HistogramJson {
  const { counts, layout } = h;
  let first = 0;
  while (first < counts.length && counts[first] === 0) first++;
  let end = counts.length;
  while (end > first && counts[end - 1] === 0) end--;
  const isEmpty = h.count === 0;
  return {
    relativeAccuracy: layout.relativeAccuracy,
    minValue: layout.minValue,
    maxValue: layout.maxValue,
    count: h.count,
    sum: h.sum,
    min: isEmpty ? null : h.min,
    max: isEmpty ? null : h.max,
    underflow: h.underflow,
    offset: first === end ? 0 : first,
    counts: Array.from(counts.subarray(first, end)),
  };
}

const isCount = (n: unknown): n is number => typeof n === "number" && Number.isSafeInteger(n) && n >= 0;

/**
 * Rebuilds a histogram from {@link toJSON} output. Throws a RangeError when the JSON is
 * inconsistent (bad layout, buckets out of range, counts that do not add up to `count`).
 */
export function fromJSON(json: HistogramJson): Histogram {
  const h = createHistogram(createLayout(json));
  const { offset, counts } = json;
  if (!isCount(offset) || offset + counts.length > h.counts.length) {
    throw new RangeError(`invalid histogram buckets: offset ${offset} with ${counts.length} counts (expected to fit in ${h.counts.length})`);
  }
  let total = json.underflow;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!isCount(c)) throw new RangeError(`invalid histogram count at slot ${offset + i}: ${c} (expected a non-negative integer)`);
    h.counts[offset + i] = c;
    total += c;
  }
  if (!isCount(json.underflow) || total !== json.count) {
    throw new RangeError(`invalid histogram count: ${json.count} (buckets and underflow add up to ${total})`);
  }
  if ((json.count > 0) !== (json.min !== null && json.max !== null)) {
    throw new RangeError(`invalid histogram: min ${json.min} and max ${json.max} with count ${json.count} (expected null exactly when count is 0)`);
  }
  h.underflow = json.underflow;
  h.count = json.count;
  h.sum = json.sum;
  h.min = json.min ?? Infinity;
  h.max = json.max ?? -Infinity;
  // Quantiles, merges and resets read only the slots from min's to max's: no count may lie outside.
  const from = firstSlot(h);
  const to = lastSlot(h);
  for (let i = 0; i < counts.length; i++) {
    const slot = offset + i;
    if (counts[i] !== 0 && !(slot >= from && slot <= to)) {
      throw new RangeError(`invalid histogram: a count at slot ${slot}, outside the slots of min ${json.min} and max ${json.max} (${from} to ${to})`);
    }
  }
  return h;
}
