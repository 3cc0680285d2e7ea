/**
 * SLO verdicts per time window (output.sloWindow): requests are assigned to the window they
 * arrived in (after warm-up), and each window gets its own latency, TTFT and TPOT histograms and
 * request counts, created on first use, so that a transient (a flash crowd, a node failure) shows
 * as the windows it spoils even when the whole run passes.
 */
import { createHistogram, evaluateSlo, record } from "../metrics/index.js";
import type { Histogram, SloVerdict } from "../metrics/index.js";
import type { Scenario } from "../scenario/index.js";

/** Most windows a run is cut into: a longer run gets proportionally longer windows. */
export const MAX_SLO_WINDOWS = 200;

interface Window {
  readonly latency: Histogram;
  readonly ttft: Histogram;
  readonly tpot: Histogram;
  arrived: number;
  refused: number;
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
  /** Rejected or timed out. */
  refused(service: number, arrival: number): void;
  completed(service: number, arrival: number, latency: number): void;
  firstToken(service: number, arrival: number, ttft: number): void;
  tpot(service: number, arrival: number, tpot: number): void;
  // Monitoring export (sim/monitoring.ts), every request: what a completion waited; an LLM request's tokens and TPOT (NaN for one token).
  waited?(service: number, wait: number): void;
  tokens?(service: number, input: number, output: number, tpot: number): void;
}

export interface SloWindows extends StatsSink {
  readonly length: number;
  verdicts(scenario: Scenario, until: number): SloWindowJson[];
}

export function createSloWindows(scenario: Scenario): SloWindows {
  const length = Math.max(scenario.output.sloWindow, scenario.duration / MAX_SLO_WINDOWS);
  const warmup = scenario.warmup;
  const windows: (Window | undefined)[][] = scenario.services.map(() => []);
  const at = (s: number, arrival: number): Window | null => {
    if (arrival < warmup) return null;
    const k = Math.floor(arrival / length);
    return (windows[s]![k] ??= { latency: createHistogram(), ttft: createHistogram(), tpot: createHistogram(), arrived: 0, refused: 0 });
  };
  return {
    length,
    arrived(s, arrival) {
      const w = at(s, arrival);
      if (w) w.arrived++;
    },
    refused(s, arrival) {
      const w = at(s, arrival);
      if (w) w.refused++;
    },
    completed(s, arrival, latency) {
      const w = at(s, arrival);
      if (w) record(w.latency, latency);
    },
    firstToken(s, arrival, ttft) {
      const w = at(s, arrival);
      if (w) record(w.ttft, ttft);
    },
    tpot(s, arrival, tpot) {
      const w = at(s, arrival);
      if (w) record(w.tpot, tpot);
    },
    verdicts(sc, until) {
      const out: SloWindowJson[] = [];
      const n = Math.ceil(until / length - 1e-9);
      for (let k = 0; k < n; k++) {
        const start = k * length;
        const end = Math.min(until, start + length);
        if (end <= warmup) continue;
        const verdicts = sc.services.flatMap((svc, s) => {
          if (!svc.slo) return [];
          const w = windows[s]![k];
          const observed = w ?? { latency: createHistogram(), ttft: createHistogram(), tpot: createHistogram(), arrived: 0, refused: 0 };
          return evaluateSlo(svc.slo, { latency: observed.latency, ttft: observed.ttft, tpot: observed.tpot, arrived: observed.arrived, rejected: Math.min(observed.refused, observed.arrived) }).map((v) => ({ service: svc.name, ...v }));
        });
        if (verdicts.length > 0) out.push({ start, end, pass: verdicts.every((v) => v.status !== "fail"), verdicts });
      }
      return out;
    },
  };
}
