/**
 * Log-bucketed latency histogram with bounded relative error (DDSketch-style), built for the
 * simulator's hot loop: recording a value is one log, a multiply, a ceil and a few stores.
 * log/exp are the engine's portable ones, so buckets are the same in every JavaScript engine.
 */
import { exp, fromWords, highWord, log } from "../engine/index.js";

/** The parameters that define a histogram's buckets. Values are usually seconds. */
export interface LayoutParams {
  /** Relative accuracy α, 0 < α < 1: each quantile is within α·x of the exact order statistic x. */
  readonly relativeAccuracy: number;
  /** Smallest value with its own bucket (> 0). Smaller values, 0 included, are counted in `underflow`. */
  readonly minValue: number;
  /** Largest value with its own bucket (> minValue). Larger values are counted in the last bucket. */
  readonly maxValue: number;
}

/**
 * A bucket layout plus its derived constants, built once by {@link createLayout} so that
 * {@link bucketIndex} needs no logarithm of γ. Bucket key k covers (γ^(k−1), γ^k].
 */
export interface HistogramLayout extends LayoutParams {
  /** γ = (1 + α) / (1 − α). */
  readonly gamma: number;
  /** ln γ. */
  readonly logGamma: number;
  /** 1 / ln γ, so the key of x is ceil(ln x · invLogGamma). */
  readonly invLogGamma: number;
  /** Key of the bucket holding minValue: slot i of `counts` holds key i + keyOffset. */
  readonly keyOffset: number;
  /** Number of buckets, i.e. the length of `counts`. */
  readonly bucketCount: number;
}

/** Upper bound on buckets per histogram (8 MiB of counts), which stops an accidental α = 1e-9. */
export const MAX_BUCKETS = 1 << 20;

/** Builds a layout; throws a RangeError on α outside (0, 1), a non-positive or empty range, or too many buckets. */
export function createLayout(params: LayoutParams): HistogramLayout {
  const { relativeAccuracy: alpha, minValue, maxValue } = params;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`invalid relativeAccuracy: ${alpha} (expected 0 < α < 1)`);
  if (!(minValue > 0 && maxValue > minValue && maxValue < Infinity)) {
    throw new RangeError(`invalid value range: [${minValue}, ${maxValue}] (expected 0 < minValue < maxValue < Infinity)`);
  }
  const gamma = (1 + alpha) / (1 - alpha);
  const logGamma = log(gamma);
  const invLogGamma = 1 / logGamma;
  const keyOffset = Math.ceil(log(minValue) * invLogGamma);
  const bucketCount = Math.ceil(log(maxValue) * invLogGamma) - keyOffset + 1;
  if (bucketCount > MAX_BUCKETS) {
    throw new RangeError(`too many histogram buckets: ${bucketCount} (expected at most ${MAX_BUCKETS}; raise relativeAccuracy or narrow the range)`);
  }
  const layout = { relativeAccuracy: alpha, minValue, maxValue, gamma, logGamma, invLogGamma, keyOffset, bucketCount };
  // Not enumerable: JSON, structured clones and equality checks see the parameters only.
  const first = highWord(minValue) >>> SUB_SHIFT;
  const table: KeyTable = { keys: null, first, size: (highWord(maxValue) >>> SUB_SHIFT) - first + 1 };
  Object.defineProperty(layout, "keyTable", { value: table, enumerable: false });
  return Object.freeze(layout);
}

/**
 * The key of every value in a slice of the number line, so that recording needs no logarithm.
 * Positive doubles ordered by value are ordered by their bits: the high word shifted right by
 * SUB_SHIFT = 9 (the exponent and the top 11 bits of the mantissa) names one of 2,048 slices of
 * an octave. A slice whose first and last doubles have the same key holds that key throughout
 * (the key grows with the value); a slice holding a bucket boundary (about 3% of them at
 * α = 0.5%) is MIXED and its values take the logarithm, so every index is the formula's.
 */
interface KeyTable {
  /** Key minus keyOffset per slice, UNBUILT until the slice is first used, or MIXED. */
  keys: Int32Array | null;
  /** Slice of minValue (its high word shifted right by SUB_SHIFT). */
  readonly first: number;
  readonly size: number;
}

const SUB_SHIFT = 9;
const UNBUILT = -0x80000000;
const MIXED = -0x7fffffff;

