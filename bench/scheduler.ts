/**
 * The scheduler benchmark: 5,000 nodes (GPU pools with taints and GPU product labels, CPU pools,
 * three zones) and 50,000 pods of 50 workloads with mixed requests, tolerations, node selectors and
 * affinities and spread constraints, scheduled by the default profile through the real queue and
 * cycle. Reports scheduling decisions per second (median of runs, by the wall clock and by CPU
 * time) with the adaptive percentageOfNodesToScore and with 100%, and the limit script's speed
 * measured beside them, in one JSON line.
 */
import { createHash } from "node:crypto";
import { parseArgs } from "node:util";
import type { PodSpec, Taint } from "../src/cluster/index.js";
import { addNode, addTemplate, bindPod, createClusterState, createPod, createResourceIndex, registerNode, Res, toLabels } from "../src/cluster/index.js";
import { createEngine, createStreams } from "../src/engine/index.js";
import { createScheduler, inTreeRegistry, profileSchema } from "../src/scheduler/index.js";
import { limitSummary, median, round, runLimit, timed } from "./limit.js";
import type { LimitRun } from "./limit.js";

const GiB = 2 ** 30;
const GPU_TAINT: Taint = { key: "nvidia.com/gpu", effect: "NoSchedule" };
const ZONES = ["zone-a", "zone-b", "zone-c"];

interface Pool {
  readonly name: string;
  readonly share: number;
  readonly cpu: number;
  readonly memory: number;
  readonly gpus: number;
  readonly product?: string;
  readonly taints: readonly Taint[];
}

const POOLS: readonly Pool[] = [
  { name: "h100", share: 0.1, cpu: 192_000, memory: 2048 * GiB, gpus: 8, product: "NVIDIA-H100-SXM5-80GB", taints: [GPU_TAINT] },
  { name: "a100", share: 0.14, cpu: 96_000, memory: 1024 * GiB, gpus: 8, product: "NVIDIA-A100-80GB-SXM4", taints: [GPU_TAINT] },
  { name: "l4", share: 0.26, cpu: 48_000, memory: 192 * GiB, gpus: 4, product: "NVIDIA-L4", taints: [GPU_TAINT] },
  { name: "general", share: 0.4, cpu: 32_000, memory: 128 * GiB, gpus: 0, taints: [] },
  { name: "highmem", share: 0.1, cpu: 64_000, memory: 512 * GiB, gpus: 0, taints: [{ key: "workload", value: "memory", effect: "PreferNoSchedule" }] },
];

/** Workload w of 50: a GPU model server on one product, or a CPU service; some spread over zones, some prefer zones. */
function workload(w: number): PodSpec {
  const labels = { app: `w${w}` };
  const spread = w % 5 === 0 ? [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule" as const, labelSelector: { matchLabels: labels } }] : [];
  const prefer = w % 3 === 0 ? { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, preference: { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In" as const, values: [ZONES[w % 3]!] }] } }] } : {};
  if (w < 15) {
    const pool = POOLS[w % 3]!;
    const gpus = 1 + (w % 4 === 0 ? 1 : 0);
    return {
      labels,
      containers: [{ image: `registry.example.com/llm-${w}:1`, requests: { cpu: 4000 + 1000 * (w % 4), memory: (32 + 8 * (w % 4)) * GiB, "nvidia.com/gpu": gpus } }],
      tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "nvidia.com/gpu.product", operator: "In", values: [pool.product!] }] }] }, ...prefer } },
      topologySpreadConstraints: spread,
      priority: w % 7 === 0 ? 1000 : 0,
    };
  }
  return {
    labels,
    containers: [{ image: `registry.example.com/svc-${w}:1`, requests: w % 4 === 0 ? { memory: GiB } : { cpu: 250 * (1 + (w % 6)), memory: (1 + (w % 8)) * GiB } }],
    ...(w % 4 === 1 ? { tolerations: [{ key: "workload", operator: "Equal", value: "memory", effect: "PreferNoSchedule" }] } : {}),
    ...(w % 6 === 2 ? { nodeSelector: { "servesim.io/node-pool": "general" } } : {}),
    affinity: { nodeAffinity: prefer },
    topologySpreadConstraints: spread,
  };
}

