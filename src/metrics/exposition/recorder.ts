/**
 * What a monitoring stack would have scraped from a run, recorded at the simulation's sample
 * times: per service the request histograms (fixed `le` bounds), counters and summary windows;
 * per pod and per node the gauges of each sample. A run feeds it (request outcomes as they
 * happen, a snapshot at each sample); the exporters (vllm.ts, triton.ts, …) turn it into families.
 */
import { createHistogram, quantile, record, reset } from "../histogram.js";
import type { BucketSeries, BucketSeriesData } from "./bucket-series.js";
import { createBucketSeries } from "./bucket-series.js";
import { E2E_BUCKETS, TPOT_BUCKETS, TTFT_BUCKETS } from "./vllm-buckets.js";

export type ServerKind = "llm" | "classic";

/** The quantiles of Triton's latency summaries (its defaults). */
export const SUMMARY_QUANTILES = [0.5, 0.9, 0.95, 0.99, 0.999] as const;

/** Whole-run totals of a service at a sample. */
export interface ServiceSnapshot {
  readonly completed: number;
  /** Rejected, failed or timed out. */
  readonly failed: number;
  /** Output tokens generated so far (LLM). */
  readonly generationTokens: number;
  /** KV-cache preemptions so far (LLM). */
  readonly preemptions: number;
  /** Deployment: spec replicas, pods not terminating, Ready pods. */
  readonly desired: number;
  readonly current: number;
  readonly available: number;
}

export interface PodSnapshot {
  /** Dense id of the pod within the run (its track). */
  readonly id: number;
  readonly name: string;
  readonly service: number;
  readonly node: string | null;
  /** Kubernetes pod phase: Running once its container started. */
  readonly phase: "Pending" | "Running";
  readonly ready: boolean;
  /** Requests in service (in a batch) and waiting at the pod. */
  readonly running: number;
  readonly waiting: number;
  /** Used share of the KV cache (LLM pods; NaN otherwise). */
  readonly kvUsage: number;
}

export interface NodeSnapshot {
  readonly id: number;
  readonly name: string;
  readonly pool: string;
  readonly zone: string | null;
  /** Registered and Ready, registered but unreachable (a failed machine), or still provisioning (no Node object yet). */
  readonly condition: "true" | "unknown" | "provisioning";
  /** Catalog GPU name (e.g. "NVIDIA H100 SXM5 80GB"), null without GPUs. */
  readonly gpuModel: string | null;
  readonly pricePerHour: number;
  /** Per physical GPU: busy share over the last step (0–1) and the pod holding it. */
  readonly gpus: readonly { readonly util: number; readonly pod: string | null }[];
}

export interface Snapshot {
  readonly services: readonly ServiceSnapshot[];
  readonly pods: readonly PodSnapshot[];
  readonly nodes: readonly NodeSnapshot[];
}

/** Rows of a track start at its first sample (`first`, an index into MonitoringData.t). */
export interface PodTrack {
  readonly name: string;
  readonly service: number;
  readonly first: number;
  readonly node: (string | null)[];
  readonly phase: ("Pending" | "Running")[];
  readonly ready: number[];
  readonly running: number[];
  readonly waiting: number[];
  readonly kvUsage: number[];
}

export interface NodeTrack {
  readonly name: string;
  readonly pool: string;
  readonly zone: string | null;
  readonly gpuModel: string | null;
  readonly first: number;
  readonly condition: NodeSnapshot["condition"][];
  readonly pricePerHour: number[];
  /** Per GPU, per row. */
  readonly gpuUtil: number[][];
  readonly gpuPod: (string | null)[][];
}

export interface ServiceTrack {
  readonly kind: ServerKind;
  readonly ttft: BucketSeriesData;
  readonly tpot: BucketSeriesData;
  readonly e2e: BucketSeriesData;
  readonly queue: BucketSeriesData;
  /** Cumulative totals per row. */
  readonly counters: { readonly [K in keyof ServiceSnapshot | "promptTokens" | "latencySeconds" | "queueSeconds"]: readonly number[] };
  /** Triton-style summaries over each step's completions, one column per SUMMARY_QUANTILES entry (NaN when none completed). */
  readonly latencySummary: readonly (readonly number[])[];
  readonly queueSummary: readonly (readonly number[])[];
}

export interface MonitoringData {
  /** Sample times, seconds of simulated time. */
  readonly t: readonly number[];
  readonly services: readonly ServiceTrack[];
  readonly pods: readonly PodTrack[];
  readonly nodes: readonly NodeTrack[];
}

/** What a run calls: `begin` once, request outcomes as they happen, `sample` at each sample time. */
export interface MonitoringRecorder {
  begin(kinds: readonly ServerKind[], samples: number): void;
  /** A request completed after `latency` seconds. */
  completed(service: number, latency: number): void;
  /** A completed request had waited `wait` seconds before its service (or its first batch) began. */
  queued(service: number, wait: number): void;
  firstToken(service: number, ttft: number): void;
  tpot(service: number, tpot: number): void;
  promptTokens(service: number, tokens: number): void;
  sample(now: number, snapshot: Snapshot): void;
  data(): MonitoringData;
}

interface ServiceState {
  readonly kind: ServerKind;
  readonly ttft: BucketSeries;
  readonly tpot: BucketSeries;
  readonly e2e: BucketSeries;
  readonly queue: BucketSeries;
  readonly windowLatency: ReturnType<typeof createHistogram>;
  readonly windowQueue: ReturnType<typeof createHistogram>;
  promptTokens: number;
  latencySeconds: number;
  queueSeconds: number;
  readonly counters: Record<keyof ServiceTrack["counters"], number[]>;
  readonly latencySummary: number[][];
  readonly queueSummary: number[][];
}

