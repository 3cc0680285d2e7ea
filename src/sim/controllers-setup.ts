/**
 * The control loops of a run beside the scheduler: faults, the activator and retries, the metrics
 * pipeline, the workload autoscalers (HPA, KEDA) and the cluster autoscaler, and the series of
 * what they did. Built after the cluster (whose pods they scale) and serving (whose requests they hold).
 */
import { createFaults } from "../faults/index.js";
import { Limits } from "../scenario/index.js";
import { setupAutoscaling } from "./autoscaling-setup.js";
import type { ClusterSetup } from "./cluster-setup.js";
import { setupClusterAutoscaler } from "./cluster-autoscaler.js";
import type { SimContext } from "./context.js";
import { setupControlSeries } from "./control-series.js";
import { setupMetricsPipeline } from "./metrics-pipeline.js";
import { createEventLog } from "./scale-events.js";
import type { ServingSetup } from "./serving-setup.js";
import type { AutoscalingState } from "./summarize-autoscaling.js";

export function setupControllers(cx: SimContext, cluster: ClusterSetup, serving: ServingSetup): AutoscalingState {
  const log = createEventLog(Limits.scaleEvents);
  const { scenario, engine } = cx;
  const faults = createFaults({
    engine,
    faults: scenario.faults,
    cluster,
    serving: serving.plane,
    health: scenario.cluster.nodeHealth,
    services: scenario.services.map((svc) => svc.name),
    zones: [...new Set(scenario.cluster.nodePools.flatMap((p) => p.zones))],
    stream: (i) => cx.stream(`faults/${i}`),
    endTime: cx.endTime,
    log: log.add,
  });
  const hooks = serving.plane.hooks;
  const needsMetrics = cx.scenario.services.some((svc) => svc.autoscaling !== undefined);
  if (needsMetrics) setupAutoscaling(cx, cluster, setupMetricsPipeline(cx, cluster, serving, hooks.held), log);
  const ca = cx.scenario.cluster.autoscaler;
  if (ca) setupClusterAutoscaler(cx, cluster, ca, log);
  const control = setupControlSeries(cx, cluster);
  return { control, log, hooks, faults };
}