/** The formula itself: ceil(ln value / ln γ) − keyOffset, for a value in [minValue, maxValue]. */
function exactIndex(layout: HistogramLayout, value: number): number {
  return Math.ceil(log(value) * layout.invLogGamma) - layout.keyOffset;
}

/** The key of slice j from the keys of its first and last doubles: the same key for both, else MIXED. */
function sliceKey(layout: HistogramLayout, table: KeyTable, j: number): number {
  const high = (j + table.first) << SUB_SHIFT;
  const lo = exactIndex(layout, fromWords(high, 0));
  const hi = exactIndex(layout, fromWords(high | ((1 << SUB_SHIFT) - 1), 0xffffffff));
  return lo === hi ? lo : MIXED;
}

/** 0.5 % relative accuracy over [1 µs, 10⁷ s]: 2,994 buckets. */
export const DEFAULT_LAYOUT: HistogramLayout = createLayout({ relativeAccuracy: 0.005, minValue: 1e-6, maxValue: 1e7 });

/**
 * A mergeable histogram. `count`, `sum`, `min` and `max` are exact; the buckets give quantiles.
 * Mutate it only through {@link record}, {@link recordAt}, {@link merge} and {@link reset}.
 */
export interface Histogram {
  readonly layout: HistogramLayout;
  /** counts[i] = number of recorded values in the bucket with key i + layout.keyOffset. */
  readonly counts: Float64Array;
  /** Number of recorded values below layout.minValue (0 and negatives included). */
  underflow: number;
  /** Number of recorded values, underflow included. */
  count: number;
  /** Sum of recorded values, added in recording order. */
  sum: number;
  /** Smallest recorded value; +Infinity when empty. */
  min: number;
  /** Largest recorded value; −Infinity when empty. */
  max: number;
}

/** Creates an empty histogram over `layout` (default {@link DEFAULT_LAYOUT}). */
export function createHistogram(layout: HistogramLayout = DEFAULT_LAYOUT): Histogram {
  return { layout, counts: new Float64Array(layout.bucketCount), underflow: 0, count: 0, sum: 0, min: Infinity, max: -Infinity };
}

/**
 * The slot of `value` in any histogram with this layout: −1 below minValue, the last slot above
 * maxValue, else ceil(ln value / ln γ) − keyOffset. NaN and ±Infinity yield NaN, which
 * {@link recordAt} rejects. Compute it once to record a value into several histograms sharing the layout.
 */
export function bucketIndex(layout: HistogramLayout, value: number): number {
  // The common case, small enough for the JIT to inline wherever a value is recorded: a value in
  // range whose slice holds one key (UNBUILT and MIXED are negative, keys are not).
  const table = (layout as { readonly keyTable?: KeyTable }).keyTable;
  if (value >= layout.minValue && value <= layout.maxValue && table !== undefined) {
    const keys = table.keys;
    if (keys !== null) {
      const k = keys[(highWord(value) >>> SUB_SHIFT) - table.first]!;
      if (k >= 0) return k;
    }
  }
  return bucketIndexSlow(layout, value);
}

/** {@link bucketIndex} for every value: out of range, NaN, a slice not built yet or holding a bucket boundary. */
function bucketIndexSlow(layout: HistogramLayout, value: number): number {
  // The infinity checks sit in the rare branches, so the common path pays nothing for them.
  if (value < layout.minValue) return value > -Infinity ? -1 : NaN;
  if (value > layout.maxValue) return value < Infinity ? layout.bucketCount - 1 : NaN;
  const table = (layout as { readonly keyTable?: KeyTable }).keyTable;
  // NaN, and a layout that lost its table (a structured clone), take the formula.
  if (table === undefined || value !== value) return exactIndex(layout, value);
  const keys = table.keys ?? (table.keys = new Int32Array(table.size).fill(UNBUILT));
  const j = (highWord(value) >>> SUB_SHIFT) - table.first;
  let k = keys[j]!;
  if (k === UNBUILT) k = keys[j] = sliceKey(layout, table, j);
  return k === MIXED ? exactIndex(layout, value) : k;
}

/**
 * The representative value of slot `index`: 2γ^k/(γ+1) for its key k = index + keyOffset, which is
 * within α relative error of every value in (γ^(k−1), γ^k]. For charts and {@link quantile}.
 */
export function bucketValue(layout: HistogramLayout, index: number): number {
  return (2 * exp((index + layout.keyOffset) * layout.logGamma)) / (layout.gamma + 1);
}

