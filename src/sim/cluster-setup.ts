/** The cluster of a run: nodes of each pool, the pods of each service, and where they run. */
import { bindPod, createCluster, firstFit, unschedulableReason } from "../cluster/index.js";
import type { ClusterState, PodSpec, PoolShape } from "../cluster/index.js";
import type { SimContext } from "./context.js";

export interface ClusterSetup {
  readonly state: ClusterState;
  readonly podSpecs: readonly PodSpec[];
  /** Why each pod is Pending, or null once it runs. */
  readonly pendingReason: readonly (string | null)[];
  /** Pod ids of each service. */
  readonly servicePods: readonly (readonly number[])[];
}

/** Builds nodes and pods, places pods first-fit at time 0 and reports each placed pod as Ready. */
export function setupCluster(cx: SimContext, onPodReady: (pod: number, service: number, now: number) => void): ClusterSetup {
  const { scenario } = cx;
  const pools: PoolShape[] = scenario.cluster.nodePools.map((p) => ({
    name: p.name,
    count: p.count,
    cpuMilli: p.cpu,
    memBytes: p.memory,
    gpus: p.gpu?.count ?? 0,
    gpuType: p.gpu?.type ?? null,
    maxPods: p.maxPods,
  }));
  const podSpecs: PodSpec[] = scenario.services.flatMap((svc, s) =>
    Array.from({ length: svc.replicas }, (_, i) => ({
      name: `${svc.name}-${i}`,
      service: s,
      cpuMilli: svc.resources.requests.cpu,
      memBytes: svc.resources.requests.memory,
      gpus: svc.resources.requests["nvidia.com/gpu"],
    })),
  );
  const state = createCluster(pools, podSpecs);
  const pendingReason = podSpecs.map((_, pod) => {
    const node = firstFit(state, pod);
    if (node < 0) {
      const reason = unschedulableReason(state, pod);
      cx.warn(`pod ${podSpecs[pod]!.name} is Pending: ${reason}`);
      return reason;
    }
    bindPod(state, pod, node, 0);
    return null;
  });
  pendingReason.forEach((reason, pod) => reason === null && onPodReady(pod, podSpecs[pod]!.service, 0));
  const servicePods = scenario.services.map((_, s) => podSpecs.flatMap((p, pod) => (p.service === s ? [pod] : [])));
  return { state, podSpecs, pendingReason, servicePods };
}
