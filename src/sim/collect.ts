/**
 * Per-service statistics gathered during a run: counters (whole run and measured window),
 * latency and wait histograms after warm-up (plus TTFT and TPOT for LLM services), the
 * time-average number in the system, and a window histogram that feeds the per-step latency
 * percentiles of the time series.
 */
import { bucketIndex, createHistogram, quantile, recordAt, reset } from "../metrics/index.js";
import type { Histogram } from "../metrics/index.js";
import type { StatsSink } from "./slo-windows.js";

/** Why a request was refused: its pod's queue was full, no pod was Ready, or it could never fit the model (context or KV cache). */
export const RejectReason = { QueueFull: 0, NoEndpoint: 1, TooLong: 2 } as const;
export type RejectReason = (typeof RejectReason)[keyof typeof RejectReason];

export interface ServiceStats {
  /** Whole-run counters. */
  readonly arrived: Float64Array;
  readonly completed: Float64Array;
  readonly rejected: Float64Array;
  /** Admitted requests cut before completion (their pod's grace period ended). */
  readonly failed: Float64Array;
  /** Admitted requests that waited longer than the service's timeout. */
  readonly timedOut: Float64Array;
  readonly inFlight: Float64Array;
  /** Counters over requests that arrived at or after warm-up. */
  readonly measuredArrived: Float64Array;
  readonly measuredCompleted: Float64Array;
  readonly measuredRejected: Float64Array;
  readonly measuredFailed: Float64Array;
  readonly measuredTimedOut: Float64Array;
  readonly measuredRejectedBy: readonly Float64Array[];
  /** Prompt and output tokens of measured completions. */
  readonly measuredInputTokens: Float64Array;
  readonly measuredOutputTokens: Float64Array;
  /** ∫ inFlight dt since the measurement started, up to the last change. */
  readonly inFlightArea: Float64Array;
  readonly latency: readonly Histogram[];
  readonly wait: readonly Histogram[];
  /** Time to first token and time per output token (LLM services), measured requests. */
  readonly ttft: readonly Histogram[];
  readonly tpot: readonly Histogram[];
  readonly window: readonly Histogram[];
  arrive(service: number, now: number): void;
  admit(service: number, now: number): void;
  /** Takes back an admission the server then refused. */
  unadmit(service: number, now: number): void;
  /** `arrival`: when the client first sent it (default now), which decides whether it is measured. */
  reject(service: number, now: number, reason: RejectReason, arrival?: number): void;
  complete(service: number, arrival: number, start: number, now: number): void;
  fail(service: number, arrival: number, now: number): void;
  timeout(service: number, arrival: number, now: number): void;
  /** An LLM request produced its first token. */
  firstToken(service: number, arrival: number, now: number): void;
  /** An LLM request finished: its tokens and, with more than one output token, its time per output token. */
  tokens(service: number, arrival: number, firstToken: number, now: number, input: number, output: number): void;
  /** Brings the in-flight areas up to now. */
  flush(now: number): void;
  /** Starts the measured window (warm-up is over). */
  startMeasuring(now: number): void;
  /** Latency quantile of the completions since the last call of `resetWindow`. */
  windowQuantile(service: number, q: number): number;
  resetWindow(service: number): void;
}

/** `sink` hears every request outcome with the request's first arrival (the per-window SLOs). */
export function createServiceStats(services: number, warmup: number, sink?: StatsSink): ServiceStats {
  const f = () => new Float64Array(services);
  const arrived = f();
  const completed = f();
  const rejected = f();
  const failed = f();
  const timedOut = f();
  const inFlight = f();
  const measuredArrived = f();
  const measuredCompleted = f();
  const measuredRejected = f();
  const measuredFailed = f();
  const measuredTimedOut = f();
  const measuredRejectedBy = [f(), f(), f()];
  const measuredInputTokens = f();
  const measuredOutputTokens = f();
  const inFlightArea = f();
  const lastChange = f();
  const latency = Array.from({ length: services }, () => createHistogram());
  const wait = Array.from({ length: services }, () => createHistogram());
  const ttft = Array.from({ length: services }, () => createHistogram());
  const tpot = Array.from({ length: services }, () => createHistogram());
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
    timedOut,
    inFlight,
    measuredArrived,
    measuredCompleted,
    measuredRejected,
    measuredFailed,
    measuredTimedOut,
    measuredRejectedBy,
    measuredInputTokens,
    measuredOutputTokens,
    inFlightArea,
    latency,
    wait,
    ttft,
    tpot,
    window,
    arrive(s, now) {
      arrived[s]! += 1;
      if (now >= warmup) measuredArrived[s]! += 1;
      sink?.arrived(s, now);
    },
    admit(s, now) {
      account(s, now);
      inFlight[s]! += 1;
    },
    unadmit(s, now) {
      account(s, now);
      inFlight[s]! -= 1;
    },
    reject(s, now, reason, arrival = now) {
      rejected[s]! += 1;
      sink?.refused(s, arrival);
      if (arrival >= warmup) {
        measuredRejected[s]! += 1;
        measuredRejectedBy[reason]![s]! += 1;
      }
    },
    complete(s, arrival, start, now) {
      account(s, now);
      inFlight[s]! -= 1;
      completed[s]! += 1;
      const total = now - arrival;
      sink?.completed(s, arrival, total);
      sink?.waited?.(s, start - arrival); // monitoring export
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
    timeout(s, arrival, now) {
      account(s, now);
      inFlight[s]! -= 1;
      timedOut[s]! += 1;
      sink?.refused(s, arrival);
      if (arrival >= warmup) measuredTimedOut[s]! += 1;
    },
    firstToken(s, arrival, now) {
      sink?.firstToken(s, arrival, now - arrival);
      if (arrival >= warmup) recordAt(ttft[s]!, bucketIndex(layout!, now - arrival), now - arrival);
    },
    tokens(s, arrival, first, now, input, output) {
      sink?.tokens?.(s, input, output, output > 1 ? (now - first) / (output - 1) : NaN); // monitoring export
      if (arrival < warmup) return;
      measuredInputTokens[s]! += input;
      measuredOutputTokens[s]! += output;
      if (output > 1) {
        const t = (now - first) / (output - 1);
        sink?.tpot(s, arrival, t);
        recordAt(tpot[s]!, bucketIndex(layout!, t), t);
      }
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
