/**
 * Per-service statistics gathered during a run: counters (whole run and measured window),
 * latency and wait histograms after warm-up, the time-average number in the system, and a
 * window histogram that feeds the per-step latency percentiles of the time series.
 */
import { bucketIndex, createHistogram, quantile, recordAt, reset } from "../metrics/index.js";
import type { Histogram } from "../metrics/index.js";

export const RejectReason = { QueueFull: 0, NoEndpoint: 1 } as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

export interface ServiceStats {
  /** Whole-run counters. */
  readonly arrived: Float64Array;
  readonly completed: Float64Array;
  readonly rejected: Float64Array;
  /** Admitted requests cut before completion (their pod's grace period ended). */
  readonly failed: Float64Array;
  readonly inFlight: Float64Array;
  /** Counters over requests that arrived at or after warm-up. */
  readonly measuredArrived: Float64Array;
  readonly measuredCompleted: Float64Array;
  readonly measuredRejected: Float64Array;
  readonly measuredFailed: Float64Array;
  readonly measuredRejectedBy: readonly Float64Array[];
  /** ∫ inFlight dt since the measurement started, up to the last change. */
  readonly inFlightArea: Float64Array;
  readonly latency: readonly Histogram[];
  readonly wait: readonly Histogram[];
  readonly window: readonly Histogram[];
  arrive(service: number, now: number): void;
  admit(service: number, now: number): void;
  reject(service: number, now: number, reason: RejectReason): void;
  complete(service: number, arrival: number, start: number, now: number): void;
  fail(service: number, arrival: number, now: number): void;
  /** Brings the in-flight areas up to now. */
  flush(now: number): void;
  /** Starts the measured window (warm-up is over). */
  startMeasuring(now: number): void;
  /** Latency quantile of the completions since the last call of `resetWindow`. */
  windowQuantile(service: number, q: number): number;
  resetWindow(service: number): void;
}

export function createServiceStats(services: number, warmup: number): ServiceStats {
  const f = () => new Float64Array(services);
  const arrived = f();
  const completed = f();
  const rejected = f();
  const failed = f();
  const inFlight = f();
  const measuredArrived = f();
  const measuredCompleted = f();
  const measuredRejected = f();
  const measuredFailed = f();
  const measuredRejectedBy = [f(), f()];
  const inFlightArea = f();
  const lastChange = f();
  const latency = Array.from({ length: services }, () => createHistogram());
  const wait = Array.from({ length: services }, () => createHistogram());
  const window = Array.from({ length: services }, () => createHistogram());
  const layout = latency[0]?.layout;

  const account = (s: number, now: number) => {
    inFlightArea[s]! += inFlight[s]! * (now - lastChange[s]!);
    lastChange[s] = now;
  };

  return {
    arrived,
    completed,
    rejected,
    failed,
    inFlight,
    measuredArrived,
    measuredCompleted,
    measuredRejected,
    measuredFailed,
    measuredRejectedBy,
    inFlightArea,
    latency,
    wait,
    window,
    arrive(s, now) {
      arrived[s]! += 1;
      if (now >= warmup) measuredArrived[s]! += 1;
    },
    admit(s, now) {
      account(s, now);
      inFlight[s]! += 1;
    },
    reject(s, now, reason) {
      rejected[s]! += 1;
      if (now >= warmup) {
        measuredRejected[s]! += 1;
        measuredRejectedBy[reason]![s]! += 1;
      }
    },
    complete(s, arrival, start, now) {
      account(s, now);
      inFlight[s]! -= 1;
      completed[s]! += 1;
      const total = now - arrival;
      const i = bucketIndex(layout!, total);
      recordAt(window[s]!, i, total);
      if (arrival >= warmup) {
        measuredCompleted[s]! += 1;
        recordAt(latency[s]!, i, total);
        const w = start - arrival;
        recordAt(wait[s]!, bucketIndex(layout!, w), w);
      }
    },
    fail(s, arrival, now) {
      account(s, now);
      inFlight[s]! -= 1;
      failed[s]! += 1;
      if (arrival >= warmup) measuredFailed[s]! += 1;
    },
    flush(now) {
      for (let s = 0; s < services; s++) account(s, now);
    },
    startMeasuring(now) {
      inFlightArea.fill(0);
      lastChange.fill(now);
    },
    windowQuantile: (s, q) => quantile(window[s]!, q),
    resetWindow: (s) => reset(window[s]!),
  };
}
