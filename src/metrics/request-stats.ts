/**
 * Per-service statistics gathered during a run: counters (whole run and measured window),
 * latency and wait histograms after warm-up (plus TTFT and TPOT for LLM services), the
 * time-average number in the system, and a window histogram that feeds the per-step latency
 * percentiles of the time series.
 */
import { bucketIndex, createHistogram, DEFAULT_LAYOUT, quantile, recordAt, reset } from "./histogram.js";
import type { Histogram, HistogramLayout } from "./histogram.js";
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
  return new Stats(services, warmup, reasons, sink);
}

/**
 * A class rather than an object of closures: every run in a process shares one optimised copy of
 * the methods a request calls, instead of code specialised to the first run's closures.
 */
class Stats implements ServiceStats {
  readonly arrived: Float64Array;
  readonly completed: Float64Array;
  readonly rejected: Float64Array;
  readonly failed: Float64Array;
  readonly timedOut: Float64Array;
  readonly inFlight: Float64Array;
  readonly measuredArrived: Float64Array;
  readonly measuredCompleted: Float64Array;
  readonly measuredRejected: Float64Array;
  readonly measuredFailed: Float64Array;
  readonly measuredTimedOut: Float64Array;
  readonly measuredRejectedBy: readonly Float64Array[];
  readonly inputTokens: Float64Array;
  readonly outputTokens: Float64Array;
  readonly measuredInputTokens: Float64Array;
  readonly measuredOutputTokens: Float64Array;
  readonly inFlightArea: Float64Array;
  private readonly lastChange: Float64Array;
  readonly latency: readonly Histogram[];
  readonly wait: readonly Histogram[];
  readonly ttft: readonly Histogram[];
  readonly tpot: readonly Histogram[];
  readonly window: readonly Histogram[];
  private readonly layout: HistogramLayout;
  private readonly sink: StatsSink | null;
  /** The sink when it takes outcomes (arrived, rejected, failed, timed out, completed, waited), else null. */
  private readonly outcomeSink: StatsSink | null;

  constructor(
    private readonly services: number,
    private readonly warmup: number,
    reasons: number,
    sink: StatsSink | undefined,
  ) {
    const f = () => new Float64Array(services);
    this.arrived = f();
    this.completed = f();
    this.rejected = f();
    this.failed = f();
    this.timedOut = f();
    this.inFlight = f();
    this.measuredArrived = f();
    this.measuredCompleted = f();
    this.measuredRejected = f();
    this.measuredFailed = f();
    this.measuredTimedOut = f();
    this.measuredRejectedBy = Array.from({ length: reasons }, f);
    this.inputTokens = f();
    this.outputTokens = f();
    this.measuredInputTokens = f();
    this.measuredOutputTokens = f();
    this.inFlightArea = f();
    this.lastChange = f();
    this.latency = Array.from({ length: services }, () => createHistogram());
    this.wait = Array.from({ length: services }, () => createHistogram());
    this.ttft = Array.from({ length: services }, () => createHistogram());
    this.tpot = Array.from({ length: services }, () => createHistogram());
    this.window = Array.from({ length: services }, () => createHistogram());
    this.layout = DEFAULT_LAYOUT;
    this.sink = sink ?? null;
    this.outcomeSink = sink !== undefined && sink.outcomes !== false ? sink : null;
  }

  private account(s: number, now: number): void {
    this.inFlightArea[s]! += this.inFlight[s]! * (now - this.lastChange[s]!);
    this.lastChange[s] = now;
  }

  arrive(s: number, now: number): void {
    this.arrived[s]! += 1;
    if (now >= this.warmup) this.measuredArrived[s]! += 1;
    this.outcomeSink?.arrived(s, now);
  }

  admit(s: number, now: number): void {
    this.account(s, now);
    this.inFlight[s]! += 1;
  }

  unadmit(s: number, now: number): void {
    this.account(s, now);
    this.inFlight[s]! -= 1;
  }

  reject(s: number, _now: number, reason: number, origin: number): void {
    this.rejected[s]! += 1;
    this.outcomeSink?.rejected(s, origin);
    if (origin >= this.warmup) {
      this.measuredRejected[s]! += 1;
      this.measuredRejectedBy[reason]![s]! += 1;
    }
  }

  firstToken(s: number, origin: number, now: number): void {
    this.sink?.firstToken(s, origin, now - origin);
    if (origin >= this.warmup) recordAt(this.ttft[s]!, bucketIndex(this.layout, now - origin), now - origin);
  }

  complete(s: number, origin: number, start: number, first: number, now: number, input: number, output: number): void {
    this.account(s, now);
    this.inFlight[s]! -= 1;
    this.completed[s]! += 1;
    const total = now - origin;
    if (this.outcomeSink !== null) this.completeSink(this.outcomeSink, s, origin, start, total);
    const i = bucketIndex(this.layout, total);
    recordAt(this.window[s]!, i, total);
    const measured = origin >= this.warmup;
    if (measured) {
      this.measuredCompleted[s]! += 1;
      recordAt(this.latency[s]!, i, total);
      const w = start - origin;
      recordAt(this.wait[s]!, bucketIndex(this.layout, w), w);
    }
    // Requests without tokens have no first token; the token counts are those of measured completions.
    if (first === first) this.completeTokens(s, origin, first, now, input, output, measured);
  }

  /** A completion as the outcome sink hears it (kept apart: a call that never runs costs the JIT no inlining budget). */
  private completeSink(sink: StatsSink, s: number, origin: number, start: number, total: number): void {
    sink.completed(s, origin, total);
    sink.waited?.(s, start - origin); // monitoring export
  }

  /** The token counts and TPOT of a completion that produced tokens (kept apart so that `complete` stays small). */
  private completeTokens(s: number, origin: number, first: number, now: number, input: number, output: number, measured: boolean): void {
    const sink = this.sink;
    sink?.tokens?.(s, input, output, output > 1 ? (now - first) / (output - 1) : NaN); // monitoring export
    this.inputTokens[s]! += input;
    this.outputTokens[s]! += output;
    if (!measured) return;
    this.measuredInputTokens[s]! += input;
    this.measuredOutputTokens[s]! += output;
    if (output > 1) {
      const t = (now - first) / (output - 1);
      sink?.tpot(s, origin, t);
      recordAt(this.tpot[s]!, bucketIndex(this.layout, t), t);
    }
  }

  fail(s: number, origin: number, now: number): void {
    this.account(s, now);
    this.inFlight[s]! -= 1;
    this.failed[s]! += 1;
    this.outcomeSink?.failed(s, origin);
    if (origin >= this.warmup) this.measuredFailed[s]! += 1;
  }

  timeout(s: number, origin: number, now: number): void {
    this.account(s, now);
    this.inFlight[s]! -= 1;
    this.timedOut[s]! += 1;
    this.outcomeSink?.timedOut(s, origin);
    if (origin >= this.warmup) this.measuredTimedOut[s]! += 1;
  }

  flush(now: number): void {
    for (let s = 0; s < this.services; s++) this.account(s, now);
  }

  startMeasuring(now: number): void {
    this.inFlightArea.fill(0);
    this.lastChange.fill(now);
  }

  windowQuantile(s: number, q: number): number {
    return quantile(this.window[s]!, q);
  }

  resetWindow(s: number): void {
    reset(this.window[s]!);
  }
}
