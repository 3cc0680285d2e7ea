/**
 * Early stopping: from the results of a run so far, whether some constraint can no longer be met
 * whatever happens in the rest of the run. Latencies and refusals only accumulate, so when the
 * requests already over a percentile target (or already refused) exceed the share the target
 * allows of the most requests the run can measure, the final verdict is certain to be a failure.
 */
import type { Scenario } from "../scenario/index.js";
import type { LatencySummary, Results } from "../sim/index.js";
import type { ServiceLoad } from "./load-profile.js";
import type { PlanSpec } from "./plan-schema.js";

/** A constraint a run misses: the objective, its target and the value observed. */
export interface Miss {
  readonly service: string | null;
  /** `ttft.p99`, `rejectRate`, `unserved`, `maxNodes`, `budgetPerHour`, `maxGpus.<type>`, `halted`, `invalid`, `error`. */
  readonly objective: string;
  readonly target: number | null;
  readonly actual: number | null;
  /** For an SLO window: its start and end (seconds). */
  readonly window?: readonly [number, number];
  /** What went wrong, in words (a halt reason, an invalid field, a crash). */
  readonly detail?: string;
}

const LEVELS = [["p50", 0.5], ["p90", 0.9], ["p99", 0.99], ["p999", 0.999]] as const;
const QUANTILE: Readonly<Record<string, number>> = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 };
/** The detail of a miss that ended a run early: its actual value is what the run showed so far (a rate: a lower bound on the final one). */
export const STOPPED = "stopped early: it can no longer be met";

/** Histogram quantiles are within 0.5% of the truth: an observed quantile counts as over a target only beyond this factor. */
const GUARD = 1.05;

/** Requests observed above `target` so far, at least: from the quantiles of what completed. */
function overAtLeast(summary: LatencySummary, n: number, target: number): number {
  let over = 0;
  for (const [key, level] of LEVELS) {
    const v = summary[key];
    if (v !== null && v > target * GUARD) over = Math.max(over, Math.floor((1 - level) * n));
  }
  return over;
}

/** Requests above target at which a q-quantile over at most `most` requests must fail (nearest rank, as the histograms compute it). */
const doomAt = (q: number, most: number): number => most - Math.floor(q * Math.max(0, most - 1)) + 1;

/** The first constraint that partial results prove unreachable, or null. */
export function doomed(partial: Results, sc: Scenario, loads: readonly ServiceLoad[], constraints: PlanSpec["constraints"]): Miss | null {
  for (const [s, svc] of sc.services.entries()) {
    const most = loads[s]?.maxArrivals ?? null;
    if (most === null) continue;
    const r = partial.services[s]!;
    const refused = r.requests.rejected + r.requests.timedOut;
    const unserved = refused + r.requests.failed;
    if (unserved > constraints.maxUnserved * most + 1) return { service: svc.name, objective: "unserved", target: constraints.maxUnserved, actual: unserved / most, detail: STOPPED };
    const slo = constraints.slo ? svc.slo : undefined;
    if (!slo) continue;
    if (slo.maxRejectRate !== undefined && refused > slo.maxRejectRate * most + 1) return { service: svc.name, objective: "rejectRate", target: slo.maxRejectRate, actual: refused / most, detail: STOPPED };
    const n = r.requests.completed;
    for (const kind of ["latency", "ttft"] as const) {
      const summary = kind === "latency" ? r.latency : r.ttft;
      const targets = slo[kind];
      if (!summary || !targets) continue;
      for (const [key, target] of Object.entries(targets)) {
        if (target === undefined) continue;
        if (overAtLeast(summary, n, target) >= doomAt(QUANTILE[key]!, most)) return { service: svc.name, objective: `${kind}.${key}`, target, actual: summary[key as keyof LatencySummary] ?? null, detail: STOPPED };
      }
    }
  }
  return null;
}
