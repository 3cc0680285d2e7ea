/**
 * Per-service statistics gathered during a run: counters (whole run and measured window),
 * latency and wait histograms after warm-up (plus TTFT and TPOT for LLM services), the
 * time-average number in the system, and a window histogram that feeds the per-step latency
 * percentiles of the time series.
 */
import { bucketIndex, createHistogram, quantile, recordAt, reset } from "./histogram.js";
import type { Histogram } from "./histogram.js";
import type { StatsSink } from "./slo-windows.js";

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
  /** Measured rejections by reason (index: the reason's code). */
  readonly measuredRejectedBy: readonly Float64Array[];
  /** Prompt and output tokens of all completions (whole run). */
  readonly inputTokens: Float64Array;
  readonly outputTokens: Float64Array;
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
  /** A request arrived from its traffic source. */
  arrive(service: number, now: number): void;
  /** A request entered flight (at a pod, held, or retrying). */
  admit(service: number, now: number): void;
  /** A request left flight without an outcome (routed again, or refused by its pod). */
  unadmit(service: number, now: number): void;
  /** `origin`: when the client first sent it, which decides whether it is measured; `reason`: an index below the `reasons` given. */
  reject(service: number, now: number, reason: number, origin: number): void;
  /** Produced its first token (LLM requests). */
  firstToken(service: number, origin: number, now: number): void;
  /** Completed; `firstToken` is NaN for requests without tokens; with more than one output token, a time per output token is recorded. */
  complete(service: number, origin: number, start: number, firstToken: number, now: number, inputTokens: number, outputTokens: number): void;
  fail(service: number, origin: number, now: number): void;
  timeout(service: number, origin: number, now: number): void;
  /** Brings the in-flight areas up to now. */
  flush(now: number): void;
  /** Starts the measured window (warm-up is over). */
  startMeasuring(now: number): void;
  /** Latency quantile of the completions since the last call of `resetWindow`. */
  windowQuantile(service: number, q: number): number;
  resetWindow(service: number): void;
}

/** `reasons`: how many reject reasons there are; `sink` hears every request outcome with the request's first arrival (the per-window SLOs). */
export function createServiceStats(services: number, warmup: number, reasons: number, sink?: StatsSink): ServiceStats {
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
  const measuredRejectedBy = Array.from({ length: reasons }, f);
  const inputTokens = f();
  const outputTokens = f();
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
    inputTokens,
    outputTokens,
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
    reject(s, _now, reason, origin) {
      rejected[s]! += 1;
      sink?.rejected(s, origin);
      if (origin >= warmup) {
        measuredRejected[s]! += 1;
        measuredRejectedBy[reason]![s]! += 1;
      }
    },
    firstToken(s, origin, now) {
      sink?.firstToken(s, origin, now - origin);
      if (origin >= warmup) recordAt(ttft[s]!, bucketIndex(layout!, now - origin), now - origin);
    },
    complete(s, origin, start, first, now, input, output) {
      account(s, now);
      inFlight[s]! -= 1;
      completed[s]! += 1;
      const total = now - origin;
      sink?.completed(s, origin, total);
      sink?.waited?.(s, start - origin); // monitoring export
      const i = bucketIndex(layout!, total);
      recordAt(window[s]!, i, total);
      if (origin >= warmup) {
        measuredCompleted[s]! += 1;
        recordAt(latency[s]!, i, total);
        const w = start - origin;
        recordAt(wait[s]!, bucketIndex(layout!, w), w);
      }
      // Requests without tokens have no first token; the token counts are those of measured completions.
      if (first !== first) return;
      sink?.tokens?.(s, input, output, output > 1 ? (now - first) / (output - 1) : NaN); // monitoring export
      inputTokens[s]! += input;
      outputTokens[s]! += output;
      if (origin < warmup) return;
      measuredInputTokens[s]! += input;
      measuredOutputTokens[s]! += output;
      if (output > 1) {
        const t = (now - first) / (output - 1);
        sink?.tpot(s, origin, t);
        recordAt(tpot[s]!, bucketIndex(layout!, t), t);
      }
    },
    fail(s, origin, now) {
      account(s, now);
      inFlight[s]! -= 1;
      failed[s]! += 1;
      sink?.failed(s, origin);
      if (origin >= warmup) measuredFailed[s]! += 1;
    },
    timeout(s, origin, now) {
      account(s, now);
      inFlight[s]! -= 1;
      timedOut[s]! += 1;
      sink?.timedOut(s, origin);
      if (origin >= warmup) measuredTimedOut[s]! += 1;
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
