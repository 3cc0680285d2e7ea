/**
 * Probe timings and the grace period from the simulated cold start and drain: the startup probe
 * covers the p99 time from container start to Ready with a margin, the readiness probe is the one
 * simulated, and the grace period covers the longest requests a terminating pod drains.
 */
import { findModel } from "../catalog/index.js";
import type { Scenario, Service } from "../scenario/index.js";
import { ceilSeconds, formatSeconds, plural } from "./quantities.js";
import type { ServiceFigures } from "./types.js";

/** Safety factor over the simulated p99 (cold starts vary with node, cache and registry state). */
export const STARTUP_MARGIN = 1.5;
/** Period of the startup probe (seconds). */
export const STARTUP_PERIOD = 10;

export interface ProbePlan {
  /** Container start → Ready budget the startup probe allows (seconds). */
  readonly startupBudget: number;
  readonly startupFailureThreshold: number;
  readonly terminationGracePeriodSeconds: number;
  /** Lines for the Deployment's comment. */
  readonly notes: readonly string[];
}

const BYTES_PER_PARAMETER: Readonly<Record<string, number>> = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5, fp4: 0.5 };

/** Container start → weights loaded, estimated from the scenario alone (no pod became Ready in the simulation). */
function estimatedStart(sc: Scenario, svc: Service): number {
  const m = svc.model;
  const cat = m.id === undefined ? undefined : findModel(m.id);
  const weights = m.weightsSize ?? (cat ? cat.parameters * (BYTES_PER_PARAMETER[m.dtype] ?? 2) : 0);
  const bandwidth = Math.min(...sc.cluster.nodePools.map((p) => p.modelLoadBandwidth));
  return svc.pod.containerStartTime + weights / bandwidth;
}

export function probePlan(sc: Scenario, svc: Service, f: ServiceFigures | undefined): ProbePlan {
  const notes: string[] = [];
  const probe = svc.pod.readinessProbe;
  let afterStart: number;
  const cs = f?.coldStart;
  if (cs) {
    // Phases after the container starts; the sum of p99s bounds the p99 of the sum from above.
    afterStart = cs.containerStart.p99 + cs.modelLoad.p99 + cs.readiness.p99;
    notes.push(
      `cold start over ${plural(cs.pods, "pod")}: p50 ${formatSeconds(cs.total.p50)}, p99 ${formatSeconds(cs.total.p99)} ` +
        `(scheduling ${formatSeconds(cs.scheduling.p99)}, image pull ${formatSeconds(cs.imagePull.p99)}, container start ${formatSeconds(cs.containerStart.p99)}, ` +
        `model load ${formatSeconds(cs.modelLoad.p99)}, readiness ${formatSeconds(cs.readiness.p99)} at p99)`,
    );
  } else {
    afterStart = estimatedStart(sc, svc) + probe.initialDelaySeconds + probe.periodSeconds;
    notes.push(`no pod became Ready in the simulation: container start to Ready estimated at ${formatSeconds(afterStart)} from the scenario`);
  }
  const startupBudget = Math.max(STARTUP_PERIOD, ceilSeconds(afterStart * STARTUP_MARGIN));
  const startupFailureThreshold = Math.ceil(startupBudget / STARTUP_PERIOD);
  notes.push(`startupProbe: ${startupFailureThreshold} × ${STARTUP_PERIOD}s = ${startupFailureThreshold * STARTUP_PERIOD}s ≥ ${STARTUP_MARGIN} × ${formatSeconds(afterStart)} (p99 container start to Ready)`);
  const simulatedGrace = svc.pod.terminationGracePeriodSeconds;
  const drain = f?.latencyMax ?? null;
  let grace = simulatedGrace;
  if (drain !== null && drain > simulatedGrace) {
    grace = ceilSeconds(drain * STARTUP_MARGIN);
    notes.push(`terminationGracePeriodSeconds ${grace}: the longest request took ${formatSeconds(drain)}, beyond the simulated ${simulatedGrace}s (${f?.cutByGrace ?? 0} requests cut)`);
  } else if (drain !== null) {
    notes.push(`terminationGracePeriodSeconds ${grace} (simulated): drains the longest request, ${formatSeconds(drain)} (p99 ${formatSeconds(f?.latencyP99 ?? 0)})`);
  }
  return { startupBudget, startupFailureThreshold, terminationGracePeriodSeconds: grace, notes };
}
