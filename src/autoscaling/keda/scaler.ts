/**
 * A KEDA-style scaler (kedacore/keda pkg/scaling/executor/scale_scaledobjects.go RequestScale,
 * scaleToZeroOrIdle): every polling interval it asks its triggers whether the service is active
 * (a metric above its activation threshold). An active service at zero replicas is scaled to
 * max(minReplicaCount, 1); an inactive one is scaled to zero once inactive for the cooldown period
 * since it was last active, or, never active, once initialCooldownPeriod has passed since the
 * start. A trigger without a metric (not scraped yet) is in error: with no trigger active nothing
 * is scaled, and an active poll with errors leaves lastActiveTime as it was. Between those, the
 * HPA KEDA creates (External metrics, one per trigger) scales it; kedaHpaSpec builds it.
 * A cron trigger (pkg/scalers/cron_scaler.go) reports desiredReplicas inside its daily window and
 * 0 outside, against an AverageValue target of 1: the HPA keeps at least desiredReplicas then.
 */
import type { Behavior, HpaSpec, MetricSpec } from "../hpa/types.js";
import type { PolicyCx, WorkloadScaler } from "../policy.js";

export interface KedaTrigger {
  readonly metric: string;
  /** Target in milli-units: per replica (AverageValue) or in total (Value). */
  readonly thresholdMilli: number;
  readonly activationThreshold: number;
  readonly metricType: "AverageValue" | "Value";
}

/** A daily window (seconds since 00:00; end before start wraps past midnight) with its minimum. */
export interface CronSchedule {
  readonly start: number;
  readonly end: number;
  readonly desiredReplicas: number;
}

export interface KedaSpec {
  readonly minReplicaCount: number;
  readonly maxReplicaCount: number;
  readonly cooldownPeriodSeconds: number;
  /** Seconds from the start before a service never seen active may be scaled to zero. */
  readonly initialCooldownPeriodSeconds: number;
  readonly triggers: readonly KedaTrigger[];
  /** Cron triggers; absent: none. */
  readonly cron?: readonly CronSchedule[] | undefined;
  readonly behavior: Behavior | undefined;
}

const DAY = 86_400;

/** The cron trigger's metric at `now`: desiredReplicas inside the daily window, 0 outside. */
export function cronValue(c: CronSchedule, now: number): number {
  const t = now - Math.floor(now / DAY) * DAY;
  const inside = c.start < c.end ? t >= c.start && t < c.end : t >= c.start || t < c.end;
  return inside ? c.desiredReplicas : 0;
}

/** The External metric name the HPA reads for cron trigger `i`. */
export const cronMetric = (i: number): string => `cron-${i}`;

/** The polling loop's view: the Deployment's replicas and each trigger's current value (units), null when unavailable; cron triggers after the others. */
export interface KedaObservation {
  readonly replicas: number;
  readonly values: readonly (number | null)[];
}

export interface KedaState {
  /** status.lastActiveTime, or null before the first activity. */
  readonly lastActiveTime: number | null;
}

export interface KedaExplanation {
  readonly active: boolean;
  /** Triggers above their activation threshold. */
  readonly activeTriggers: readonly string[];
  readonly reason: string;
}

/** The HPA KEDA creates for the scaled object: min max(minReplicaCount, 1), one External metric per trigger. */
export function kedaHpaSpec(k: KedaSpec): HpaSpec {
  const metrics: MetricSpec[] = k.triggers.map((t) => ({
    type: "External",
    metric: t.metric,
    target: t.metricType === "Value" ? { valueMilli: t.thresholdMilli } : { averageValueMilli: t.thresholdMilli },
  }));
  (k.cron ?? []).forEach((_, i) => metrics.push({ type: "External", metric: cronMetric(i), target: { averageValueMilli: 1000 } }));
  return { minReplicas: Math.max(1, k.minReplicaCount), maxReplicas: k.maxReplicaCount, metrics, behavior: k.behavior };
}

/** One poll of the scale loop; replicas null: leave the count to the HPA. */
export function kedaPoll(k: KedaSpec, obs: KedaObservation, state: KedaState, now: number): { replicas: number | null; state: KedaState; explain: KedaExplanation } {
  const activeTriggers = k.triggers.filter((t, i) => {
    const v = obs.values[i];
    return v !== null && v !== undefined && v > t.activationThreshold;
  });
  const missing = k.triggers.filter((_, i) => obs.values[i] === null || obs.values[i] === undefined).map((t) => t.metric);
  const names = activeTriggers.map((t) => t.metric);
  (k.cron ?? []).forEach((_, i) => {
    const v = obs.values[k.triggers.length + i];
    if (v !== null && v !== undefined && v > 0) names.push(cronMetric(i));
  });
  const active = names.length > 0;
  const explain = (reason: string): KedaExplanation => ({ active, activeTriggers: names, reason });
  if (active) {
    if (obs.replicas === 0) {
      const to = k.minReplicaCount > 0 ? k.minReplicaCount : 1;
      return { replicas: to, state: { lastActiveTime: now }, explain: explain(`scaled from zero: ${names.join(", ")} above the activation threshold`) };
    }
    if (missing.length > 0) return { replicas: null, state, explain: explain(`active, but no metric yet for ${missing.join(", ")}`) };
    return { replicas: null, state: { lastActiveTime: now }, explain: explain("active") };
  }
  if (missing.length > 0) return { replicas: null, state, explain: explain(`no metric yet for ${missing.join(", ")}: nothing scaled`) };
  if (obs.replicas > 0 && k.minReplicaCount === 0) {
    const last = state.lastActiveTime;
    if (last === null && k.initialCooldownPeriodSeconds < now) {
      return { replicas: 0, state, explain: explain(`scaled to zero: never active${k.initialCooldownPeriodSeconds > 0 ? ` in the initial cooldown period (${k.initialCooldownPeriodSeconds}s)` : ""}`) };
    }
    if (last !== null && last + k.cooldownPeriodSeconds < now) {
      return { replicas: 0, state, explain: explain(`scaled to zero: inactive for the cooldown period (${k.cooldownPeriodSeconds}s)`) };
    }
    return { replicas: null, state, explain: explain(last === null ? "never active, within the initial cooldown period" : "inactive, within the cooldown period") };
  }
  if (obs.replicas < k.minReplicaCount) return { replicas: k.minReplicaCount, state, explain: explain("below minReplicaCount") };
  return { replicas: null, state, explain: explain("inactive") };
}

/** The polling loop as a WorkloadScaler. */
export function kedaScaler(k: KedaSpec): WorkloadScaler<KedaObservation, KedaState, KedaExplanation> {
  return { name: "keda", decide: (obs, state, cx: PolicyCx) => kedaPoll(k, obs, state, cx.now) };
}