/** Builds the cluster and schedules every pod; returns decisions, outcomes and the wall time of the scheduling alone. */
function run(nodes: number, pods: number, percentage: number, seed: number) {
  const s = createClusterState(createResourceIndex(["nvidia.com/gpu"]));
  let made = 0;
  POOLS.forEach((p, pi) => {
    const count = pi === POOLS.length - 1 ? nodes - made : Math.round(nodes * p.share);
    for (let i = 0; i < count; i++, made++) {
      const row = new Float64Array(s.resources.width);
      row[Res.cpu] = p.cpu;
      row[Res.memory] = p.memory;
      row[Res.ephemeralStorage] = 500 * GiB;
      row[s.resources.id("nvidia.com/gpu")] = p.gpus;
      const labels: Record<string, string> = { "kubernetes.io/hostname": `${p.name}-${i}`, "topology.kubernetes.io/zone": ZONES[i % ZONES.length]!, "servesim.io/node-pool": p.name };
      if (p.product) labels["nvidia.com/gpu.product"] = p.product;
      const n = addNode(s, { name: `${p.name}-${i}`, pool: pi, allocatable: row, maxPods: 110, labels: toLabels(labels), taints: p.taints }, 0);
      registerNode(s, n, 0);
    }
  });
  const templates = Array.from({ length: 50 }, (_, w) => addTemplate(s, `w${w}`, w, workload(w), () => 2 * GiB));
  const engine = createEngine();
  const scheduler = createScheduler({
    engine,
    cluster: s,
    config: { percentageOfNodesToScore: percentage, podInitialBackoffSeconds: 1, podMaxBackoffSeconds: 10, profiles: [profileSchema.parse({})] },
    registry: inTreeRegistry,
    stream: createStreams(seed),
    explain: { first: 0, matches: () => false, limit: 0 },
    warn: () => undefined,
    hooks: { bind: (pod, node, now) => bindPod(s, pod, node, now), evict: () => undefined },
  });
  // GPU workloads hold 10% of the pods, spread over the 15 GPU workloads; the rest over the CPU ones.
  for (let i = 0; i < pods; i++) {
    const w = i % 10 === 0 ? (i / 10) % 15 : 15 + (i % 35);
    scheduler.enqueue(createPod(s, templates[w]!.id, `w${w}-${i}`, 0), 0);
  }
  const { wallSeconds: seconds, cpuSeconds } = timed(() => engine.runUntil(0));
  // Which node each pod went to, as one digest: equal digests mean equal decisions.
  const placements = createHash("sha256").update(new Uint8Array(s.pod.node.buffer, s.pod.node.byteOffset, s.pod.count * s.pod.node.BYTES_PER_ELEMENT)).digest("hex").slice(0, 16);
  return { decisions: scheduler.stats.attempts, scheduled: scheduler.stats.scheduled, unschedulable: scheduler.stats.unschedulable, seconds, cpuSeconds, placements };
}

export async function schedulerBench(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      nodes: { type: "string", default: "5000" },
      pods: { type: "string", default: "50000" },
      runs: { type: "string", default: "5" },
      only: { type: "string" },
      "limit-runs": { type: "string", default: "3" },
    },
  });
  const nodes = Number(values.nodes);
  const pods = Number(values.pods);
  const runs = Number(values.runs);
  const limits: LimitRun[] = [];
  const measure = (percentage: number) => {
    const rs = Array.from({ length: runs }, (_, i) => {
      if (limits.length < Number(values["limit-runs"])) limits.push(runLimit());
      return run(nodes, pods, percentage, i + 1);
    });
    const rates = rs.map((r) => r.decisions / r.seconds);
    const cpuRates = rs.map((r) => r.decisions / r.cpuSeconds);
    return {
      decisionsPerSec: Math.round(median(rates)),
      decisionsPerSecRuns: rates.map(Math.round),
      // By CPU time, steadier than the wall clock on a shared machine.
      decisionsPerCpuSec: Math.round(median(cpuRates)),
      decisionsPerCpuSecRuns: cpuRates.map(Math.round),
      decisions: rs[0]!.decisions,
      scheduled: rs[0]!.scheduled,
      unschedulable: rs[0]!.unschedulable,
      // Digest of each run's pod → node placements (runs differ by seed).
      placements: rs.map((r) => r.placements),
      wallSeconds: Number(median(rs.map((r) => r.seconds)).toFixed(3)),
    };
  };
  const adaptive = values.only === "full" ? null : measure(0);
  const full = values.only === "adaptive" ? null : measure(100);
  const line = {
    bench: "scheduler",
    nodes,
    pods,
    runs,
    adaptive: adaptive && { percentageOfNodesToScore: 0, ...adaptive },
    full: full && { percentageOfNodesToScore: 100, ...full },
    // The limit's events per second, and decisions per thousand of its events (by CPU time), for comparing runs made on differently loaded machines.
    limit: limitSummary(limits),
    ratio: limits.length === 0 ? null : { adaptive: adaptive && round((1000 * adaptive.decisionsPerCpuSec) / limitSummary(limits).eventsPerCpuSec), full: full && round((1000 * full.decisionsPerCpuSec) / limitSummary(limits).eventsPerCpuSec) },
    peakRssMiB: Number((process.resourceUsage().maxRSS / 1024).toFixed(1)),
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}
