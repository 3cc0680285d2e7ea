/**
 * SLO verdicts per time window (output.sloWindow): requests are assigned to the window they
 * arrived in (after warm-up), and each window gets its own latency, TTFT and TPOT histograms and
 * request counts, created on first use, so that a transient (a flash crowd, a node failure) shows
 * as the windows it spoils even when the whole run passes.
 */
import { createHistogram, record } from "./histogram.js";
import type { Histogram } from "./histogram.js";
import { evaluateSlo } from "./slo.js";
import type { SloSpec, SloVerdict } from "./slo.js";

/** Most windows a run is cut into: a longer run gets proportionally longer windows. */
export const MAX_SLO_WINDOWS = 200;

interface Window {
  readonly latency: Histogram;
  readonly ttft: Histogram;
  readonly tpot: Histogram;
  arrived: number;
  rejected: number;
  failed: number;
  timedOut: number;
}

export interface SloWindowJson {
  readonly start: number;
  readonly end: number;
  readonly pass: boolean;
  readonly verdicts: readonly (SloVerdict & { readonly service: string })[];
}

/** What the request statistics tell the windows (every time is a request's first arrival). */
export interface StatsSink {
  arrived(service: number, arrival: number): void;
  /** The request's outcome, when it is not a completion. */
  rejected(service: number, arrival: number): void;
  failed(service: number, arrival: number): void;
  timedOut(service: number, arrival: number): void;
  completed(service: number, arrival: number, latency: number): void;
  firstToken(service: number, arrival: number, ttft: number): void;
  tpot(service: number, arrival: number, tpot: number): void;
  // Monitoring export (sim/monitoring.ts), every request: what a completion waited; an LLM request's tokens and TPOT (NaN for one token).
  waited?(service: number, wait: number): void;
  tokens?(service: number, input: number, output: number, tpot: number): void;
  /**
   * False when the sink ignores every outcome (arrived, rejected, failed, timedOut, completed,
   * waited): the statistics then skip those calls, and tell it only first tokens, TPOTs and tokens.
   */
  readonly outcomes?: boolean;
}

/** A service's name and objectives (none: no verdicts). */
export interface SloTarget {
  readonly name: string;
  readonly slo?: SloSpec | undefined;
}

export interface SloWindows extends StatsSink {
  readonly length: number;
  verdicts(until: number): SloWindowJson[];
}

const empty = (): Window => ({ latency: createHistogram(), ttft: createHistogram(), tpot: createHistogram(), arrived: 0, rejected: 0, failed: 0, timedOut: 0 });

/** Windows of `window` seconds (longer when the run would have more than MAX_SLO_WINDOWS) after `warmup`. */
export function createSloWindows(services: readonly SloTarget[], window: number, duration: number, warmup: number): SloWindows {
  return new Windows(services, Math.max(window, duration / MAX_SLO_WINDOWS), warmup);
}

/** A class rather than closures, so that every run in a process shares the optimised per-request calls. */
class Windows implements SloWindows {
  private readonly windows: (Window | undefined)[][];
  /** Whether each service has objectives: the windows of the others are never read, so they are not kept. */
  private readonly judged: boolean[];
  /** Whether any service has objectives: without, the windows keep nothing. */
  readonly outcomes: boolean;

  constructor(
    private readonly services: readonly SloTarget[],
    readonly length: number,
    private readonly warmup: number,
  ) {
    this.windows = services.map(() => []);
    this.judged = services.map((svc) => Boolean(svc.slo));
    this.outcomes = this.judged.includes(true);
  }

  private at(s: number, arrival: number): Window | null {
    if (arrival < this.warmup || !this.judged[s]) return null;
    const k = Math.floor(arrival / this.length);
    return (this.windows[s]![k] ??= empty());
  }

  arrived(s: number, arrival: number): void {
    const w = this.at(s, arrival);
    if (w) w.arrived++;
  }

  rejected(s: number, arrival: number): void {
    const w = this.at(s, arrival);
    if (w) w.rejected++;
  }

  failed(s: number, arrival: number): void {
    const w = this.at(s, arrival);
    if (w) w.failed++;
  }

  timedOut(s: number, arrival: number): void {
    const w = this.at(s, arrival);
    if (w) w.timedOut++;
  }

  completed(s: number, arrival: number, latency: number): void {
    const w = this.at(s, arrival);
    if (w) record(w.latency, latency);
  }

  firstToken(s: number, arrival: number, ttft: number): void {
    const w = this.at(s, arrival);
    if (w) record(w.ttft, ttft);
  }

  tpot(s: number, arrival: number, tpot: number): void {
    const w = this.at(s, arrival);
    if (w) record(w.tpot, tpot);
  }

  verdicts(until: number): SloWindowJson[] {
    const { length, warmup, services, windows } = this;
    const out: SloWindowJson[] = [];
    const n = Math.ceil(until / length - 1e-9);
    for (let k = 0; k < n; k++) {
      const start = k * length;
      const end = Math.min(until, start + length);
      if (end <= warmup) continue;
      const verdicts = services.flatMap((svc, s) => {
        if (!svc.slo) return [];
        const w = windows[s]![k];
        return evaluateSlo(svc.slo, w ?? empty()).map((v) => ({ service: svc.name, ...v }));
      });
      if (verdicts.length > 0) out.push({ start, end, pass: verdicts.every((v) => v.status !== "fail"), verdicts });
    }
    return out;
  }
}
