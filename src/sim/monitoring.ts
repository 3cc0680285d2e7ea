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
import type { Faults } from "./faults-setup.js";
import type { ServingSetup } from "./serving-setup.js";
import type { StatsSink } from "./slo-windows.js";
import { seriesStep } from "./step.js";

export interface Monitoring {
  /** Hears request outcomes beside `inner` (the SLO windows). */
  sink(inner: StatsSink): StatsSink;
  /** Records one snapshot; call at each sample, after the servers were flushed to `now`. */
  sample(now: number): void;
  bind(cluster: ClusterSetup, serving: ServingSetup, faults: Faults): void;
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
  let bound: { c: ClusterSetup; serving: ServingSetup; faults: Faults } | null = null;
  // GPU indices each pod holds on its node, and each pod's busy area at the previous sample.
  const held = new Map<number, { node: number; gpus: number[] }>();
  const busyBefore = new Map<number, number>();
  const downSince = new Map<number, number>();
  let last = 0;

  const snapshotPods = (c: ClusterSetup, serving: ServingSetup, faults: Faults): PodSnapshot[] => {
    const s = c.state;
    const out: PodSnapshot[] = [];
    for (let p = 0; p < s.pod.count; p++) {
      if (s.pod.phase[p] === PodPhase.Deleted) continue;
      const node = s.pod.node[p]!;
      const perf = serving.llmPerf(p);
      const llm = perf ? serving.llm.stats(p) : null;
      const waiting = serving.queued(p);
      out.push({
        id: p,
        name: s.pod.name[p]!,
        service: c.serviceOf(p),
        node: node >= 0 ? s.node.name[node]! : null,
        phase: Number.isNaN(c.pods.timeline.startedAt[p]!) ? "Pending" : "Running",
        ready: c.pods.stage(p) === PodStage.Ready && !faults.isDown(p),
        running: llm ? llm.running : serving.load(p) - waiting,
        waiting,
        kvUsage: llm && llm.kvBlocks > 0 ? llm.usedBlocks / llm.kvBlocks : NaN,
      });
    }
    return out;
  };

  const snapshotNodes = (c: ClusterSetup, serving: ServingSetup, faults: Faults, now: number): NodeSnapshot[] => {
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
        down ||= faults.isDown(p);
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

  const snapshotServices = (c: ClusterSetup, serving: ServingSetup): ServiceSnapshot[] =>
    scenario.services.map((_, si) => {
      const st = serving.stats;
      const pods = c.deployments.allPods(si);
      const llm = pods.flatMap((p) => (serving.llmPerf(p) ? [serving.llm.stats(p)] : []));
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
      refused: (s, a) => inner.refused(s, a),
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
    bind(c, serving, faults) {
      bound = { c, serving, faults };
    },
    sample(now) {
      if (!bound) throw new Error("monitoring: sample before bind");
      const { c, serving, faults } = bound;
      const services = snapshotServices(c, serving);
      const pods = snapshotPods(c, serving, faults);
      const nodes = snapshotNodes(c, serving, faults, now);
      recorder.sample(now, { services, pods, nodes });
      last = now;
    },
  };
}
