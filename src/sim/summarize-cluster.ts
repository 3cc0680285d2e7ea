/** The cluster part of Results: each pod's status, timeline and cold start; nodes; the scheduler; per-service cold-start quantiles. */
import type { ClusterState, PodIx } from "../cluster/index.js";
import { NodePhase, PodPhase, PodStage, WellKnown } from "../cluster/index.js";
import type { Scenario } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { ColdStart, ColdStartSummary, NodeSummary, PodSummary, PodTimeline, SchedulerSummary } from "./results.js";

const orNull = (x: number | undefined): number | null => (x === undefined || Number.isNaN(x) ? null : x);

function timelineOf(c: ClusterSetup, pod: number): PodTimeline {
  const p = c.state.pod;
  const t = c.pods.timeline;
  return {
    created: p.createdAt[pod]!,
    scheduled: orNull(p.boundAt[pod]),
    imageReady: orNull(t.imageReadyAt[pod]),
    started: orNull(t.startedAt[pod]),
    modelLoaded: orNull(t.modelLoadedAt[pod]),
    ready: orNull(t.readyAt[pod]),
    terminating: orNull(p.terminatingAt[pod]),
    deleted: orNull(p.deletedAt[pod]),
  };
}

export function coldStartOf(c: ClusterSetup, pod: number): ColdStart | null {
  const tl = timelineOf(c, pod);
  if (tl.ready === null || tl.scheduled === null || tl.imageReady === null || tl.started === null || tl.modelLoaded === null) return null;
  return {
    scheduling: tl.scheduled - tl.created,
    imagePull: c.pods.timeline.pullSeconds[pod]!,
    init: c.pods.timeline.initSeconds[pod]!,
    containerStart: tl.started - tl.imageReady,
    modelLoad: tl.modelLoaded - tl.started,
    readiness: tl.ready - tl.modelLoaded,
    total: tl.ready - tl.created,
  };
}

/** Nearest-rank quantile of sorted values. */
const rank = (sorted: readonly number[], q: number): number => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

export function coldStartSummary(starts: readonly ColdStart[]): ColdStartSummary | null {
  if (starts.length === 0) return null;
  const keys = ["scheduling", "imagePull", "init", "containerStart", "modelLoad", "readiness", "total"] as const;
  const out: Record<string, unknown> = { pods: starts.length };
  for (const k of keys) {
    const v = starts.map((s) => s[k]).sort((a, b) => a - b);
    out[k] = { p50: rank(v, 0.5), p99: rank(v, 0.99) };
  }
  return out as ColdStartSummary;
}

function statusOf(c: ClusterSetup, pod: number): PodSummary["status"] {
  const phase = c.state.pod.phase[pod];
  if (phase === PodPhase.Deleted) return "Deleted";
  if (phase === PodPhase.Terminating) return "Terminating";
  if (phase === PodPhase.Pending) return "Pending";
  const stage = c.pods.stage(pod);
  if (stage === PodStage.Init) return "Init";
  if (c.pods.backingOff(pod)) return "CrashLoopBackOff";
  return stage >= PodStage.Loading ? "Running" : "ContainerCreating";
}

export function podSummaries(
  sc: Scenario,
  c: ClusterSetup,
  utilisation: (pod: number) => number | null,
  routed: (pod: number) => number,
  llm: (pod: number) => PodSummary["llm"],
  notTriggerScaleUp: (pod: number) => string | null = () => null,
): PodSummary[] {
  const s = c.state;
  const out: PodSummary[] = [];
  for (let pod = 0; pod < s.pod.count; pod++) {
    const node = s.pod.node[pod]!;
    const nominated = s.pod.nominated[pod]!;
    const pending = s.pod.phase[pod] === PodPhase.Pending;
    out.push({
      name: s.pod.name[pod]!,
      service: sc.services[c.serviceOf(pod)]!.name,
      node: node >= 0 ? s.node.name[node]! : null,
      status: statusOf(c, pod),
      ready: c.pods.stage(pod) === PodStage.Ready,
      restarts: c.pods.timeline.restarts[pod] ?? 0,
      lastTermination: c.pods.lastExit(pod),
      pendingReason: pending ? c.scheduler.pendingMessage(pod as PodIx) : null,
      notTriggerScaleUp: pending ? notTriggerScaleUp(pod) : null,
      nominatedNode: nominated >= 0 ? s.node.name[nominated]! : null,
      timeline: timelineOf(c, pod),
      requests: routed(pod),
      coldStart: coldStartOf(c, pod),
      utilisation: node >= 0 || s.pod.phase[pod] === PodPhase.Deleted ? utilisation(pod) : null,
      llm: llm(pod),
    });
  }
  return out;
}

/** Requested share of a node's allocatable over some columns (null when the node has none of them). */
function share(s: ClusterState, node: number, columns: readonly number[], allocatable: Float64Array): number | null {
  const w = s.resources.width;
  let req = 0;
  let alloc = 0;
  for (const col of columns) {
    req += s.node.requested[node * w + col]!;
    alloc += allocatable[col]!;
  }
  return alloc > 0 ? req / alloc : null;
}

export function nodeSummaries(sc: Scenario, c: ClusterSetup, utilisation: (pods: readonly number[]) => number | null): NodeSummary[] {
  const s = c.state;
  const out: NodeSummary[] = [];
  for (let node = 0; node < s.node.count; node++) {
    const pool = c.pools[s.node.pool[node]!]!;
    const pods: number[] = [];
    for (let p = s.node.firstPod[node]!; p >= 0; p = s.pod.nextOnNode[p]!) pods.push(p);
    const phase = s.node.phase[node];
    out.push({
      name: s.node.name[node]!,
      pool: pool.name,
      gpuType: sc.cluster.nodePools[s.node.pool[node]!]!.gpu?.type ?? null,
      zone: s.node.labels[node]!.get(WellKnown.zone) ?? null,
      status: phase === NodePhase.Ready ? "Ready" : phase === NodePhase.Removed ? "Removed" : "Provisioning",
      createdAt: s.node.createdAt[node]!,
      readyAt: orNull(s.node.readyAt[node]),
      removedAt: orNull(s.node.removedAt[node]),
      devicesReadyAt: orNull(c.nodes.devicesReadyAt(node)),
      pods: pods.length,
      allocated: {
        cpu: share(s, node, [s.resources.id("cpu")], pool.allocatable) ?? 0,
        memory: share(s, node, [s.resources.id("memory")], pool.allocatable) ?? 0,
        gpu: share(s, node, pool.deviceColumns, pool.allocatable),
      },
      utilisation: utilisation(pods),
    });
  }
  return out;
}

export function schedulerSummary(c: ClusterSetup): SchedulerSummary {
  const sch = c.scheduler;
  return {
    ...sch.stats,
    explain: sch.explained.map((e) => ({ pod: e.pod, at: e.at, attempt: e.attempt, ...e.record })),
    explainDropped: sch.explainDropped,
  };
}

/** Node-seconds per pool: from provisioning start to removal (or now). */
export function nodeSecondsByPool(c: ClusterSetup, now: number): number[] {
  const s = c.state;
  const out = c.pools.map(() => 0);
  for (let node = 0; node < s.node.count; node++) {
    const end = Number.isNaN(s.node.removedAt[node]!) ? now : s.node.removedAt[node]!;
    out[s.node.pool[node]!]! += end - s.node.createdAt[node]!;
  }
  return out;
}
