/** A periodic control loop around a pure workload policy (a WorkloadScaler). */
import type { WorkloadScaleEvent } from "../events.js";
import type { PolicyCx, WorkloadScaler } from "../policy.js";
import type { ScalerLoop, WorkloadHandle } from "./contract.js";

/** How a loop observes, and how it records a change its policy made. */
export interface ScalerLoopSpec<O, S, E> {
  readonly service: number;
  readonly first: number;
  readonly period: number;
  readonly scaler: WorkloadScaler<O, S, E>;
  readonly initial: S;
  /** The policy's observation now; `current` is the Deployment's spec.replicas. */
  observe(now: number, current: number): O;
  record(now: number, from: number, to: number, explain: E, observed: O): WorkloadScaleEvent;
}

/** A loop that asks its policy at every tick and sets the Deployment's replicas when the policy names a different count. */
export function scalerLoop<O, S, E>(l: ScalerLoopSpec<O, S, E>, h: WorkloadHandle): ScalerLoop {
  let state = l.initial;
  const { deployments } = h.cluster;
  return {
    first: l.first,
    period: l.period,
    tick(now) {
      const current = deployments.desired(l.service);
      const observed = l.observe(now, current);
      const cx: PolicyCx = { now };
      const d = l.scaler.decide(observed, state, cx);
      state = d.state;
      if (d.replicas === null || d.replicas === current) return;
      deployments.setReplicas(l.service, d.replicas, now);
      h.log(l.record(now, current, d.replicas, d.explain, observed));
    },
  };
}
