/**
 * The results of a run: plain JSON plus typed-array columns, the same object for the CLI,
 * the browser app and the planner. Histograms are kept (sparse) so that runs can be merged.
 */
import type { CostReport, HistogramJson, SloVerdict } from "../metrics/index.js";

export const RESULTS_FORMAT = "servesim.results/v1";

export interface LatencySummary {
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
  readonly max: number | null;
}

export interface RequestCounts {
  readonly arrived: number;
  readonly completed: number;
  readonly rejected: number;
  readonly inFlight: number;
}

export interface ServiceSummary {
  readonly name: string;
  readonly replicas: { readonly desired: number; readonly running: number; readonly pending: number };
  /** Requests that arrived after warm-up, and what became of them by the end of the run. */
  readonly requests: RequestCounts & { readonly rejectedBy: { readonly queueFull: number; readonly noEndpoint: number } };
  /** Whole-run counts, warm-up included (arrived = completed + rejected + inFlight). */
  readonly total: RequestCounts;
  /** Measured completions per second. */
  readonly throughput: number;
  readonly rejectRate: number | null;
  /** End-to-end latency (seconds) of measured requests. */
  readonly latency: LatencySummary;
  /** Time waiting in queue before service (seconds). */
  readonly wait: LatencySummary;
  /** Time-average number of admitted requests in the system over the measured window (L in L = λW). */
  readonly meanInSystem: number;
  /** Mean share of the service's server slots that were busy over the measured window. */
  readonly utilisation: number | null;
  readonly slo: readonly SloVerdict[];
}

export interface PodSummary {
  readonly name: string;
  readonly service: string;
  readonly node: string | null;
  readonly phase: "Running" | "Pending";
  readonly pendingReason: string | null;
  readonly utilisation: number | null;
}

export interface NodeSummary {
  readonly name: string;
  readonly pool: string;
  readonly gpuType: string | null;
  readonly pods: number;
  /** Requested share of allocatable, per resource (null when the node has none of it). */
  readonly allocated: { readonly cpu: number; readonly memory: number; readonly gpu: number | null };
  /** Busy share of the server slots of the pods on the node over the measured window; null without pods. */
  readonly utilisation: number | null;
}

export const SERIES_COLUMNS = ["arrived", "completed", "rejected", "inFlight", "queued", "busy", "latencyP50", "latencyP99"] as const;
export type SeriesColumn = (typeof SERIES_COLUMNS)[number];

export interface SeriesResult {
  readonly step: number;
  /** Sample times; row k summarises (t[k-1], t[k]]. */
  readonly t: Float64Array<ArrayBuffer>;
  /**
   * Per service: cumulative arrived/completed/rejected, inFlight and queued at the sample,
   * mean busy slots over the step, and latency percentiles of the step's completions (NaN when none).
   */
  readonly services: Readonly<Record<string, Readonly<Record<SeriesColumn, Float64Array<ArrayBuffer>>>>>;
}

export interface Warning {
  readonly message: string;
  readonly count: number;
}

export interface Results {
  readonly format: typeof RESULTS_FORMAT;
  readonly scenario: { readonly name: string; readonly seed: string | number; readonly duration: number; readonly warmup: number };
  /** `completed`: ran to the duration; `cancelled` by the caller; `halted` by the simulation (see haltReason). */
  readonly status: "completed" | "cancelled" | "halted";
  readonly haltReason: string | null;
  /** Simulated time reached. */
  readonly simulatedTime: number;
  /** Events handled. */
  readonly events: number;
  readonly services: readonly ServiceSummary[];
  readonly pods: readonly PodSummary[];
  readonly nodes: readonly NodeSummary[];
  readonly cost: CostReport & { readonly perHour: number };
  readonly slo: { readonly pass: boolean; readonly verdicts: readonly (SloVerdict & { readonly service: string })[] };
  readonly series: SeriesResult;
  /** Measured latency and wait histograms per service, mergeable across runs. */
  readonly histograms: Readonly<Record<string, { readonly latency: HistogramJson; readonly wait: HistogramJson }>>;
  readonly warnings: readonly Warning[];
}

/** Canonical JSON text of results: typed arrays become arrays, key order is fixed by construction. */
export function resultsToJson(results: Results, indent = 0): string {
  return JSON.stringify(results, (_key, value: unknown) => (ArrayBuffer.isView(value) ? Array.from(value as Float64Array) : value), indent);
}

/** The typed arrays of results, each on its own ArrayBuffer: what a worker transfers instead of copying. */
export function resultBuffers(results: Results): ArrayBuffer[] {
  const out: ArrayBuffer[] = [results.series.t.buffer];
  for (const cols of Object.values(results.series.services)) for (const c of Object.values(cols)) out.push(c.buffer);
  return out;
}
