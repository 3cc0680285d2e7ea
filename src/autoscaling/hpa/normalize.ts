/**
 * The HPA's normalisation of a recommendation (pkg/controller/podautoscaler/horizontal.go):
 * stabilisation over the recommendation log, the behavior's rate limits over the scale-event logs,
 * the legacy limits when no behavior is set, and the bookkeeping of both logs. Pure functions:
 * each takes the logs and returns the new ones.
 */
import type { Recommendation, ScaleEvent, ScalingRules } from "./types.js";

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

/** Why the result differs from the stabilised recommendation (the ScalingLimited condition's reason). */
export type LimitReason = "DesiredWithinRange" | "ScaleUpLimit" | "ScaleDownLimit" | "TooManyReplicas" | "TooFewReplicas";

/** stabilizeRecommendationWithBehaviors: the new recommendation, clamped between the scale-up and scale-down window extremes. */
export function stabilizeWithBehavior(
  log: readonly Recommendation[],
  current: number,
  desired: number,
  upWindow: number,
  downWindow: number,
  now: number,
): { readonly replicas: number; readonly log: Recommendation[]; readonly reason: "ScaleUpStabilized" | "ScaleDownStabilized" } {
  const upCutoff = now - upWindow;
  const downCutoff = now - downWindow;
  let up = desired;
  let down = desired;
  let old = -1;
  log.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) up = Math.min(rec.replicas, up);
    if (rec.timestamp > downCutoff) down = Math.max(rec.replicas, down);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) old = i;
  });
  let replicas = current;
  if (replicas < up) replicas = up;
  if (replicas > down) replicas = down;
  return { replicas, log: record(log, old, { replicas: desired, timestamp: now }), reason: desired >= current ? "ScaleUpStabilized" : "ScaleDownStabilized" };
}

/** stabilizeRecommendation (no behavior): the highest recommendation within the downscale window. */
export function stabilizeLegacy(log: readonly Recommendation[], desired: number, window: number, now: number): { readonly replicas: number; readonly log: Recommendation[] } {
  const cutoff = now - window;
  let max = desired;
  let old = -1;
  log.forEach((rec, i) => {
    if (rec.timestamp < cutoff) old = i;
    else if (rec.replicas > max) max = rec.replicas;
  });
  return { replicas: max, log: record(log, old, { replicas: desired, timestamp: now }) };
}

/** The new entry replaces the last obsolete one, else is appended. */
function record<T>(log: readonly T[], old: number, entry: T): T[] {
  const out = [...log];
  if (old >= 0) out[old] = entry;
  else out.push(entry);
  return out;
}

/** getReplicasChangePerPeriod: replicas changed by the events strictly younger than the period. */
export function changeInPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds;
  let n = 0;
  for (const e of events) if (e.timestamp > cutoff) n += e.replicaChange;
  return n;
}

/** calculateScaleUpLimitWithScalingRules: the most replicas the policies allow now. */
export function scaleUpLimit(current: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: ScalingRules, now: number): number {
  if (rules.selectPolicy === "Disabled") return current;
  const pickMin = rules.selectPolicy === "Min";
  let result = pickMin ? MAX_INT32 : MIN_INT32;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(p.periodSeconds, upEvents, now) + changeInPeriod(p.periodSeconds, downEvents, now);
    // Rounded up: a percentage that adds less than one pod must still let the target grow.
    const proposed = p.type === "Pods" ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = pickMin ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: the fewest replicas the policies allow now. */
export function scaleDownLimit(current: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: ScalingRules, now: number): number {
  if (rules.selectPolicy === "Disabled") return current;
  const pickMin = rules.selectPolicy === "Min";
  let result = pickMin ? MIN_INT32 : MAX_INT32;
  for (const p of rules.policies) {
    const start = current - changeInPeriod(p.periodSeconds, upEvents, now) + changeInPeriod(p.periodSeconds, downEvents, now);
    const proposed = p.type === "Pods" ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    // For a scale-down the smallest change (Min) is the largest count.
    result = pickMin ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

export interface RateLimitArgs {
  readonly current: number;
  readonly desired: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly scaleUp: ScalingRules;
  readonly scaleDown: ScalingRules;
  readonly upEvents: readonly ScaleEvent[];
  readonly downEvents: readonly ScaleEvent[];
}

/** convertDesiredReplicasWithBehaviorRate: the stabilised recommendation within the rate limits and min/max. */
export function rateLimit(a: RateLimitArgs, now: number): { readonly replicas: number; readonly reason: LimitReason } {
  if (a.desired > a.current) {
    const limit = Math.max(a.current, scaleUpLimit(a.current, a.upEvents, a.downEvents, a.scaleUp, now));
    const capped = a.maxReplicas > limit;
    const allowed = capped ? limit : a.maxReplicas;
    if (a.desired > allowed) return { replicas: allowed, reason: capped ? "ScaleUpLimit" : "TooManyReplicas" };
  } else if (a.desired < a.current) {
    const limit = Math.min(a.current, scaleDownLimit(a.current, a.upEvents, a.downEvents, a.scaleDown, now));
    const capped = a.minReplicas < limit;
    const allowed = capped ? limit : a.minReplicas;
    if (a.desired < allowed) return { replicas: allowed, reason: capped ? "ScaleDownLimit" : "TooFewReplicas" };
  }
  return { replicas: a.desired, reason: "DesiredWithinRange" };
}

/** calculateScaleUpLimit without behavior: max(2 × current, 4). */
export const legacyScaleUpLimit = (current: number): number => Math.trunc(Math.max(2 * current, 4));

/** convertDesiredReplicasWithRules (no behavior): min/max and the legacy scale-up limit. */
export function legacyLimits(current: number, desired: number, minReplicas: number, maxReplicas: number): { readonly replicas: number; readonly reason: LimitReason } {
  const limit = legacyScaleUpLimit(current);
  const capped = maxReplicas > limit;
  const allowedMax = capped ? limit : maxReplicas;
  if (desired < minReplicas) return { replicas: minReplicas, reason: "TooFewReplicas" };
  if (desired > allowedMax) return { replicas: allowedMax, reason: capped ? "ScaleUpLimit" : "TooManyReplicas" };
  return { replicas: desired, reason: "DesiredWithinRange" };
}

/** getLongestPolicyPeriod. */
const longestPeriod = (rules: ScalingRules): number => rules.policies.reduce((m, p) => Math.max(m, p.periodSeconds), 0);

/**
 * storeScaleEvent: after a rescale, records the change in its direction's log, reusing the slot of
 * the last event older than the direction's longest policy period (markScaleEventsOutdated).
 */
export function storeScaleEvent(events: readonly ScaleEvent[], rules: ScalingRules, change: number, now: number): ScaleEvent[] {
  const cutoff = now - longestPeriod(rules);
  const marked = events.map((e) => (e.timestamp < cutoff && !e.outdated ? { ...e, outdated: true } : e));
  let old = -1;
  marked.forEach((e, i) => {
    if (e.outdated) old = i;
  });
  return record(marked, old, { replicaChange: change, timestamp: now, outdated: false });
}
