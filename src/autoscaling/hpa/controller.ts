/**
 * One HPA sync (reconcileAutoscaler in pkg/controller/podautoscaler/horizontal.go) as a pure
 * function: from the observed pods and metrics, the spec and the HPA's logs, the replica count to
 * set and the new logs, with an explanation of every step (each metric's value and proposal, the
 * stabilisation, the rate limit or bound that applied).
 */
import { scaleDownRules, scaleUpRules } from "./defaults.js";
import type { Calc, CalculatorConfig } from "./replica-calculator.js";
import { perPodReplicas, plainMetricReplicas, resourceReplicas, usageRatioReplicas } from "./replica-calculator.js";
import type { LimitReason } from "./normalize.js";
import { legacyLimits, rateLimit, stabilizeLegacy, stabilizeWithBehavior, storeScaleEvent } from "./normalize.js";
import type { ControllerConfig, HpaPod, HpaSpec, HpaState, MetricSpec, PodMetrics, Tolerances } from "./types.js";

/** What the HPA sees at a sync: the scale subresource, the target's pods and the metrics it can fetch. */
export interface HpaObservation {
  /** The Deployment's spec.replicas (the HPA's currentReplicas). */
  readonly specReplicas: number;
  /** status.replicas: pods the Deployment has that are not terminating. */
  readonly statusReplicas: number;
  readonly readyReplicas: number;
  readonly pods: readonly HpaPod[];
  /** Pod samples per metric name (Pods metrics, and Resource metrics under the resource name); absent: the metric cannot be fetched. */
  readonly podMetrics: ReadonlyMap<string, PodMetrics>;
  /** Object and External metric values (milli-units); absent: the metric cannot be fetched. */
  readonly objectMetrics: ReadonlyMap<string, number>;
}

/** One metric's part in a sync. */
export interface MetricOutcome {
  readonly metric: string;
  readonly type: MetricSpec["type"];
  /** Current value as the HPA status shows it: utilisation percent, or the average / total in units (not milli). */
  readonly current: number | null;
  readonly target: number;
  readonly proposal: number | null;
  readonly error?: string;
}

/** Why a sync changed (or kept) the replica count. */
export interface HpaExplanation {
  readonly metrics: readonly MetricOutcome[];
  /** The largest proposal over the valid metrics (-1: metrics failed, no scaling). */
  readonly proposal: number;
  /** After the stabilisation window(s). */
  readonly stabilized: number;
  readonly stabilization: "ScaleUpStabilized" | "ScaleDownStabilized" | null;
  /** The rate limit or bound that applied last (DesiredWithinRange when none did). */
  readonly limit: LimitReason;
  /** The controller's rescale reason ("pods metric requests_in_flight above target", "All metrics below target", …) or why it did not act. */
  readonly reason: string;
}

export interface HpaDecision {
  /** Replicas to set (equal to the current count when no rescale). */
  readonly replicas: number;
  readonly rescale: boolean;
  readonly state: HpaState;
  readonly explain: HpaExplanation;
}

/** Tolerances for the HPA: the controller's, overridden per direction by the behavior (HPAConfigurableTolerance). */
export function tolerancesOf(spec: HpaSpec, c: ControllerConfig): Tolerances {
  return { up: spec.behavior?.scaleUp?.tolerance ?? c.tolerance, down: spec.behavior?.scaleDown?.tolerance ?? c.tolerance };
}

const milli = (x: number) => x / 1000;

function metricName(m: MetricSpec): string {
  return m.type === "Resource" ? m.resource : m.metric;
}

/** computeReplicasForMetric for one spec. */
function proposalFor(m: MetricSpec, obs: HpaObservation, calc: CalculatorConfig, now: number): { outcome: MetricOutcome; ok: boolean } {
  const name = metricName(m);
  const fail = (error: string, target: number) => ({ ok: false, outcome: { metric: name, type: m.type, current: null, target, proposal: null, error } });
  const t = calc.tolerances;
  if (m.type === "Resource" || m.type === "Pods") {
    const target = "averageUtilization" in m.target ? m.target.averageUtilization : milli(m.target.averageValueMilli);
    const samples = obs.podMetrics.get(name);
    if (samples === undefined) return fail(`unable to get metric ${name}: no metrics returned`, target);
    let r: Calc<{ replicas: number; current: number }>;
    const tg = m.target;
    if ("averageUtilization" in tg) {
      const x = resourceReplicas(obs.specReplicas, tg.averageUtilization, name, obs.pods, samples, calc, now);
      r = x.ok ? { ok: true, replicas: x.replicas, current: x.utilization } : x;
    } else {
      const x = plainMetricReplicas(obs.specReplicas, tg.averageValueMilli, m.type === "Resource" ? name : "", obs.pods, samples, calc, now);
      r = x.ok ? { ok: true, replicas: x.replicas, current: milli(x.usage) } : x;
    }
    if (!r.ok) return fail(r.error, target);
    return { ok: true, outcome: { metric: name, type: m.type, current: r.current, target, proposal: r.replicas } };
  }
  const value = obs.objectMetrics.get(name);
  const targetMilli = "valueMilli" in m.target ? m.target.valueMilli : m.target.averageValueMilli;
  if (value === undefined) return fail(`unable to get ${m.type === "Object" ? "object" : "external"} metric ${name}`, milli(targetMilli));
  const r =
    "valueMilli" in m.target
      ? { replicas: usageRatioReplicas(obs.specReplicas, obs.readyReplicas, value / targetMilli, t), usage: value }
      : perPodReplicas(obs.statusReplicas, value, m.target.averageValueMilli, t);
  return { ok: true, outcome: { metric: name, type: m.type, current: milli(r.usage), target: milli(targetMilli), proposal: r.replicas } };
}

