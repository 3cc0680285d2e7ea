/**
 * The results of a run: plain JSON plus typed-array columns, the same object for the CLI,
 * the browser app and the planner. Histograms are kept (sparse) so that runs can be merged.
 */
import type { ContainerExit } from "../cluster/index.js";
import type { HpaConditionStatus, HpaTransition } from "../autoscaling/index.js";
import type { CostReport, HistogramJson, SloVerdict, SloWindowJson } from "../metrics/index.js";
import type { ExplainRecord } from "../scheduler/index.js";
import type { BatchingSummary } from "../serving/index.js";
import type { ScaleEventRecord } from "./scale-events.js";

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
  /** Admitted, then cut when their pod's termination grace period ended. */
  readonly failed: number;
  /** Admitted, then left after waiting longer than the service's timeout. */
  readonly timedOut: number;
  readonly inFlight: number;
}

/** p50 and p99 (nearest rank) of one cold-start phase over the pods that became Ready, in seconds. */
export interface PhaseQuantiles {
  readonly p50: number;
  readonly p99: number;
}

/** Phases of a pod's cold start, in seconds; they add up to `total` (created → Ready). */
export interface ColdStart {
  /** Created → bound (queueing, unschedulable time, waiting for nodes). */
  readonly scheduling: number;
  /** Waiting for images (init containers' and the main one), pull bandwidth shared with other pulls. */
  readonly imagePull: number;
  /** Init containers running. */
  readonly init: number;
  /** Main image present → container running. */
  readonly containerStart: number;
  /** Container running → model weights loaded. */
  readonly modelLoad: number;
  /** Weights loaded → readiness probe passed. */
  readonly readiness: number;
  readonly total: number;
}

export type ColdStartSummary = { readonly pods: number } & { readonly [K in keyof ColdStart]: PhaseQuantiles };

/** When each step of a pod's life happened (simulated seconds), null when not reached. */
export interface PodTimeline {
  readonly created: number;
  readonly scheduled: number | null;
  readonly imageReady: number | null;
  readonly started: number | null;
  readonly modelLoaded: number | null;
  readonly ready: number | null;
  readonly terminating: number | null;
  readonly deleted: number | null;
}

export interface ServiceSummary {
  readonly name: string;
  /** Pods at the end: wanted, Ready, bound but not Ready yet, unscheduled, terminating. */
  readonly replicas: { readonly desired: number; readonly ready: number; readonly starting: number; readonly pending: number; readonly terminating: number };
  /** Cold-start phases over the pods that became Ready during the run (null when none did). */
  readonly coldStart: ColdStartSummary | null;
  /** Requests that arrived after warm-up, and what became of them by the end of the run. */
  readonly requests: RequestCounts & { readonly rejectedBy: { readonly queueFull: number; readonly noEndpoint: number; readonly tooLong: number } };
  /** Whole-run counts, warm-up included (arrived = completed + rejected + failed + timedOut + inFlight). */
  readonly total: RequestCounts;
  /** Measured completions per second. */
  readonly throughput: number;
  /**
   * Shares of the requests that arrived after warm-up (`requests.arrived`) that were rejected,
   * failed, timed out, and any of the three (errorRate); null when none arrived (metrics/rates.ts).
   */
  readonly rejectRate: number | null;
  readonly failRate: number | null;
  readonly timeoutRate: number | null;
  readonly errorRate: number | null;
  /** End-to-end latency (seconds) of measured requests. */
  readonly latency: LatencySummary;
  /** Time waiting in queue before service (seconds); for an LLM service, before first joining a batch. */
  readonly wait: LatencySummary;
  /** Time to first token (LLM services; null otherwise). */
  readonly ttft: LatencySummary | null;
  /** Time per output token after the first, (end − first token) ÷ (output tokens − 1) (LLM services). */
  readonly tpot: LatencySummary | null;
  /** Prompt and output tokens of measured completions, and output tokens per second (LLM services). */
  readonly tokens: { readonly input: number; readonly output: number; readonly outputPerSecond: number } | null;
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
  /**
   * As kubectl shows it: Pending (unscheduled), ContainerCreating (pulling, starting), Init,
   * Running, CrashLoopBackOff (its server container exited and waits to restart), Terminating, Deleted.
   */
  readonly status: "Pending" | "ContainerCreating" | "Init" | "Running" | "CrashLoopBackOff" | "Terminating" | "Deleted";
  /** Restarts of its server container (restartCount), and why it last terminated (OOMKilled: its model did not fit the GPU; Error), or null. */
  readonly restarts: number;
  readonly lastTermination: ContainerExit | null;
  /** Passed its readiness probe and not terminating. */
  readonly ready: boolean;
  /** The FailedScheduling message of a Pending pod (`0/2 nodes are available: 2 Insufficient nvidia.com/gpu. …`). */
  readonly pendingReason: string | null;
  /** The cluster autoscaler's last NotTriggerScaleUp message about a Pending pod (`pod didn't trigger scale-up: 1 max node group size reached`). */
  readonly notTriggerScaleUp: string | null;
  /** Where preemption made room for the pod, while it waits to go there. */
  readonly nominatedNode: string | null;
  readonly timeline: PodTimeline;
  /** Requests the Service delivered to the pod over the whole run (warm-up included; each try of a retried request counts). */
  readonly requests: number;
  /** Its cold start, once Ready. */
  readonly coldStart: ColdStart | null;
  /**
   * An LLM pod's server over its life (from Ready to its deletion, or the end of the run; not the
   * whole run): the performance model's mode, KV blocks, mean batch
   * (running sequences), mean KV-cache usage, preemptions, output tokens per second, and the prompt
   * tokens looked up in its prefix cache and found there (hit rate = prefixCacheHits ÷ prefixCacheQueries).
   */
  readonly llm: BatchingSummary | null;
  /** Busy share of its server slots over its own life within the measured window (from Ready, or the warm-up's end, to its deletion or the end of the run). */
  readonly utilisation: number | null;
}