/** Records `value` into slot `index`, which must come from {@link bucketIndex} on h's layout; throws a RangeError otherwise. */
export function recordAt(h: Histogram, index: number, value: number): void {
  const counts = h.counts;
  if (index >= 0 && index < counts.length) counts[index] = counts[index]! + 1;
  else if (index === -1) h.underflow++;
  else invalidIndex(index, value, counts.length);
  h.count++;
  h.sum += value;
  if (value < h.min) h.min = value;
  if (value > h.max) h.max = value;
}

function invalidIndex(index: number, value: number, slots: number): never {
  throw new RangeError(`invalid bucket index: ${index} for value ${value} (expected -1 to ${slots - 1})`);
}

/** Records one value (same units as the layout). */
export function record(h: Histogram, value: number): void {
  recordAt(h, bucketIndex(h.layout, value), value);
}

/**
 * The q-quantile, 0 ≤ q ≤ 1 (a RangeError otherwise); NaN when empty.
 *
 * With n = count, the target is the value of 0-based rank r = floor(q·(n−1)) in sorted order.
 * Rank 0 returns `min` and rank n−1 returns `max`, exactly. A rank in the underflow returns `min`.
 * Otherwise the answer is the representative 2γ^k/(γ+1) of the bucket k holding rank r, clamped to
 * [min, max]; it is within α relative error of every value in that bucket, so of the target too,
 * provided the target lies in [minValue, maxValue].
 */
export function quantile(h: Histogram, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`invalid quantile: ${q} (expected 0 ≤ q ≤ 1)`);
  if (h.count === 0) return NaN;
  const rank = Math.floor(q * (h.count - 1));
  if (rank === 0 || rank < h.underflow) return h.min;
  if (rank === h.count - 1) return h.max;
  const { counts, layout } = h;
  let seen = h.underflow;
  // Only the slots between min's and max's hold counts: the scan skips the empty rest.
  for (let i = firstSlot(h), end = lastSlot(h); i <= end; i++) {
    seen += counts[i]!;
    if (seen > rank) return Math.min(h.max, Math.max(h.min, bucketValue(layout, i)));
  }
  return h.max;
}

/**
 * The first and last slots that can hold counts: those of `min` and `max` (bucketIndex grows
 * with the value, and every recorded value lies in [min, max]). Empty: first > last.
 */
export function firstSlot(h: Histogram): number {
  return h.count === 0 ? 0 : Math.max(0, bucketIndex(h.layout, h.min));
}
export function lastSlot(h: Histogram): number {
  return h.count === 0 ? -1 : bucketIndex(h.layout, h.max);
}

/** Exact arithmetic mean, sum / count; NaN when empty. */
export function mean(h: Histogram): number {
  return h.count === 0 ? NaN : h.sum / h.count;
}

/** True when both layouts have the same parameters (hence the same buckets). */
export function sameLayout(a: LayoutParams, b: LayoutParams): boolean {
  return a.relativeAccuracy === b.relativeAccuracy && a.minValue === b.minValue && a.maxValue === b.maxValue;
}

const describeLayout = (l: LayoutParams): string => `{ relativeAccuracy: ${l.relativeAccuracy}, minValue: ${l.minValue}, maxValue: ${l.maxValue} }`;

/** Adds `from` into `into`. Both must share a layout (an Error otherwise). `sum` is added as a whole. */
export function merge(into: Histogram, from: Histogram): void {
  if (!sameLayout(into.layout, from.layout)) {
    throw new Error(`cannot merge histograms with different layouts: ${describeLayout(into.layout)} and ${describeLayout(from.layout)}`);
  }
  const a = into.counts;
  const b = from.counts;
  for (let i = firstSlot(from), end = lastSlot(from); i <= end; i++) a[i] = a[i]! + b[i]!;
  into.underflow += from.underflow;
  into.count += from.count;
  into.sum += from.sum;
  into.min = Math.min(into.min, from.min);
  into.max = Math.max(into.max, from.max);
}

/** Empties the histogram in place, keeping its layout and storage. */
export function reset(h: Histogram): void {
  // Per-step window histograms are reset hundreds of times a run: clear only the slots in use.
  h.counts.fill(0, firstSlot(h), lastSlot(h) + 1);
  h.underflow = 0;
  h.count = 0;
  h.sum = 0;
  h.min = Infinity;
  h.max = -Infinity;
}
