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
  // GPU indices each pod holds on its node, and each pod's busy area at the previous sample.
  const held = new Map<number, { node: number; gpus: number[] }>();
  const busyBefore = new Map<number, number>();
  const downSince = new Map<number, number>();
  let last = 0;

  const snapshotPods = (c: ClusterSetup, serving: ServingPlane): PodSnapshot[] => {
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
  };

  const snapshotNodes = (c: ClusterSetup, serving: ServingPlane, now: number): NodeSnapshot[] => {
    const s = c.state;
    const dt = now - last;
    const out: NodeSnapshot[] = [];
    for (let n = 0; n < s.node.count; n++) {
      const phase = s.node.phase[n];
      if (phase === NodePhase.Removed) continue;
      const pool = pools[s.node.pool[n]!]!;
      const owner: (number | null)[] = Array.from({ length: pool.gpus }, () => null);
      let down = false;
      forEachPodOn(s, n as NodeIx, (p) => {
        down ||= serving.isDown(p);
        const h = held.get(p);
        if (h?.node === n) for (const g of h.gpus) owner[g] = p;
      });
      // Pods bound here since the last sample take the lowest free GPUs.
      forEachPodOn(s, n as NodeIx, (p) => {
        if (held.get(p)?.node === n) return;
        const free = owner.flatMap((o, g) => (o === null ? [g] : [])).slice(0, gpusOf[c.serviceOf(p)]!);
        for (const g of free) owner[g] = p;
        held.set(p, { node: n, gpus: free });
      });
      if (down && !downSince.has(n)) downSince.set(n, now);
      // The node controller marks an unreachable node's Ready condition Unknown after its grace period.
      const unknown = down && now - downSince.get(n)! >= scenario.cluster.nodeHealth.monitorGracePeriod;
      const busy = (p: number) => {
        const area = serving.busyArea(p);
        const share = dt > 0 ? (area - (busyBefore.get(p) ?? 0)) / (dt * serving.slots(c.serviceOf(p))) : 0;
        return Math.min(1, Math.max(0, share));
      };
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
    for (let p = 0; p < s.pod.count; p++) busyBefore.set(p, serving.busyArea(p));
    return out;
  };

  const snapshotServices = (c: ClusterSetup, { plane, stats: st }: ServingSetup): ServiceSnapshot[] =>
    scenario.services.map((_, si) => {
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
      const services = snapshotServices(c, serving);
      const pods = snapshotPods(c, serving.plane);
      const nodes = snapshotNodes(c, serving.plane, now);
      recorder.sample(now, { services, pods, nodes });
      last = now;
    },
  };
}
