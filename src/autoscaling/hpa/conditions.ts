/**
 * The status conditions an HPA sync sets (pkg/controller/podautoscaler/horizontal.go:
 * reconcileAutoscaler, computeReplicasForMetrics, normalizeDesiredReplicas*, setCondition), with
 * upstream's reasons and messages, and their record over a run (lastTransitionTime moves only when
 * a condition's status changes, as setCondition does).
 */
import type { HpaDecision } from "./controller.js";
import type { HpaSpec, MetricSpec } from "./types.js";

export type HpaConditionType = "AbleToScale" | "ScalingActive" | "ScalingLimited";

export interface HpaCondition {
  readonly type: HpaConditionType;
  readonly status: "True" | "False";
  readonly reason: string;
  readonly message: string;
}

/** A condition as the HPA's status shows it. */
export interface HpaConditionStatus extends HpaCondition {
  readonly lastTransitionTime: number;
}

const LIMIT_MESSAGES: Readonly<Record<string, string>> = {
  TooManyReplicas: "the desired replica count is more than the maximum replica count",
  TooFewReplicas: "the desired replica count is less than the minimum replica count",
  ScaleUpLimit: "the desired replica count is increasing faster than the maximum scale rate",
  ScaleDownLimit: "the desired replica count is decreasing faster than the maximum scale rate",
};

/** The metric as upstream names it in ValidMetricFound ("pods metric requests_in_flight", "cpu resource utilization (percentage of request)"). */
function metricLabel(m: MetricSpec): string {
  switch (m.type) {
    case "Resource":
      return "averageUtilization" in m.target ? `${m.resource} resource utilization (percentage of request)` : `${m.resource} resource`;
    case "Pods":
      return `pods metric ${m.metric}`;
    case "Object":
      return `Service metric ${m.metric}`;
    case "External":
      return `external metric ${m.metric}`;
  }
}

const c = (type: HpaConditionType, status: boolean, reason: string, message: string): HpaCondition => ({ type, status: status ? "True" : "False", reason, message });

/** The conditions one sync sets (in the order it sets them; a type it does not touch keeps its previous value). */
export function hpaConditions(spec: HpaSpec, d: HpaDecision): HpaCondition[] {
  const e = d.explain;
  const out: HpaCondition[] = [c("AbleToScale", true, "SucceededGetScale", "the HPA controller was able to get the target's current scale")];
  if (e.reason === "scaling is disabled since the replica count of the target is zero") {
    out.push(c("ScalingActive", false, "ScalingDisabled", e.reason));
    return out;
  }
  if (e.proposal < 0) {
    const failed = e.metrics.find((m) => m.error !== undefined);
    // The sync stops there (a FailedComputeMetricsReplicas event): invalid metrics (n invalid out of m), first error is: …
    out.push(c("ScalingActive", false, `FailedGet${failed?.type ?? "Resource"}Metric`, `the HPA was unable to compute the replica count: ${failed?.error ?? "invalid metrics"}`));
    return out;
  }
  if (e.metrics.length > 0) {
    const winner = e.metrics.find((m) => m.proposal === e.proposal);
    const m = spec.metrics.find((x) => x.type === winner?.type && (x.type === "Resource" ? x.resource : x.metric) === winner.metric);
    if (m !== undefined) out.push(c("ScalingActive", true, "ValidMetricFound", `the HPA was able to successfully calculate a replica count from ${metricLabel(m)}`));
    if (e.stabilization === "ScaleDownStabilized") out.push(c("AbleToScale", true, "ScaleDownStabilized", "recent recommendations were higher than current one, applying the highest recent recommendation"));
    else if (e.stabilization === "ScaleUpStabilized") out.push(c("AbleToScale", true, "ScaleUpStabilized", "recent recommendations were lower than current one, applying the lowest recent recommendation"));
    else out.push(c("AbleToScale", true, "ReadyForNewScale", "recommended size matches current size"));
    // Outside [minReplicas, maxReplicas] the count is clamped without evaluating metrics, and ScalingLimited is left as it was.
    const limited = LIMIT_MESSAGES[e.limit];
    out.push(limited ? c("ScalingLimited", true, e.limit, limited) : c("ScalingLimited", false, "DesiredWithinRange", "the desired count is within the acceptable range"));
  }
  if (d.rescale) out.push(c("AbleToScale", true, "SucceededRescale", `the HPA controller was able to update the target scale to ${d.replicas}`));
  return out;
}

/** A status change of a condition during a run. */
export interface HpaTransition extends HpaCondition {
  readonly at: number;
}

/** An HPA's conditions over a run: the current ones and the status changes (the first `limit`). */
export interface HpaConditionLog {
  readonly conditions: () => readonly HpaConditionStatus[];
  readonly transitions: readonly HpaTransition[];
  readonly dropped: () => number;
  set(conditions: readonly HpaCondition[], now: number): void;
}

export function createHpaConditionLog(limit: number): HpaConditionLog {
  const current = new Map<HpaConditionType, HpaConditionStatus>();
  const transitions: HpaTransition[] = [];
  let dropped = 0;
  return {
    conditions: () => (["AbleToScale", "ScalingActive", "ScalingLimited"] as const).flatMap((t) => current.get(t) ?? []),
    transitions,
    dropped: () => dropped,
    set(conditions, now) {
      for (const x of conditions) {
        const old = current.get(x.type);
        const changed = old === undefined || old.status !== x.status;
        current.set(x.type, { ...x, lastTransitionTime: changed ? now : old.lastTransitionTime });
        if (!changed) continue;
        if (transitions.length < limit) transitions.push({ at: now, ...x });
        else dropped++;
      }
    },
  };
}
