/**
 * Feeds a MonitoringRecorder (metrics/exposition) from a run when the caller asks for the
 * monitoring export: request outcomes through the statistics' sink, and at each sample a snapshot
 * of the services, pods and nodes (gauges, counters, GPUs held and how busy they were).
 */
import { findGpu } from "../catalog/index.js";
import { forEachPodOn, NodePhase, PodPhase, PodStage, WellKnown } from "../cluster/index.js";
import type { NodeIx } from "../cluster/index.js";
import type { MonitoringRecorder, NodeSnapshot, PodSnapshot, ServiceSnapshot } from "../metrics/exposition/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import type { StatsSink } from "../metrics/index.js";
import type { ServingPlane } from "../serving/index.js";
import type { ServingSetup } from "./serving-setup.js";
import { seriesStep } from "./step.js";

export interface Monitoring {
  /** Hears request outcomes beside `inner` (the SLO windows). */
  sink(inner: StatsSink): StatsSink;
  /** Records one snapshot; call at each sample, after the servers were flushed to `now`. */
  sample(now: number): void;
  bind(cluster: ClusterSetup, serving: ServingSetup): void;
}

const GPU_RESOURCES = ["nvidia.com/gpu", "amd.com/gpu"] as const;

/** Every pod not deleted: where it runs, whether it is an endpoint, its requests and KV usage. */
function snapshotPods(c: ClusterSetup, serving: ServingPlane): PodSnapshot[] {
  const s = c.state;
  const out: PodSnapshot[] = [];
  for (let p = 0; p < s.pod.count; p++) {
    if (s.pod.phase[p] === PodPhase.Deleted) continue;
    const node = s.pod.node[p]!;
    const load = serving.load(p);
    const waiting = serving.queued(p);
    out.push({
      id: p,
      name: s.pod.name[p]!,
      service: c.serviceOf(p),
      node: node >= 0 ? s.node.name[node]! : null,
      phase: Number.isNaN(c.pods.timeline.startedAt[p]!) ? "Pending" : "Running",
      ready: c.pods.stage(p) === PodStage.Ready && !serving.isDown(p),
      running: serving.inFlight(p) - waiting,
      waiting,
      kvUsage: load.kvCapacity > 0 ? load.kvUsed / load.kvCapacity : NaN,
    });
  }
  return out;
}

/** What the node snapshots remember between samples: GPU indices each pod holds on its node, each pod's busy area, when nodes went down. */
interface NodeTrack {
  readonly pools: readonly { readonly gpus: number; readonly model: string | null; readonly price: number }[];
  readonly gpusOf: readonly number[];
  readonly monitorGracePeriod: number;
  readonly held: Map<number, { node: number; gpus: number[] }>;
  readonly busyBefore: Map<number, number>;
  readonly downSince: Map<number, number>;
}

/** The GPUs of node `n`, each with the pod that holds it (pods bound since the last sample take the lowest free ones). */
function gpuOwners(c: ClusterSetup, t: NodeTrack, n: number): (number | null)[] {
  const s = c.state;
  const owner: (number | null)[] = Array.from({ length: t.pools[s.node.pool[n]!]!.gpus }, () => null);
  forEachPodOn(s, n as NodeIx, (p) => {
    const h = t.held.get(p);
    if (h?.node === n) for (const g of h.gpus) owner[g] = p;
  });
  forEachPodOn(s, n as NodeIx, (p) => {
    if (t.held.get(p)?.node === n) return;
    const free = owner.flatMap((o, g) => (o === null ? [g] : [])).slice(0, t.gpusOf[c.serviceOf(p)]!);
    for (const g of free) owner[g] = p;
    t.held.set(p, { node: n, gpus: free });
  });
  return owner;
}

