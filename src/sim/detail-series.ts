/**
 * Series sampled beside the request series for the charts: per LLM service the TTFT and TPOT
 * percentiles of each step and the share of its pods' KV-cache blocks in use at the sample; per
 * node the busy share of its GPUs over the step (each pod's busy slots weighted by the devices it
 * holds). It reads serving through the narrow DetailServingView, which build.ts adapts.
 */
import { createHistogram, quantile, record, reset } from "../metrics/index.js";
import type { Histogram } from "../metrics/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import { LLM_COLUMNS } from "./results.js";
import type { LlmColumn, SeriesResult } from "./results.js";
import type { StatsSink } from "../metrics/index.js";
import { seriesStep } from "./step.js";

/** What the detail series read from serving, per pod. */
export interface DetailServingView {
  /** Busy slot-seconds of a pod since it joined, up to the last flush. */
  busyArea(pod: number): number;
  /** Slots a pod of the service offers (what busyArea is a share of, per second). */
  slots(service: number): number;
  /** KV-cache blocks of a pod in use now, and in all (0 and 0 for a pod without a KV cache). */
  kv(pod: number): { readonly used: number; readonly capacity: number };
}

export interface DetailSeries {
  /** Hears first tokens and TPOTs (teed beside the SLO windows). */
  readonly sink: Pick<StatsSink, "firstToken" | "tpot">;
  /** Connects the cluster and the servers, built after the statistics. */
  attach(cluster: ClusterSetup, serving: DetailServingView): void;
  /** Appends one row at `now` (the servers flushed to `now`). */
  sample(now: number): void;
  columns(): Pick<SeriesResult, "llm" | "nodes">;
}

/** The SLO windows' sink, with first tokens and TPOTs also told to the detail series. */
export function teeSink(windows: StatsSink, detail: DetailSeries["sink"]): StatsSink {
  return new TeeSink(windows, detail);
}

/** A class rather than closures, so that every run in a process shares the optimised per-request calls. */
class TeeSink implements StatsSink {
  /** The detail series take first tokens and TPOTs only: the outcomes matter when the windows take them. */
  readonly outcomes: boolean;
  constructor(
    private readonly windows: StatsSink,
    private readonly detail: DetailSeries["sink"],
  ) {
    this.outcomes = windows.outcomes !== false;
  }
  arrived(s: number, arrival: number): void {
    this.windows.arrived(s, arrival);
  }
  rejected(s: number, arrival: number): void {
    this.windows.rejected(s, arrival);
  }
  failed(s: number, arrival: number): void {
    this.windows.failed(s, arrival);
  }
  timedOut(s: number, arrival: number): void {
    this.windows.timedOut(s, arrival);
  }
  completed(s: number, arrival: number, latency: number): void {
    this.windows.completed(s, arrival, latency);
  }
  firstToken(s: number, arrival: number, ttft: number): void {
    this.windows.firstToken(s, arrival, ttft);
    this.detail.firstToken(s, arrival, ttft);
  }
  tpot(s: number, arrival: number, tpot: number): void {
    this.windows.tpot(s, arrival, tpot);
    this.detail.tpot(s, arrival, tpot);
  }
}

const nanArray = (n: number) => new Float64Array(n).fill(Number.NaN);

/** Devices of the node's pool the pod holds ÷ the node's devices (0 on a node without GPUs). */
function gpuShare(cl: ClusterSetup, pod: number, node: number): number {
  const pool = cl.pools[cl.state.node.pool[node]!]!;
  const request = cl.state.templates[cl.state.pod.template[pod]!]!.request;
  let held = 0;
  let total = 0;
  for (const col of pool.deviceColumns) {
    held += request[col] ?? 0;
    total += pool.allocatable[col] ?? 0;
  }
  return total > 0 ? held / total : 0;
}

/** Per-node GPU busy columns (`samples` long each) and each pod's busy area at the previous sample. */
interface NodeColumns {
  readonly samples: number;
  readonly gpuBusy: Float64Array<ArrayBuffer>[];
  readonly lastBusy: number[];
}

