/** The scale events of a run (workload and node scaling, faults), as results list them: plain data, capped in number. */
import type { MetricOutcome } from "../autoscaling/index.js";
import type { FaultRecord } from "../faults/index.js";

/** A change of a service's replicas by its HPA or KEDA scaler, with the reason. */
export interface WorkloadScaleEvent {
  readonly at: number;
  readonly kind: "workload";
  readonly service: string;
  readonly controller: "hpa" | "keda";
  readonly from: number;
  readonly to: number;
  /** The controller's reason ("pods metric requests_in_flight above target", "scaled from zero: …"). */
  readonly reason: string;
  /** Each metric's current value, target and proposal (HPA syncs). */
  readonly metrics: readonly MetricOutcome[];
  /** Largest proposal over the metrics, after the stabilisation window, and the rate limit or bound that applied. */
  readonly proposal: number | null;
  readonly stabilized: number | null;
  readonly stabilization: string | null;
  readonly limit: string | null;
}

/** Nodes added to or removed from a pool by the cluster autoscaler. */
export interface NodeScaleEvent {
  readonly at: number;
  readonly kind: "node";
  readonly pool: string;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
  /** Scale-up: the pending pods the new nodes take, and the expanders' narrowing ("least-waste kept 1"). */
  readonly pods: readonly string[];
  readonly expander: readonly string[];
  readonly nodes: readonly string[];
}

/** A fault striking. */
export type FaultEvent = FaultRecord;

export type ScaleEventRecord = WorkloadScaleEvent | NodeScaleEvent | FaultEvent;

export interface EventLog {
  readonly events: ScaleEventRecord[];
  dropped: number;
  add(e: ScaleEventRecord): void;
}

export function createEventLog(limit: number): EventLog {
  const log: EventLog = {
    events: [],
    dropped: 0,
    add(e) {
      if (log.events.length < limit) log.events.push(e);
      else log.dropped++;
    },
  };
  return log;
}