/** Every node not removed: its condition, price, and each GPU's holder and busy share since the last sample (`dt` ago). */
function snapshotNodes(c: ClusterSetup, serving: ServingPlane, t: NodeTrack, now: number, dt: number): NodeSnapshot[] {
  const s = c.state;
  const out: NodeSnapshot[] = [];
  const busy = (p: number) => {
    const share = dt > 0 ? (serving.busyArea(p) - (t.busyBefore.get(p) ?? 0)) / (dt * serving.slots(c.serviceOf(p))) : 0;
    return Math.min(1, Math.max(0, share));
  };
  for (let n = 0; n < s.node.count; n++) {
    const phase = s.node.phase[n];
    if (phase === NodePhase.Removed) continue;
    const pool = t.pools[s.node.pool[n]!]!;
    let down = false;
    forEachPodOn(s, n as NodeIx, (p) => void (down ||= serving.isDown(p)));
    const owner = gpuOwners(c, t, n);
    if (down && !t.downSince.has(n)) t.downSince.set(n, now);
    // The node controller marks an unreachable node's Ready condition Unknown after its grace period.
    const unknown = down && now - t.downSince.get(n)! >= t.monitorGracePeriod;
    out.push({
      id: n,
      name: s.node.name[n]!,
      pool: c.pools[s.node.pool[n]!]!.name,
      zone: s.node.labels[n]!.get(WellKnown.zone) ?? null,
      condition: phase === NodePhase.Provisioning ? "provisioning" : unknown ? "unknown" : "true",
      gpuModel: pool.model,
      pricePerHour: pool.price,
      gpus: owner.map((p) => ({ util: p === null ? 0 : busy(p), pod: p === null ? null : s.pod.name[p]! })),
    });
  }
  for (let p = 0; p < s.pod.count; p++) t.busyBefore.set(p, serving.busyArea(p));
  return out;
}

/** Each service's counters (completed, failed, tokens, preemptions) and replica gauges. */
function snapshotServices(c: ClusterSetup, { plane, stats: st }: ServingSetup, services: number): ServiceSnapshot[] {
  return Array.from({ length: services }, (_, si) => {
    const llm = c.deployments.allPods(si).map((p) => plane.load(p));
    const active = c.deployments.activePods(si);
    return {
      completed: st.completed[si]!,
      failed: st.rejected[si]! + st.failed[si]! + st.timedOut[si]!,
      generationTokens: llm.reduce((a, x) => a + x.generated, 0),
      preemptions: llm.reduce((a, x) => a + x.preemptions, 0),
      desired: c.deployments.desired(si),
      current: active.length,
      available: active.filter((p) => c.pods.stage(p) === PodStage.Ready).length,
    };
  });
}

export function setupMonitoring(cx: SimContext, recorder: MonitoringRecorder): Monitoring {
  const { scenario, endTime } = cx;
  const step = scenario.output.seriesStep ?? seriesStep(endTime);
  recorder.begin(
    scenario.services.map((s) => s.model.kind),
    Math.ceil(endTime / step - 1e-9),
  );
  const gpusOf = scenario.services.map((svc) => GPU_RESOURCES.reduce((n, r) => n + (svc.resources.requests[r] ?? svc.resources.limits[r] ?? 0), 0));
  const pools = scenario.cluster.nodePools.map((p) => {
    const gpu = p.gpu ? findGpu(p.gpu.type) : undefined;
    const perGpu = gpu?.pricePerGpuHour;
    return { gpus: p.gpu?.count ?? 0, model: gpu?.name ?? p.gpu?.type ?? null, price: p.pricePerHour ?? (p.gpu && typeof perGpu === "number" ? perGpu * p.gpu.count : 0) };
  });
  let bound: { c: ClusterSetup; serving: ServingSetup } | null = null;
  const track: NodeTrack = { pools, gpusOf, monitorGracePeriod: scenario.cluster.nodeHealth.monitorGracePeriod, held: new Map(), busyBefore: new Map(), downSince: new Map() };
  let last = 0;

  return {
    sink: (inner) => ({
      arrived: (s, a) => inner.arrived(s, a),
      rejected: (s, a) => inner.rejected(s, a),
      failed: (s, a) => inner.failed(s, a),
      timedOut: (s, a) => inner.timedOut(s, a),
      completed(s, a, latency) {
        inner.completed(s, a, latency);
        recorder.completed(s, latency);
      },
      firstToken(s, a, ttft) {
        inner.firstToken(s, a, ttft);
        recorder.firstToken(s, ttft);
      },
      tpot: (s, a, v) => inner.tpot(s, a, v),
      waited: (s, wait) => recorder.queued(s, wait),
      tokens(s, input, _output, tpot) {
        recorder.promptTokens(s, input);
        if (!Number.isNaN(tpot)) recorder.tpot(s, tpot);
      },
    }),
    bind(c, serving) {
      bound = { c, serving };
    },
    sample(now) {
      if (!bound) throw new Error("monitoring: sample before bind");
      const { c, serving } = bound;
      const services = snapshotServices(c, serving, scenario.services.length);
      const pods = snapshotPods(c, serving.plane);
      const nodes = snapshotNodes(c, serving.plane, track, now, now - last);
      recorder.sample(now, { services, pods, nodes });
      last = now;
    },
  };
}
