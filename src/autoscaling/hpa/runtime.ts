/**
 * A service's HPA in a run: it syncs every syncPeriod (and only then) on the metrics the pipeline
 * lets it see, and sets its Deployment's replicas. Its scenario block follows autoscaling/v2.
 */
import type { ClusterRuntime } from "../../cluster/index.js";
import { PodPhase, PodStage, Res } from "../../cluster/index.js";
import type { WorkloadScaleEvent } from "../events.js";
import type { PolicyCx, WorkloadScaler } from "../policy.js";
import type { MetricsPipeline } from "../metrics/pipeline.js";
import type { ScaledService, WorkloadAutoscalerModule, WorkloadHandle } from "../workload/contract.js";
import { scalerLoop } from "../workload/loop.js";
import { hpaConditions } from "./conditions.js";
import type { HpaCondition } from "./conditions.js";
import { syncHpa } from "./controller.js";
import type { HpaExplanation, HpaObservation } from "./controller.js";
import { EMPTY_HPA_STATE } from "./types.js";
import type { Behavior, ControllerConfig, HpaPod, HpaSpec, HpaState, MetricSpec, PodMetric } from "./types.js";

type Quantity = number;
type ServiceTarget = { readonly type: "Value"; readonly value: Quantity } | { readonly type: "AverageValue"; readonly averageValue: Quantity };
type ServiceMetric = { readonly metric: { readonly name: string }; readonly target: ServiceTarget };

/** A metric as the scenario gives it (autoscaling/v2 MetricSpec; quantities in milli-units). */
export type MetricBlock =
  | {
      readonly type: "Resource";
      readonly resource: { readonly name: string; readonly target: { readonly type: "Utilization"; readonly averageUtilization: number } | { readonly type: "AverageValue"; readonly averageValue: Quantity } };
    }
  | { readonly type: "Pods"; readonly pods: { readonly metric: { readonly name: string }; readonly target: { readonly type: "AverageValue"; readonly averageValue: Quantity } } }
  | { readonly type: "Object"; readonly object: ServiceMetric }
  | { readonly type: "External"; readonly external: ServiceMetric };

/** A service's `autoscaling` block of kind hpa. */
export interface HpaBlock {
  readonly kind: "hpa";
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Absent: cpu at 80 % of requests (the API default). */
  readonly metrics?: readonly MetricBlock[] | undefined;
  readonly behavior?: Behavior | undefined;
}

/** The HPA spec of a scenario's autoscaling block (absent metrics: cpu at 80 % of requests, the API default). */
export function hpaSpecOf(a: HpaBlock): HpaSpec {
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

/** One HPA sync as a workload policy: replicas null when it does not rescale; `conditions` hears the status conditions it sets. */
export function hpaScaler(spec: HpaSpec, controller: ControllerConfig, conditions?: (c: readonly HpaCondition[], now: number) => void): WorkloadScaler<HpaObservation, HpaState, HpaExplanation> {
  return {
    name: "hpa",
    decide(obs, state, cx: PolicyCx) {
      const d = syncHpa(spec, obs, state, controller, cx.now);
      conditions?.(hpaConditions(spec, d), cx.now);
      return { replicas: d.rescale ? d.replicas : null, state: d.state, explain: d.explain };
    },
  };
}

/** A pod as the replica calculator reads it. */
function hpaPod(c: ClusterRuntime, svc: ScaledService, si: number, pod: number): HpaPod {
  const s = c.state;
  const phase = s.pod.phase[pod];
  const stage = c.pods.stage(pod);
  const running = stage >= PodStage.Loading && stage <= PodStage.Terminating;
  const readyAt = c.pods.timeline.readyAt[pod]!;
  const request = s.templates[si]!.request;
  return {
    name: s.pod.name[pod]!,
    phase: running ? "Running" : "Pending",
    deleting: phase === PodPhase.Terminating,
    ready: running ? { status: stage === PodStage.Ready, lastTransitionTime: Number.isNaN(readyAt) ? c.pods.timeline.startedAt[pod]! : readyAt } : null,
    startTime: Number.isNaN(s.pod.boundAt[pod]!) ? null : s.pod.boundAt[pod]!,
    requests: {
      ...(svc.declaresCpu ? { cpu: request[Res.cpu]! } : {}),
      ...(svc.declaresMemory ? { memory: request[Res.memory]! * 1000 } : {}),
    },
  };
}

/** What the HPA of service `si` sees now: its pods and the newest visible scrape. */
function observe(c: ClusterRuntime, metrics: MetricsPipeline, svc: ScaledService, si: number, now: number, current: number, extra?: (now: number) => ReadonlyMap<string, number>): HpaObservation {
  const s = c.state;
  const scrape = metrics.visible(now);
  const live = c.deployments.allPods(si).filter((p) => s.pod.phase[p] !== PodPhase.Deleted);
  const active = c.deployments.activePods(si);
  const podMetrics = new Map<string, Map<string, PodMetric>>();
  const objectMetrics = new Map<string, number>();
  if (scrape) {
    for (const sample of scrape.pods[si]!) {
      for (const [name, value] of Object.entries(sample.values)) {
        let m = podMetrics.get(name);
        if (!m) podMetrics.set(name, (m = new Map()));
        m.set(s.pod.name[sample.pod]!, { value, timestamp: scrape.at, window: metrics.scrapeInterval });
      }
    }
    for (const [name, value] of Object.entries(scrape.service[si]!)) objectMetrics.set(name, value);
  }
  // Metrics that need no scrape (a cron trigger's schedule).
  extra?.(now).forEach((v, name) => objectMetrics.set(name, v));
  return {
    specReplicas: current,
    statusReplicas: active.length,
    readyReplicas: active.filter((p) => c.pods.stage(p) === PodStage.Ready).length,
    pods: live.map((p) => hpaPod(c, svc, si, p)),
    podMetrics,
    objectMetrics,
  };
}

/**
 * The sync loop of an HPA; `controller` names who owns it in scale events (a KEDA scaler creates an
 * HPA too); `extra` gives External metric values (milli-units) that need no scrape.
 */
export function hpaLoop(si: number, spec: HpaSpec, owner: "hpa" | "keda", h: WorkloadHandle, extra?: (now: number) => ReadonlyMap<string, number>) {
  const svc = h.services[si]!;
  return scalerLoop(
    {
      service: si,
      first: h.controller.syncPeriodSeconds,
      period: h.controller.syncPeriodSeconds,
      scaler: hpaScaler(spec, h.controller, h.conditions && ((c, now) => h.conditions!(si, c, now))),
      initial: EMPTY_HPA_STATE,
      observe: (now, current) => observe(h.cluster, h.metrics, svc, si, now, current, extra),
      record: (now, from, to, e): WorkloadScaleEvent => ({
        at: now,
        kind: "workload",
        service: svc.name,
        controller: owner,
        from,
        to,
        reason: e.reason || `the ${e.stabilization === null ? "recommendation" : "stabilisation window's recommendation"} (${e.stabilized}) differs from the current count`,
        metrics: e.metrics,
        proposal: e.proposal,
        stabilized: e.stabilized,
        stabilization: e.stabilization,
        limit: e.limit,
      }),
    },
    h,
  );
}

export const hpaAutoscaler = {
  name: "hpa",
  loops: (si, spec, h) => [hpaLoop(si, hpaSpecOf(spec), "hpa", h)],
} satisfies WorkloadAutoscalerModule<HpaBlock>;
