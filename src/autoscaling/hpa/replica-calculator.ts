/**
 * The HPA replica calculator (pkg/controller/podautoscaler/replica_calculator.go and
 * metrics/utilization.go): desired replicas for one metric from pod samples, with upstream's
 * grouping of pods into ready, unready (Pending, or for cpu not yet initialised), missing (no
 * sample) and ignored (deleting or Failed), its integer milli-unit arithmetic and its tolerance.
 */
import type { HpaPod, PodMetrics, Tolerances } from "./types.js";

export interface CalculatorConfig {
  readonly tolerances: Tolerances;
  readonly cpuInitializationPeriodSeconds: number;
  readonly initialReadinessDelaySeconds: number;
}

export type Calc<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

const MAX_INT32 = 2147483647;
/** Go's int32(math.Ceil(x)) for the values the calculator produces, saturated at MaxInt32. */
const ceil32 = (x: number): number => (x > MAX_INT32 ? MAX_INT32 : Math.ceil(x));
/** Go's int64 division (truncates toward zero). */
const div = (a: number, b: number): number => Math.trunc(a / b);

/** Tolerances.isWithin: no change when 1 − down ≤ ratio ≤ 1 + up (inclusive). */
export const isWithin = (t: Tolerances, ratio: number): boolean => 1 - t.down <= ratio && ratio <= 1 + t.up;

export interface PodGroups {
  readonly readyPodCount: number;
  readonly unready: ReadonlySet<string>;
  readonly missing: ReadonlySet<string>;
  readonly ignored: ReadonlySet<string>;
}

