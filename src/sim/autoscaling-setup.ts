/**
 * Workload autoscalers in the run: each service's HPA syncs every syncPeriod (and only then) on
 * the metrics the pipeline lets it see, and sets its Deployment's replicas; a KEDA-style scaler
 * polls its triggers every pollingInterval to scale from and to zero, and between those leaves the
 * count to the HPA it creates (External metrics, min max(minReplicaCount, 1)).
 */
import type { HpaPod, HpaSpec, HpaState, KedaSpec, KedaState, MetricSpec, PodMetric } from "../autoscaling/index.js";
import { EMPTY_HPA_STATE, kedaHpaSpec, kedaPoll, syncHpa } from "../autoscaling/index.js";
import { PodPhase, PodStage, Res } from "../cluster/index.js";
import type { HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { HpaAutoscaling, KedaAutoscaling, Service } from "../scenario/index.js";
import type { ClusterSetup } from "./cluster-setup.js";
import type { SimContext } from "./context.js";
import type { MetricsPipeline } from "./metrics-pipeline.js";
import type { EventLog } from "./scale-events.js";

const ScalerEvent = { HpaDue: "hpa.due", KedaDue: "keda.due" } as const;
type ScalerEvent = (typeof ScalerEvent)[keyof typeof ScalerEvent];

/** The HPA spec of a scenario's autoscaling block (absent metrics: cpu at 80 % of requests, the API default). */
export function hpaSpecOf(a: HpaAutoscaling): HpaSpec {
  const metrics: MetricSpec[] = (a.metrics ?? [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } }]).map((m): MetricSpec => {
    if (m.type === "Resource") {
      const t = m.resource.target;
      return { type: "Resource", resource: m.resource.name, target: t.type === "Utilization" ? { averageUtilization: t.averageUtilization } : { averageValueMilli: t.averageValue } };
    }
    if (m.type === "Pods") return { type: "Pods", metric: m.pods.metric.name, target: { averageValueMilli: m.pods.target.averageValue } };
    const o = m.type === "Object" ? m.object : m.external;
    return { type: m.type, metric: o.metric.name, target: o.target.type === "Value" ? { valueMilli: o.target.value } : { averageValueMilli: o.target.averageValue } };
  });
  return { minReplicas: a.minReplicas, maxReplicas: a.maxReplicas, metrics, behavior: a.behavior };
}

export function kedaSpecOf(a: KedaAutoscaling): KedaSpec {
  return {
    minReplicaCount: a.minReplicaCount,
    maxReplicaCount: a.maxReplicaCount,
    cooldownPeriodSeconds: a.cooldownPeriod,
    triggers: a.triggers.map((t) => ({ metric: t.metric, thresholdMilli: t.threshold, activationThreshold: t.activationThreshold, metricType: t.metricType })),
    behavior: a.behavior,
  };
}

