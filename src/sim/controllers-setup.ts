/**
 * The control loops of a run beside the scheduler: faults, the metrics pipeline, the workload
 * autoscalers (HPA, KEDA) and the cluster autoscaler, and the series of what they did. Built after
 * the cluster (whose pods they scale) and serving (whose requests they cut or measure).
 */
import { createClusterAutoscaler, createHpaConditionLog, createMetricsPipeline, createWorkloadAutoscalers } from "../autoscaling/index.js";
import type { HpaConditionLog, ServingMetricsView } from "../autoscaling/index.js";
import { createFaults } from "../faults/index.js";
import { Limits } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import { setupControlSeries } from "./control-series.js";
import { poolPrice } from "./node-pools.js";
import { createEventLog } from "./scale-events.js";
import type { EventLog } from "./scale-events.js";
import type { ServingSetup } from "./serving-setup.js";
import type { AutoscalingState } from "./summarize-autoscaling.js";

/** The serving plane and its statistics as the metrics pipeline samples them. */
function metricsView({ plane, stats }: ServingSetup): ServingMetricsView {
  return {
    readyPods: plane.readyPods,
    busyArea: plane.busyArea,
    slots: plane.slots,
    inFlight: plane.inFlight,
    queued: plane.queued,
    load: plane.load,
    arrived: (s) => stats.arrived[s]!,
    serviceInFlight: (s) => stats.inFlight[s]!,
    held: plane.hooks.held,
    flush: plane.flush,
  };
}

/** The metrics pipeline and each service's workload autoscaler (none without one); the status conditions of each service's HPA. */
function setupWorkloadAutoscalers(cx: SimContext, cluster: ClusterSetup, serving: ServingSetup, log: EventLog): (HpaConditionLog | null)[] {
  const { engine, scenario } = cx;
  const services = scenario.services;
  const conditions = services.map((svc) => (svc.autoscaling === undefined ? null : createHpaConditionLog(Limits.scaleEvents)));
  if (!services.some((svc) => svc.autoscaling !== undefined)) return conditions;
  const metrics = createMetricsPipeline(engine, cluster, metricsView(serving), scenario.cluster.metrics, services.length, cx.endTime);
  const hpa = scenario.cluster.hpa;
  const controller = {
    syncPeriodSeconds: hpa.syncPeriod,
    tolerance: hpa.tolerance,
    downscaleStabilizationSeconds: hpa.downscaleStabilization,
    cpuInitializationPeriodSeconds: hpa.cpuInitializationPeriod,
    initialReadinessDelaySeconds: hpa.initialReadinessDelay,
  };
  const declares = (svc: (typeof services)[number], r: string) => svc.resources.requests[r] !== undefined || svc.resources.limits[r] !== undefined;
  const scaled = services.map((svc) => ({ name: svc.name, declaresCpu: declares(svc, "cpu"), declaresMemory: declares(svc, "memory") }));
  createWorkloadAutoscalers(
    engine,
    cx.endTime,
    services.map((svc) => svc.autoscaling),
    { cluster, metrics, controller, services: scaled, log: log.add, conditions: (si, c, now) => conditions[si]?.set(c, now) },
  );
  return conditions;
}

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
  const hpaConditions = setupWorkloadAutoscalers(cx, cluster, serving, log);
  const ca = scenario.cluster.autoscaler;
  const clusterAutoscaler = ca === undefined ? null : createClusterAutoscaler({
    engine,
    cluster,
    scheduler: cluster.scheduler,
    config: ca,
    groups: scenario.cluster.nodePools.map((p) => ({ name: p.name, minSize: p.size.min, maxSize: p.size.max, pricePerHour: poolPrice(p) ?? 0 })),
    budgets: scenario.services.map((svc) => svc.disruptionBudget),
    stream: cx.stream("cluster-autoscaler/expander"),
    endTime: cx.endTime,
    log: log.add,
  });
  const control = setupControlSeries(cx, cluster);
  return { control, log, hooks: serving.plane.hooks, faults, clusterAutoscaler, hpaConditions };
}
