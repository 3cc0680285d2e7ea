import { quantile } from "./histogram.js";
import type { Histogram } from "./histogram.js";
import { requestRates } from "./rates.js";
import type { OutcomeCounts } from "./rates.js";

/** The latency percentiles an SLO can name. */
export type PercentileKey = "p50" | "p90" | "p95" | "p99" | "p999";

/** Quantile q in [0, 1] for each {@link PercentileKey}. */
export const PERCENTILES: { readonly [K in PercentileKey]: number } = Object.freeze({ p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 });

/** Percentile keys in ascending order of quantile: the order of latency verdicts. */
export const PERCENTILE_KEYS: readonly PercentileKey[] = Object.freeze(["p50", "p90", "p95", "p99", "p999"]);

/** Service level objectives; an absent field is not evaluated. */
export interface SloSpec {
  /** Upper bound in seconds (≥ 0) on each named latency percentile. */
  readonly latency?: { readonly [K in PercentileKey]?: number | undefined } | undefined;
  /** Upper bounds on time-to-first-token percentiles (LLM services). */
  readonly ttft?: { readonly [K in PercentileKey]?: number | undefined } | undefined;
  /** Upper bounds on time-per-output-token percentiles (LLM services). */
  readonly tpot?: { readonly [K in PercentileKey]?: number | undefined } | undefined;
  /** Upper bound on the reject rate (rejected ÷ arrived after warm-up, rates.ts), in [0, 1]. */
  readonly maxRejectRate?: number | undefined;
  /** Upper bound on the error rate ((rejected + failed + timed out) ÷ arrived after warm-up), in [0, 1]. */
  readonly maxErrorRate?: number | undefined;
}

/** The outcome of one objective. */
export interface SloVerdict {
  /** `latency.<key>` (e.g. `latency.p99`), `ttft.<key>`, `tpot.<key>`, `rejectRate` or `errorRate`. */
  readonly objective: string;
  /** The bound from the spec (seconds for percentiles, a fraction for rates). */
  readonly target: number;
  /** The observed value in the same unit; null when there is no data. */
  readonly actual: number | null;
  /** `pass` when actual ≤ target, `fail` when above, `no-data` when nothing was observed. */
  readonly status: "pass" | "fail" | "no-data";
}

/** What the SLO is checked against: a latency histogram (seconds) and the outcome counts of the requests that arrived. */
export interface SloObservation extends OutcomeCounts {
  readonly latency: Histogram;
  /** Needed when the spec names ttft or tpot objectives. */
  readonly ttft?: Histogram;
  readonly tpot?: Histogram;
}

function verdict(objective: string, target: number, actual: number | null): SloVerdict {
  return { objective, target, actual, status: actual === null ? "no-data" : actual <= target ? "pass" : "fail" };
}

/**
 * Evaluates every objective in `spec`: latency, then TTFT, then TPOT percentiles (each in
 * ascending order), then rejectRate, then errorRate (both as rates.ts defines them). A percentile
 * objective has no data when its histogram is empty (or absent); a rate when nothing arrived.
 * Throws a RangeError on a negative or non-finite target, or inconsistent counters.
 */
export function evaluateSlo(spec: SloSpec, observed: SloObservation): SloVerdict[] {
  const { latency } = observed;
  const rates = requestRates(observed);
  const verdicts: SloVerdict[] = [];
  const percentiles = (name: string, targets: SloSpec["latency"], h: Histogram | undefined) => {
    for (const key of PERCENTILE_KEYS) {
      const target = targets?.[key];
      if (target === undefined) continue;
      if (!(target >= 0 && target < Infinity)) throw new RangeError(`invalid ${name}.${key} target: ${target} (expected seconds ≥ 0)`);
      verdicts.push(verdict(`${name}.${key}`, target, h === undefined || h.count === 0 ? null : quantile(h, PERCENTILES[key])));
    }
  };
  percentiles("latency", spec.latency, latency);
  percentiles("ttft", spec.ttft, observed.ttft);
  percentiles("tpot", spec.tpot, observed.tpot);
  const rate = (name: "rejectRate" | "errorRate", max: number | undefined) => {
    if (max === undefined) return;
    const field = name === "rejectRate" ? "maxRejectRate" : "maxErrorRate";
    if (!(max >= 0 && max <= 1)) throw new RangeError(`invalid ${field}: ${max} (expected 0 ≤ rate ≤ 1)`);
    verdicts.push(verdict(name, max, rates[name]));
  };
  rate("rejectRate", spec.maxRejectRate);
  rate("errorRate", spec.maxErrorRate);
  return verdicts;
}

/** True iff every verdict passed (so an empty list passes, and any `no-data` does not). */
export function allPass(verdicts: readonly SloVerdict[]): boolean {
  return verdicts.every((v) => v.status === "pass");
}