export function setupAutoscaling(cx: SimContext, cluster: ClusterSetup, pipeline: MetricsPipeline, log: EventLog): void {
  const { engine, scenario } = cx;
  const services = scenario.services;
  const hpa = scenario.cluster.hpa;
  const controller = {
    syncPeriodSeconds: hpa.syncPeriod,
    tolerance: hpa.tolerance,
    downscaleStabilizationSeconds: hpa.downscaleStabilization,
    cpuInitializationPeriodSeconds: hpa.cpuInitializationPeriod,
    initialReadinessDelaySeconds: hpa.initialReadinessDelay,
  };
  const specs: (HpaSpec | null)[] = services.map((svc) => (svc.autoscaling?.kind === "hpa" ? hpaSpecOf(svc.autoscaling) : svc.autoscaling?.kind === "keda" ? kedaHpaSpec(kedaSpecOf(svc.autoscaling)) : null));
  const keda: (KedaSpec | null)[] = services.map((svc) => (svc.autoscaling?.kind === "keda" ? kedaSpecOf(svc.autoscaling) : null));
  const states: HpaState[] = services.map(() => EMPTY_HPA_STATE);
  const kedaStates: KedaState[] = services.map(() => ({ lastActiveTime: null }));
  const { state: s, deployments, pods } = cluster;

  const hpaPod = (svc: Service, si: number, pod: number): HpaPod => {
    const phase = s.pod.phase[pod];
    const stage = pods.stage(pod);
    const running = stage >= PodStage.Loading && stage <= PodStage.Terminating;
    const readyAt = pods.timeline.readyAt[pod]!;
    const request = s.templates[si]!.request;
    return {
      name: s.pod.name[pod]!,
      phase: running ? "Running" : "Pending",
      deleting: phase === PodPhase.Terminating,
      ready: running ? { status: stage === PodStage.Ready, lastTransitionTime: Number.isNaN(readyAt) ? pods.timeline.startedAt[pod]! : readyAt } : null,
      startTime: Number.isNaN(s.pod.boundAt[pod]!) ? null : s.pod.boundAt[pod]!,
      requests: {
        ...(svc.resources.requests["cpu"] !== undefined || svc.resources.limits["cpu"] !== undefined ? { cpu: request[Res.cpu]! } : {}),
        ...(svc.resources.requests["memory"] !== undefined || svc.resources.limits["memory"] !== undefined ? { memory: request[Res.memory]! * 1000 } : {}),
      },
    };
  };

  const sync = (si: number, now: number) => {
    const svc = services[si]!;
    const spec = specs[si]!;
    const scrape = pipeline.visible(now);
    const live = deployments.allPods(si).filter((p) => s.pod.phase[p] !== PodPhase.Deleted);
    const active = deployments.activePods(si);
    const podMetrics = new Map<string, Map<string, PodMetric>>();
    const objectMetrics = new Map<string, number>();
    if (scrape) {
      for (const sample of scrape.pods[si]!) {
        for (const [name, value] of Object.entries(sample.values)) {
          let m = podMetrics.get(name);
          if (!m) podMetrics.set(name, (m = new Map()));
          m.set(s.pod.name[sample.pod]!, { value, timestamp: scrape.at, window: pipeline.scrapeInterval });
        }
      }
      for (const [name, value] of Object.entries(scrape.service[si]!)) objectMetrics.set(name, value);
    }
    const current = deployments.desired(si);
    const d = syncHpa(
      spec,
      {
        specReplicas: current,
        statusReplicas: active.length,
        readyReplicas: active.filter((p) => pods.stage(p) === PodStage.Ready).length,
        pods: live.map((p) => hpaPod(svc, si, p)),
        podMetrics,
        objectMetrics,
      },
      states[si]!,
      controller,
      now,
    );
    states[si] = d.state;
    if (!d.rescale) return;
    deployments.setReplicas(si, d.replicas, now);
    const e = d.explain;
    log.add({
      at: now,
      kind: "workload",
      service: svc.name,
      controller: keda[si] ? "keda" : "hpa",
      from: current,
      to: d.replicas,
      reason: e.reason || `the ${e.stabilization === null ? "recommendation" : "stabilisation window's recommendation"} (${e.stabilized}) differs from the current count`,
      metrics: e.metrics,
      proposal: e.proposal,
      stabilized: e.stabilized,
      stabilization: e.stabilization,
      limit: e.limit,
    });
  };

  const poll = (si: number, now: number) => {
    const k = keda[si]!;
    const scrape = pipeline.visible(now);
    const current = deployments.desired(si);
    const values = k.triggers.map((t) => (scrape ? scrape.service[si]![t.metric]! / 1000 : null));
    const r = kedaPoll(k, { replicas: current, values }, kedaStates[si]!, now);
    kedaStates[si] = r.state;
    if (r.replicas === null || r.replicas === current) return;
    deployments.setReplicas(si, r.replicas, now);
    log.add({
      at: now,
      kind: "workload",
      service: services[si]!.name,
      controller: "keda",
      from: current,
      to: r.replicas,
      reason: r.explain.reason,
      metrics: k.triggers.map((t, i) => ({ metric: t.metric, type: "External" as const, current: values[i] ?? null, target: t.activationThreshold, proposal: null })),
      proposal: null,
      stabilized: null,
      stabilization: null,
      limit: null,
    });
  };

  const handlers = {
    [ScalerEvent.HpaDue]: (si: number, now: number) => {
      sync(si, now);
      const next = now + hpa.syncPeriod;
      if (next < cx.endTime) engine.schedule(next, codes[ScalerEvent.HpaDue], si);
    },
    [ScalerEvent.KedaDue]: (si: number, now: number) => {
      poll(si, now);
      const next = now + (services[si]!.autoscaling as KedaAutoscaling).pollingInterval;
      if (next < cx.endTime) engine.schedule(next, codes[ScalerEvent.KedaDue], si);
    },
  } satisfies HandlerTable<ScalerEvent>;
  // After the scrape of the same instant, before the scheduler.
  const codes = engine.on(handlers, { [ScalerEvent.HpaDue]: Priority.Control - 1, [ScalerEvent.KedaDue]: Priority.Control - 1 });
  services.forEach((svc, si) => {
    if (specs[si]) engine.schedule(hpa.syncPeriod, codes[ScalerEvent.HpaDue], si);
    if (keda[si]) engine.schedule((svc.autoscaling as KedaAutoscaling).pollingInterval, codes[ScalerEvent.KedaDue], si);
  });
}