export interface NodeSummary {
  readonly name: string;
  readonly pool: string;
  readonly gpuType: string | null;
  readonly zone: string | null;
  /** Provisioning (booting), Ready, or Removed. */
  readonly status: "Provisioning" | "Ready" | "Removed";
  /** When the node started provisioning, registered Ready, and had its GPUs advertised (null: not yet). */
  readonly createdAt: number;
  readonly readyAt: number | null;
  /** When it was removed (scaled down, failed or reclaimed); null while present. Billing runs from createdAt to here. */
  readonly removedAt: number | null;
  readonly devicesReadyAt: number | null;
  readonly pods: number;
  /** Requested share of allocatable, per resource (gpu counts GPUs or MIG devices; null when the node has none). */
  readonly allocated: { readonly cpu: number; readonly memory: number; readonly gpu: number | null };
  /** Busy share of the server slots of the pods on the node over the measured window; null without pods. */
  readonly utilisation: number | null;
}

export const SERIES_COLUMNS = ["arrived", "completed", "rejected", "failed", "timedOut", "inFlight", "queued", "ready", "busy", "latencyP50", "latencyP99"] as const;
export type SeriesColumn = (typeof SERIES_COLUMNS)[number];
export const LLM_COLUMNS = ["ttftP50", "ttftP99", "tpotP50", "tpotP99", "kvUsage"] as const;
export type LlmColumn = (typeof LLM_COLUMNS)[number];

export interface SeriesResult {
  readonly step: number;
  /** Sample times; row k summarises (t[k-1], t[k]]. */
  readonly t: Float64Array<ArrayBuffer>;
  /**
   * Per service: cumulative arrived/completed/rejected/failed/timedOut, inFlight, queued and Ready pods at the sample,
   * mean busy slots over the step, and latency percentiles of the step's completions (NaN when none).
   */
  readonly services: Readonly<Record<string, Readonly<Record<SeriesColumn, Float64Array<ArrayBuffer>>>>>;
  /**
   * Per LLM service, same rows: TTFT and TPOT percentiles (seconds) of the step's first tokens and
   * finished requests, and the share of its pods' KV-cache blocks in use at the sample (NaN without data).
   */
  readonly llm: Readonly<Record<string, Readonly<Record<LlmColumn, Float64Array<ArrayBuffer>>>>>;
  /** Per node, same rows: busy share of its GPUs over the step (pods' busy slots weighted by the devices they hold; NaN when absent or GPU-less). */
  readonly nodes: Readonly<Record<string, { readonly gpuBusy: Float64Array<ArrayBuffer> }>>;
}

export interface SchedulerSummary {
  /** Scheduling cycles, pods bound, cycles without a node, pods preempted, cycles aborted by an error. */
  readonly attempts: number;
  readonly scheduled: number;
  readonly unschedulable: number;
  readonly preempted: number;
  readonly errors: number;
  /** Explained decisions: the first output.explain.firstDecisions, and those about pods matching output.explain.pods. */
  readonly explain: readonly ExplainJson[];
  /** Decisions matching the pattern that were not kept (limit reached). */
  readonly explainDropped: number;
}

