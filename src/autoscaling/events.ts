/** What the autoscalers did, as results list it: replica changes and node scale-ups and -downs, each with its reason. */
import type { MetricOutcome } from "./hpa/controller.js";

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