export function createMonitoringRecorder(): MonitoringRecorder {
  const t: number[] = [];
  let services: ServiceState[] | null = null;
  const pods = new Map<number, PodTrack>();
  const nodes = new Map<number, NodeTrack>();
  const svc = (s: number): ServiceState => {
    const st = services?.[s];
    if (!st) throw new Error(`monitoring: unknown service ${s} (begin was not called, or called with fewer services)`);
    return st;
  };
  const summarize = (h: ReturnType<typeof createHistogram>, into: number[][]) => SUMMARY_QUANTILES.forEach((q, i) => into[i]!.push(h.count === 0 ? NaN : quantile(h, q)));

  return {
    begin(kinds, samples) {
      if (services) throw new Error("monitoring: a recorder records one run (begin called twice)");
      services = kinds.map((kind) => ({
        kind,
        ttft: createBucketSeries(TTFT_BUCKETS, samples),
        tpot: createBucketSeries(TPOT_BUCKETS, samples),
        e2e: createBucketSeries(E2E_BUCKETS, samples),
        queue: createBucketSeries(E2E_BUCKETS, samples),
        windowLatency: createHistogram(),
        windowQueue: createHistogram(),
        promptTokens: 0,
        latencySeconds: 0,
        queueSeconds: 0,
        counters: { completed: [], failed: [], generationTokens: [], preemptions: [], desired: [], current: [], available: [], promptTokens: [], latencySeconds: [], queueSeconds: [] },
        latencySummary: SUMMARY_QUANTILES.map(() => []),
        queueSummary: SUMMARY_QUANTILES.map(() => []),
      }));
    },
    completed(s, latency) {
      const st = svc(s);
      st.e2e.observe(latency);
      record(st.windowLatency, latency);
      st.latencySeconds += latency;
    },
    queued(s, wait) {
      const st = svc(s);
      st.queue.observe(wait);
      record(st.windowQueue, wait);
      st.queueSeconds += wait;
    },
    firstToken: (s, ttft) => svc(s).ttft.observe(ttft),
    tpot: (s, v) => svc(s).tpot.observe(v),
    promptTokens(s, tokens) {
      svc(s).promptTokens += tokens;
    },
    sample(now, snap) {
      if (!services) throw new Error("monitoring: sample before begin");
      if (t.length > 0 && !(now > t[t.length - 1]!)) throw new Error(`monitoring: sample times must increase (${now} after ${t[t.length - 1]})`);
      const row = t.length;
      t.push(now);
      services.forEach((st, s) => {
        const v = snap.services[s];
        if (!v) throw new Error(`monitoring: snapshot lacks service ${s}`);
        for (const h of [st.ttft, st.tpot, st.e2e, st.queue]) h.sample();
        const c = st.counters;
        for (const k of ["completed", "failed", "generationTokens", "preemptions", "desired", "current", "available"] as const) c[k].push(v[k]);
        c.promptTokens.push(st.promptTokens);
        c.latencySeconds.push(st.latencySeconds);
        c.queueSeconds.push(st.queueSeconds);
        summarize(st.windowLatency, st.latencySummary);
        summarize(st.windowQueue, st.queueSummary);
        reset(st.windowLatency);
        reset(st.windowQueue);
      });
      for (const p of snap.pods) {
        let tr = pods.get(p.id);
        if (!tr) pods.set(p.id, (tr = { name: p.name, service: p.service, first: row, node: [], phase: [], ready: [], running: [], waiting: [], kvUsage: [] }));
        if (tr.first + tr.phase.length !== row) throw new Error(`monitoring: pod ${p.name} reappeared after leaving`);
        tr.node.push(p.node);
        tr.phase.push(p.phase);
        tr.ready.push(p.ready ? 1 : 0);
        tr.running.push(p.running);
        tr.waiting.push(p.waiting);
        tr.kvUsage.push(p.kvUsage);
      }
      for (const n of snap.nodes) {
        let tr = nodes.get(n.id);
        if (!tr) {
          tr = { name: n.name, pool: n.pool, zone: n.zone, gpuModel: n.gpuModel, first: row, condition: [], pricePerHour: [], gpuUtil: n.gpus.map(() => []), gpuPod: n.gpus.map(() => []) };
          nodes.set(n.id, tr);
        }
        if (tr.first + tr.condition.length !== row) throw new Error(`monitoring: node ${n.name} reappeared after leaving`);
        tr.condition.push(n.condition);
        tr.pricePerHour.push(n.pricePerHour);
        n.gpus.forEach((g, i) => {
          tr.gpuUtil[i]!.push(g.util);
          tr.gpuPod[i]!.push(g.pod);
        });
      }
    },
    data() {
      const byId = <T>(m: Map<number, T>) => [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
      return {
        t: [...t],
        services: (services ?? []).map((st) => ({
          kind: st.kind,
          ttft: st.ttft.data(),
          tpot: st.tpot.data(),
          e2e: st.e2e.data(),
          queue: st.queue.data(),
          counters: st.counters,
          latencySummary: st.latencySummary,
          queueSummary: st.queueSummary,
        })),
        pods: byId(pods),
        nodes: byId(nodes),
      };
    },
  };
}