/** computeReplicasForMetrics: the largest proposal; -1 when every metric failed, or some failed and the rest would scale down. */
export function proposeReplicas(spec: HpaSpec, obs: HpaObservation, calc: CalculatorConfig, now: number): { replicas: number; metric: string; outcomes: MetricOutcome[] } {
  let replicas = 0;
  let metric = "";
  let invalid = 0;
  const outcomes = spec.metrics.map((m) => {
    const p = proposalFor(m, obs, calc, now);
    if (!p.ok) invalid++;
    else if (replicas === 0 || p.outcome.proposal! > replicas) {
      replicas = p.outcome.proposal!;
      metric = `${m.type === "Resource" ? "" : `${m.type.toLowerCase()} metric `}${metricName(m)}${m.type === "Resource" ? " resource" : ""}`;
    }
    return p.outcome;
  });
  if (invalid >= spec.metrics.length || (invalid > 0 && replicas < obs.specReplicas)) return { replicas: -1, metric: "", outcomes };
  return { replicas, metric, outcomes };
}

/** One sync of the HPA. */
export function syncHpa(spec: HpaSpec, obs: HpaObservation, state: HpaState, c: ControllerConfig, now: number): HpaDecision {
  const current = obs.specReplicas;
  // recordInitialRecommendation
  let st: HpaState = state.recommendations.length === 0 ? { ...state, recommendations: [{ replicas: current, timestamp: now }] } : state;
  const rules = spec.behavior && { up: scaleUpRules(spec.behavior.scaleUp), down: scaleDownRules(spec.behavior.scaleDown, c.downscaleStabilizationSeconds) };
  const calc: CalculatorConfig = {
    tolerances: tolerancesOf(spec, c),
    cpuInitializationPeriodSeconds: c.cpuInitializationPeriodSeconds,
    initialReadinessDelaySeconds: c.initialReadinessDelaySeconds,
  };
  const keep = (reason: string, metrics: readonly MetricOutcome[] = [], proposal = current): HpaDecision => ({
    replicas: current,
    rescale: false,
    state: st,
    explain: { metrics, proposal, stabilized: current, stabilization: null, limit: "DesiredWithinRange", reason },
  });
  let desired: number;
  let reason: string;
  let explain: Omit<HpaExplanation, "reason">;
  if (current === 0 && spec.minReplicas !== 0) return keep("scaling is disabled since the replica count of the target is zero");
  if (current > spec.maxReplicas || current < spec.minReplicas) {
    desired = current > spec.maxReplicas ? spec.maxReplicas : spec.minReplicas;
    reason = current > spec.maxReplicas ? "Current number of replicas above Spec.MaxReplicas" : "Current number of replicas below Spec.MinReplicas";
    explain = { metrics: [], proposal: desired, stabilized: desired, stabilization: null, limit: current > spec.maxReplicas ? "TooManyReplicas" : "TooFewReplicas" };
  } else {
    const p = proposeReplicas(spec, obs, calc, now);
    if (p.replicas < 0) return keep(`failed to compute desired number of replicas: ${p.outcomes.find((o) => o.error)?.error ?? "invalid metrics"}`, p.outcomes, -1);
    desired = Math.max(0, p.replicas);
    reason = desired > current ? `${p.metric} above target` : desired < current ? "All metrics below target" : "";
    const proposal = desired;
    if (rules === undefined) {
      const s = stabilizeLegacy(st.recommendations, desired, c.downscaleStabilizationSeconds, now);
      const l = legacyLimits(current, s.replicas, spec.minReplicas, spec.maxReplicas);
      st = { ...st, recommendations: s.log };
      desired = l.replicas;
      explain = { metrics: p.outcomes, proposal, stabilized: s.replicas, stabilization: s.replicas !== proposal ? "ScaleDownStabilized" : null, limit: l.reason };
    } else {
      const { up, down } = rules;
      const s = stabilizeWithBehavior(st.recommendations, current, desired, up.stabilizationWindowSeconds, down.stabilizationWindowSeconds, now);
      const l = rateLimit(
        { current, desired: s.replicas, minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas, scaleUp: up, scaleDown: down, upEvents: st.scaleUpEvents, downEvents: st.scaleDownEvents },
        now,
      );
      st = { ...st, recommendations: s.log };
      desired = l.replicas;
      explain = { metrics: p.outcomes, proposal, stabilized: s.replicas, stabilization: s.replicas !== proposal ? s.reason : null, limit: l.reason };
    }
  }
  const rescale = desired !== current;
  if (rescale && rules !== undefined) {
    st =
      desired > current
        ? { ...st, scaleUpEvents: storeScaleEvent(st.scaleUpEvents, rules.up, desired - current, now) }
        : { ...st, scaleDownEvents: storeScaleEvent(st.scaleDownEvents, rules.down, current - desired, now) };
  }
  return { replicas: rescale ? desired : current, rescale, state: st, explain: { ...explain, reason: rescale ? reason : "recommended size matches current size" } };
}
