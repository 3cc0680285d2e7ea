/**
 * The HorizontalPodAutoscaler (autoscaling/v2) as the controller reads it: metric specs, scaling
 * rules, and what it observes of pods and metrics. Times are simulated seconds; metric values are
 * integer milli-units, as the controller works with Quantity.MilliValue().
 */

/** HPAScalingPolicyType. */
export type ScalingPolicyType = "Pods" | "Percent";

export interface ScalingPolicy {
  readonly type: ScalingPolicyType;
  /** Pods, or percent of the replicas at the start of the period (> 0). */
  readonly value: number;
  /** Length of the period in seconds (1..1800). */
  readonly periodSeconds: number;
}

/** ScalingPolicySelect: which policy wins when several allow different changes. */
export type SelectPolicy = "Max" | "Min" | "Disabled";

/** HPAScalingRules with every field set (see defaults.ts for the upstream defaults). */
export interface ScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: SelectPolicy;
  readonly policies: readonly ScalingPolicy[];
  /** Per-direction tolerance (HPAConfigurableTolerance); undefined: the controller's. */
  readonly tolerance?: number | undefined;
}

/** HPAScalingRules as given: any field may be absent (defaults.ts fills them as the API and the controller do). */
export interface PartialScalingRules {
  readonly stabilizationWindowSeconds?: number | undefined;
  readonly selectPolicy?: SelectPolicy | undefined;
  readonly policies?: readonly ScalingPolicy[] | undefined;
  readonly tolerance?: number | undefined;
}

export interface Behavior {
  readonly scaleUp?: PartialScalingRules | undefined;
  readonly scaleDown?: PartialScalingRules | undefined;
}

/** A metric the HPA scales on (MetricSpec), with servesim metric names. */
export type MetricSpec =
  | { readonly type: "Resource"; readonly resource: string; readonly target: { readonly averageUtilization: number } | { readonly averageValueMilli: number } }
  | { readonly type: "Pods"; readonly metric: string; readonly target: { readonly averageValueMilli: number } }
  | { readonly type: "Object" | "External"; readonly metric: string; readonly target: { readonly valueMilli: number } | { readonly averageValueMilli: number } };

export interface HpaSpec {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly metrics: readonly MetricSpec[];
  /** Absent: the legacy normalisation (scale-up limit max(2 × current, 4), downscale stabilisation). */
  readonly behavior: Behavior | undefined;
}

/** Controller flags (kube-controller-manager --horizontal-pod-autoscaler-*). */
export interface ControllerConfig {
  readonly syncPeriodSeconds: number;
  readonly tolerance: number;
  readonly downscaleStabilizationSeconds: number;
  readonly cpuInitializationPeriodSeconds: number;
  readonly initialReadinessDelaySeconds: number;
}

/** Pod phase as the API reports it (core/v1 PodPhase). */
export type PodPhaseName = "Pending" | "Running" | "Succeeded" | "Failed";

/** What the replica calculator reads of a pod. */
export interface HpaPod {
  readonly name: string;
  readonly phase: PodPhaseName;
  /** deletionTimestamp set. */
  readonly deleting: boolean;
  /** The PodReady condition, or null when the pod has none. */
  readonly ready: { readonly status: boolean; readonly lastTransitionTime: number } | null;
  /** status.startTime, or null. */
  readonly startTime: number | null;
  /** Total request of the Resource metric's resource in milli-units, per resource name; absent: no request. */
  readonly requests?: Readonly<Record<string, number>> | undefined;
}

/** One pod's metric sample (metrics API PodMetric): value in milli-units. */
export interface PodMetric {
  readonly value: number;
  readonly timestamp: number;
  readonly window: number;
}

/** Samples by pod name; names of pods that do not exist are ignored where upstream ignores them. */
export type PodMetrics = ReadonlyMap<string, PodMetric>;

/** A scale event kept for the rate limits (timestampedScaleEvent). */
export interface ScaleEvent {
  readonly replicaChange: number;
  readonly timestamp: number;
  readonly outdated: boolean;
}

/** A recommendation kept for stabilisation (timestampedRecommendation). */
export interface Recommendation {
  readonly replicas: number;
  readonly timestamp: number;
}

/** The HPA's own memory between syncs (the controller's per-key maps), passed in and returned. */
export interface HpaState {
  readonly recommendations: readonly Recommendation[];
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

export const EMPTY_HPA_STATE: HpaState = Object.freeze({ recommendations: [], scaleUpEvents: [], scaleDownEvents: [] });

/** Upper and lower tolerance around a usage ratio of 1. */
export interface Tolerances {
  readonly up: number;
  readonly down: number;
}