/** Writes row `row` of each node's GPU busy share over the last `dt` seconds (NaN for nodes absent then or without GPUs). */
function sampleNodes(cl: ClusterSetup, sv: DetailServingView, t: NodeColumns, row: number, now: number, dt: number): void {
  const s = cl.state;
  const busy = new Float64Array(s.node.count);
  for (let pod = 0; pod < s.pod.count; pod++) {
    const area = sv.busyArea(pod);
    const delta = area - (t.lastBusy[pod] ?? 0);
    t.lastBusy[pod] = area;
    const node = s.pod.node[pod]!;
    if (node < 0 || delta <= 0) continue;
    busy[node]! += (delta / (dt * sv.slots(cl.serviceOf(pod)))) * gpuShare(cl, pod, node);
  }
  for (let node = 0; node < s.node.count; node++) {
    const col = (t.gpuBusy[node] ??= nanArray(t.samples));
    const created = s.node.createdAt[node]!;
    const removed = s.node.removedAt[node]!;
    const present = created < now && !(removed <= now - dt);
    const hasGpus = cl.pools[s.node.pool[node]!]!.deviceColumns.length > 0;
    col[row] = present && hasGpus ? Math.min(1, busy[node]!) : Number.NaN;
  }
}

/** Σ blocks in use ÷ Σ blocks over the service's pods that have a KV cache now (NaN without one). */
function sampleKv(cl: ClusterSetup, sv: DetailServingView, si: number): number {
  let used = 0;
  let capacity = 0;
  for (const pod of cl.deployments.allPods(si)) {
    const kv = sv.kv(pod);
    used += kv.used;
    capacity += kv.capacity;
  }
  return capacity > 0 ? used / capacity : Number.NaN;
}

/** Detail series turned off (SimulationOptions.detail): nothing heard, nothing sampled, empty columns. */
export const NO_DETAIL: DetailSeries = {
  sink: { firstToken: () => undefined, tpot: () => undefined },
  attach: () => undefined,
  sample: () => undefined,
  columns: () => ({ llm: {}, nodes: {} }),
};

/** `tokens[s]`: whether service s's requests produce tokens (its TTFT and TPOT are sampled). */
export function createDetailSeries(cx: SimContext, tokens: readonly boolean[]): DetailSeries {
  const { scenario, endTime } = cx;
  const step = scenario.output.seriesStep ?? seriesStep(endTime);
  const samples = Math.ceil(endTime / step - 1e-9);
  const llm = scenario.services.map((_, s) => (tokens[s] ? { ttft: createHistogram(), tpot: createHistogram() } : null));
  const cols = llm.map((w) => (w ? (Object.fromEntries(LLM_COLUMNS.map((c) => [c, nanArray(samples)])) as Record<LlmColumn, Float64Array<ArrayBuffer>>) : null));
  const nodeCols: NodeColumns = { samples, gpuBusy: [], lastBusy: [] };
  const gpuBusy = nodeCols.gpuBusy;
  let c: ClusterSetup | undefined;
  let serving: DetailServingView | undefined;
  let rows = 0;
  let last = 0;
  const windowed = (h: Histogram, q: number) => quantile(h, q);

  return {
    sink: {
      firstToken: (s, _arrival, ttft) => {
        const w = llm[s];
        if (w) record(w.ttft, ttft);
      },
      tpot: (s, _arrival, tpot) => {
        const w = llm[s];
        if (w) record(w.tpot, tpot);
      },
    },
    attach(cluster, sv) {
      c = cluster;
      serving = sv;
    },
    sample(now) {
      if (!c || !serving || rows >= samples) return;
      const dt = now - last;
      llm.forEach((w, si) => {
        if (!w) return;
        const out = cols[si]!;
        out.ttftP50[rows] = windowed(w.ttft, 0.5);
        out.ttftP99[rows] = windowed(w.ttft, 0.99);
        out.tpotP50[rows] = windowed(w.tpot, 0.5);
        out.tpotP99[rows] = windowed(w.tpot, 0.99);
        out.kvUsage[rows] = sampleKv(c!, serving!, si);
        reset(w.ttft);
        reset(w.tpot);
      });
      sampleNodes(c, serving, nodeCols, rows, now, dt);
      last = now;
      rows++;
    },
    columns() {
      const llmOut: Record<string, Record<LlmColumn, Float64Array<ArrayBuffer>>> = {};
      scenario.services.forEach((svc, si) => {
        const col = cols[si];
        if (col) llmOut[svc.name] = Object.fromEntries(LLM_COLUMNS.map((k) => [k, col[k].slice(0, rows)])) as Record<LlmColumn, Float64Array<ArrayBuffer>>;
      });
      const nodes: Record<string, { gpuBusy: Float64Array<ArrayBuffer> }> = {};
      const names = c?.state.node.name ?? [];
      for (let node = 0; node < names.length; node++) nodes[names[node]!] = { gpuBusy: (gpuBusy[node] ?? nanArray(samples)).slice(0, rows) };
      return { llm: llmOut, nodes };
    },
  };
}
