/**
 * What the controllers did over time, sampled with the request series: per service the desired
 * (Deployment spec), current (pods not terminating) and Ready replicas; per pool the nodes present
 * (booting included) and Ready; and the pods waiting to be scheduled.
 */
import { NodePhase, PodPhase, PodStage } from "../cluster/index.js";
import { appendRow, createSeries } from "../metrics/index.js";
import type { Series } from "../metrics/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import { seriesStep } from "./step.js";

export const REPLICA_COLUMNS = ["desired", "current", "ready"] as const;
export const POOL_COLUMNS = ["nodes", "ready"] as const;
export const CLUSTER_COLUMNS = ["pendingPods"] as const;

export interface ControlSeries {
  /** Appends one row to every series (the sampling calls it at each sample). */
  sample(now: number): void;
  readonly services: readonly Series<(typeof REPLICA_COLUMNS)[number]>[];
  readonly pools: readonly Series<(typeof POOL_COLUMNS)[number]>[];
  readonly cluster: Series<(typeof CLUSTER_COLUMNS)[number]>;
}

export function setupControlSeries(cx: SimContext, c: ClusterSetup): ControlSeries {
  const { scenario, endTime } = cx;
  const step = scenario.output.seriesStep ?? seriesStep(endTime);
  const samples = Math.ceil(endTime / step - 1e-9);
  const services = scenario.services.map(() => createSeries(REPLICA_COLUMNS, step, samples));
  const pools = scenario.cluster.nodePools.map(() => createSeries(POOL_COLUMNS, step, samples));
  const cluster = createSeries(CLUSTER_COLUMNS, step, samples);
  const s = c.state;

  return {
    services,
    pools,
    cluster,
    sample(now) {
      services.forEach((series, si) => {
        const active = c.deployments.activePods(si);
        appendRow(series, now, { desired: c.deployments.desired(si), current: active.length, ready: active.filter((p) => c.pods.stage(p) === PodStage.Ready).length });
      });
      // Typed arrays: an array from map() may come in another elements kind in a later run, which
      // would throw away this function's optimised code.
      const nodes = new Float64Array(pools.length);
      const ready = new Float64Array(pools.length);
      for (let n = 0; n < s.node.count; n++) {
        const phase = s.node.phase[n];
        if (phase === NodePhase.Removed) continue;
        nodes[s.node.pool[n]!]! += 1;
        if (phase === NodePhase.Ready) ready[s.node.pool[n]!]! += 1;
      }
      pools.forEach((series, i) => appendRow(series, now, { nodes: nodes[i]!, ready: ready[i]! }));
      let pending = 0;
      for (let p = 0; p < s.pod.count; p++) if (s.pod.phase[p] === PodPhase.Pending) pending++;
      appendRow(cluster, now, { pendingPods: pending });
    },
  };
}