export type ExplainJson = { readonly pod: string; readonly at: number; readonly attempt: number } & ExplainRecord;

export interface Warning {
  readonly message: string;
  readonly count: number;
}

/**
 * An HPA's status.conditions at the end of the run (AbleToScale, ScalingActive, ScalingLimited
 * with upstream's reasons and messages; lastTransitionTime moves when the status changes), and
 * each status change during the run (the first Limits.scaleEvents).
 */
export interface HpaStatusJson {
  readonly conditions: readonly HpaConditionStatus[];
  readonly transitions: readonly HpaTransition[];
  readonly transitionsDropped: number;
}

/** What the autoscalers and faults did: replicas and nodes over time, every scale event with its reason. */
export interface AutoscalingResults {
  /** Sampled with `series` (same times): per service desired / current / Ready replicas, per pool nodes present / Ready, pods Pending. */
  readonly series: {
    readonly t: Float64Array<ArrayBuffer>;
    readonly services: Readonly<Record<string, { readonly desired: Float64Array<ArrayBuffer>; readonly current: Float64Array<ArrayBuffer>; readonly ready: Float64Array<ArrayBuffer> }>>;
    readonly pools: Readonly<Record<string, { readonly nodes: Float64Array<ArrayBuffer>; readonly ready: Float64Array<ArrayBuffer> }>>;
    readonly pendingPods: Float64Array<ArrayBuffer>;
  };
  /** Workload and node scale events and faults, in time order (the first Limits.scaleEvents). */
  readonly events: readonly ScaleEventRecord[];
  readonly eventsDropped: number;
  /** Per service: scale-ups and scale-downs, requests sent again after losing their pod, requests the activator held. */
  readonly services: readonly {
    readonly name: string;
    readonly scaleUps: number;
    readonly scaleDowns: number;
    readonly retried: number;
    readonly activatorHeld: number;
    readonly peakReplicas: number;
    /** Its HPA's status conditions (a KEDA scaler's HPA too), null without an autoscaler. */
    readonly hpa: HpaStatusJson | null;
  }[];
  /** Per pool: nodes added and removed during the run, most nodes at once. */
  readonly pools: readonly { readonly name: string; readonly added: number; readonly removed: number; readonly peakNodes: number }[];
  readonly faults: { readonly crashes: number; readonly nodeFailures: number; readonly spotReclaims: number; readonly registryWindows: number; readonly zoneOutages: number; readonly failedPulls: number };
}

/** What one service cost over the run, and per unit of work it did. */
export interface ServiceCost {
  readonly name: string;
  /** Σ over its pods of node price × hours bound × the node share it requested (GPUs on GPU nodes, else CPU). */
  readonly allocated: number;
  /** `allocated` plus a share of the unallocated node time in proportion to `allocated`: the services' costs add up to the total. */
  readonly cost: number;
  /** cost × 1000 ÷ requests completed over the whole run (null without completions). */
  readonly per1kRequests: number | null;
  /** cost × 10⁶ ÷ prompt and output tokens of the completions (null for services without tokens or completions). */
  readonly per1MTokens: number | null;
  /** cost × 10⁶ ÷ output tokens of the completions (null as above). */
  readonly per1MOutputTokens: number | null;
}

/** Cost of the run: node-hours × price per pool, the average and final hourly rates, and the split by service. */
export interface CostSummary extends CostReport {
  /** Hourly rate of the nodes present at the end of the run. */
  readonly perHour: number;
  /** total ÷ simulated hours (null when no time passed). */
  readonly averagePerHour: number | null;
  /** Node cost no pod requested (provisioning, idle capacity, nodes without pods). */
  readonly unallocated: number;
  readonly services: readonly ServiceCost[];
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
  readonly scheduler: SchedulerSummary;
  readonly cost: CostSummary;
  readonly slo: { readonly pass: boolean; readonly verdicts: readonly (SloVerdict & { readonly service: string })[] };
  /** SLO verdicts per window of `window` seconds (output.sloWindow), by the requests' arrival. */
  readonly sloWindows: { readonly window: number; readonly windows: readonly SloWindowJson[] };
  readonly autoscaling: AutoscalingResults;
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
  for (const cols of [...Object.values(results.series.services), ...Object.values(results.series.llm), ...Object.values(results.series.nodes)]) for (const c of Object.values(cols)) out.push(c.buffer);
  const a = results.autoscaling.series;
  out.push(a.t.buffer, a.pendingPods.buffer);
  for (const cols of [...Object.values(a.services), ...Object.values(a.pools)]) for (const c of Object.values(cols)) out.push(c.buffer);
  return out;
}
