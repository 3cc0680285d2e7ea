/**
 * Workload autoscalers (HPA, KEDA-style, …) in a run: a kind is a module whose factory gives the
 * periodic control loops of one service's autoscaler. A loop observes (metrics through the
 * pipeline, pods through the cluster), asks its pure policy (a WorkloadScaler, ../policy.ts), and
 * sets the service's Deployment replicas when the policy says so.
 */
import type { ClusterRuntime } from "../../cluster/index.js";
import type { WorkloadScaleEvent } from "../events.js";
import type { HpaCondition } from "../hpa/conditions.js";
import type { ControllerConfig } from "../hpa/types.js";
import type { MetricsPipeline } from "../metrics/pipeline.js";

/** A service as its autoscaler sees it: its name, and whether its pods declare cpu and memory requests (Resource metrics need them). */
export interface ScaledService {
  readonly name: string;
  readonly declaresCpu: boolean;
  readonly declaresMemory: boolean;
}

/** What the loops act through. */
export interface WorkloadHandle {
  readonly cluster: ClusterRuntime;
  readonly metrics: MetricsPipeline;
  /** The cluster's HPA controller flags (kube-controller-manager --horizontal-pod-autoscaler-*). */
  readonly controller: ControllerConfig;
  /** Services by index. */
  readonly services: readonly ScaledService[];
  log(e: WorkloadScaleEvent): void;
  /** Hears the status conditions each HPA sync sets (the HPAs of `hpa` and `keda` services). */
  conditions?(service: number, conditions: readonly HpaCondition[], now: number): void;
}

/** One periodic control loop: it runs at `first`, then every `period` seconds until the run ends. */
export interface ScalerLoop {
  readonly first: number;
  readonly period: number;
  tick(now: number): void;
}

/** A workload autoscaler kind: its name (the scenario's `autoscaling.kind`) and the loops of one service's autoscaler. */
export interface WorkloadAutoscalerModule<A extends { readonly kind: string }> {
  readonly name: A["kind"];
  /**
   * The queue that holds a service's requests while it has no Ready pod, when the autoscaler
   * scales to zero (KEDA's HTTP add-on interceptor); absent: none unless the service asks.
   */
  readonly activator?: { readonly queueLimit: number; readonly timeout: number };
  loops(service: number, spec: A, h: WorkloadHandle): readonly ScalerLoop[];
}