/** groupPods: `resource` is the Resource metric's name, or "" for other metrics (only cpu marks running pods unready). */
export function groupPods(pods: readonly HpaPod[], metrics: PodMetrics, resource: string, c: CalculatorConfig, now: number): PodGroups {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    if (pod.deleting || pod.phase === "Failed") {
      ignored.add(pod.name);
      continue;
    }
    if (pod.phase === "Pending") {
      unready.add(pod.name);
      continue;
    }
    const metric = metrics.get(pod.name);
    if (metric === undefined) {
      missing.add(pod.name);
      continue;
    }
    if (resource === "cpu") {
      const cond = pod.ready;
      let isUnready: boolean;
      if (cond === null || pod.startTime === null) isUnready = true;
      else if (pod.startTime + c.cpuInitializationPeriodSeconds > now) {
        // Within the initialisation period: ignore the sample if the pod is unready or no full window was collected since its last readiness change.
        isUnready = !cond.status || metric.timestamp < cond.lastTransitionTime + metric.window;
      } else {
        // Afterwards: ignore it only if the pod is unready and has never been ready.
        isUnready = !cond.status && pod.startTime + c.initialReadinessDelaySeconds > cond.lastTransitionTime;
      }
      if (isUnready) {
        unready.add(pod.name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unready, missing, ignored };
}

/** The samples left once ignored and unready pods are dropped (extraneous samples stay, as upstream). */
function usable(metrics: PodMetrics, g: PodGroups): Map<string, number> {
  const out = new Map<string, number>();
  metrics.forEach((m, name) => {
    if (!g.ignored.has(name) && !g.unready.has(name)) out.set(name, m.value);
  });
  return out;
}

/** GetResourceUtilizationRatio: integer percent of requests over the pods that have a request. */
function utilizationRatio(values: ReadonlyMap<string, number>, requests: ReadonlyMap<string, number>, target: number): Calc<{ ratio: number; utilization: number; rawAverage: number }> {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  values.forEach((v, name) => {
    const r = requests.get(name);
    if (r === undefined) return;
    metricsTotal += v;
    requestsTotal += r;
    entries++;
  });
  if (requestsTotal === 0) return { ok: false, error: "no metrics returned matched known pods" };
  const utilization = div(metricsTotal * 100, requestsTotal);
  return { ok: true, ratio: utilization / target, utilization, rawAverage: div(metricsTotal, entries) };
}

/** GetMetricUsageRatio: integer mean of the values over the target. */
function usageRatio(values: ReadonlyMap<string, number>, target: number): { ratio: number; usage: number } {
  let total = 0;
  values.forEach((v) => (total += v));
  const usage = div(total, values.size);
  return { ratio: usage / target, usage };
}

/**
 * The shared tail of both calculators: with no unready pods on a scale-up and no missing pods,
 * scale by the ratio; otherwise fill in the gaps conservatively and keep the current count when
 * the gaps would flip the direction or land within tolerance.
 */
function rebalance(
  currentReplicas: number,
  values: Map<string, number>,
  g: PodGroups,
  ratio: number,
  c: CalculatorConfig,
  missingValue: (pod: string) => number,
  recompute: (values: Map<string, number>) => number,
): number {
  const scaleUpWithUnready = g.unready.size > 0 && ratio > 1;
  if (!scaleUpWithUnready && g.missing.size === 0) {
    if (isWithin(c.tolerances, ratio)) return currentReplicas;
    return ceil32(ratio * g.readyPodCount);
  }
  if (g.missing.size > 0) {
    // Scale-down: missing pods count as using the target (or their request); scale-up: as using nothing.
    if (ratio < 1) g.missing.forEach((p) => values.set(p, missingValue(p)));
    else if (ratio > 1) g.missing.forEach((p) => values.set(p, 0));
  }
  if (scaleUpWithUnready) g.unready.forEach((p) => values.set(p, 0));
  const newRatio = recompute(values);
  if (isWithin(c.tolerances, newRatio) || (ratio < 1 && newRatio > 1) || (ratio > 1 && newRatio < 1)) return currentReplicas;
  const replicas = ceil32(newRatio * values.size);
  // The count of pods factored in may still point the other way.
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return currentReplicas;
  return replicas;
}

/** GetResourceReplicas: a Resource metric with an averageUtilization target (percent of requests). */
export function resourceReplicas(
  currentReplicas: number,
  targetUtilization: number,
  resource: string,
  pods: readonly HpaPod[],
  metrics: PodMetrics,
  c: CalculatorConfig,
  now: number,
): Calc<{ replicas: number; utilization: number; rawAverage: number }> {
  if (pods.length === 0) return { ok: false, error: "no pods returned by selector while calculating replica count" };
  const g = groupPods(pods, metrics, resource, c, now);
  const values = usable(metrics, g);
  if (values.size === 0) return { ok: false, error: "did not receive metrics for targeted pods (pods might be unready)" };
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const r = pod.requests?.[resource];
    if (r === undefined) return { ok: false, error: `missing request for ${resource} in Pod ${pod.name}` };
    requests.set(pod.name, r);
  }
  const first = utilizationRatio(values, requests, targetUtilization);
  if (!first.ok) return first;
  const { utilization, rawAverage } = first;
  let failure: string | null = null;
  const replicas = rebalance(
    currentReplicas,
    values,
    g,
    first.ratio,
    c,
    // Scale-down: a missing pod uses all of its request, or the target when it is above 100 %.
    (pod) => div(requests.get(pod)! * Math.max(100, targetUtilization), 100),
    (v) => {
      const r = utilizationRatio(v, requests, targetUtilization);
      if (!r.ok) failure = r.error;
      return r.ok ? r.ratio : 1;
    },
  );
  if (failure !== null) return { ok: false, error: failure };
  return { ok: true, replicas, utilization, rawAverage };
}

/** calcPlainMetricReplicas: a Pods metric (or a Resource metric with an averageValue target) against a per-pod average, in milli-units. */
export function plainMetricReplicas(
  currentReplicas: number,
  targetMilli: number,
  resource: string,
  pods: readonly HpaPod[],
  metrics: PodMetrics,
  c: CalculatorConfig,
  now: number,
): Calc<{ replicas: number; usage: number }> {
  if (pods.length === 0) return { ok: false, error: "no pods returned by selector while calculating replica count" };
  const g = groupPods(pods, metrics, resource, c, now);
  const values = usable(metrics, g);
  if (values.size === 0) return { ok: false, error: "did not receive metrics for targeted pods (pods might be unready)" };
  const first = usageRatio(values, targetMilli);
  const replicas = rebalance(currentReplicas, values, g, first.ratio, c, () => targetMilli, (v) => usageRatio(v, targetMilli).ratio);
  return { ok: true, replicas, usage: first.usage };
}

/**
 * getUsageRatioReplicaCount: Object and External metrics with a Value target scale the ready pods by
 * the ratio; from zero replicas, to ceil(ratio) without tolerance.
 */
export function usageRatioReplicas(currentReplicas: number, readyReplicas: number, ratio: number, t: Tolerances): number {
  if (currentReplicas === 0) return ceil32(ratio);
  if (isWithin(t, ratio)) return currentReplicas;
  return ceil32(ratio * readyReplicas);
}

/** GetObjectMetricReplicas (Value target). */
export function objectReplicas(currentReplicas: number, readyReplicas: number, usageMilli: number, targetMilli: number, t: Tolerances): { replicas: number; usage: number } {
  return { replicas: usageRatioReplicas(currentReplicas, readyReplicas, usageMilli / targetMilli, t), usage: usageMilli };
}

/** GetObjectPerPodMetricReplicas / GetExternalPerPodMetricReplicas (AverageValue target): total ÷ per-pod target, against the pods the Deployment has. */
export function perPodReplicas(statusReplicas: number, usageMilli: number, targetAverageMilli: number, t: Tolerances): { replicas: number; usage: number } {
  let replicas = statusReplicas;
  const ratio = usageMilli / (targetAverageMilli * statusReplicas);
  if (!isWithin(t, ratio)) replicas = ceil32(usageMilli / targetAverageMilli);
  return { replicas, usage: statusReplicas === 0 ? usageMilli : Math.ceil(usageMilli / statusReplicas) };
}
