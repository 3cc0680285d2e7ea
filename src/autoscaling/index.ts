export { DEFAULT_CONTROLLER, DEFAULT_MIN_REPLICAS, scaleDownRules, scaleUpRules } from "./hpa/defaults.js";
export { proposeReplicas, syncHpa, tolerancesOf } from "./hpa/controller.js";
export { createHpaConditionLog, hpaConditions } from "./hpa/conditions.js";
export type { HpaCondition, HpaConditionLog, HpaConditionStatus, HpaTransition } from "./hpa/conditions.js";
export type { HpaDecision, HpaExplanation, HpaObservation, MetricOutcome } from "./hpa/controller.js";
export { evaluateHpaCase, hpaErrorMatches, hpaTableOfSource } from "./hpa/golden.js";
export { changeInPeriod, legacyLimits, rateLimit, scaleDownLimit, scaleUpLimit, stabilizeLegacy, stabilizeWithBehavior, storeScaleEvent } from "./hpa/normalize.js";
export type { LimitReason } from "./hpa/normalize.js";
export { groupPods, isWithin, perPodReplicas, plainMetricReplicas, resourceReplicas, usageRatioReplicas } from "./hpa/replica-calculator.js";
export type { CalculatorConfig } from "./hpa/replica-calculator.js";
export { EMPTY_HPA_STATE } from "./hpa/types.js";
export type {
  Behavior,
  ControllerConfig,
  HpaPod,
  HpaSpec,
  HpaState,
  MetricSpec,
  PartialScalingRules,
  PodMetric,
  PodMetrics,
  PodPhaseName,
  Recommendation,
  ScaleEvent,
  ScalingPolicy,
  ScalingRules,
  SelectPolicy,
  Tolerances,
} from "./hpa/types.js";
export type { PolicyCx, WorkloadScaler } from "./policy.js";
export { kedaHpaSpec, kedaPoll, kedaScaler } from "./keda/scaler.js";
export type { KedaExplanation, KedaObservation, KedaSpec, KedaState, KedaTrigger } from "./keda/scaler.js";
export { binpack, byTemplateShare } from "./cluster-autoscaler/estimator.js";
export type { Estimate, FitsOracle } from "./cluster-autoscaler/estimator.js";
export { bestOption } from "./cluster-autoscaler/expanders/chain.js";
export { createExpander, EXPANDER_NAMES, expanders } from "./cluster-autoscaler/expanders/registry.js";
export type { ExpanderModule, ExpanderOptions } from "./cluster-autoscaler/expanders/registry.js";
export { createClusterAutoscaler } from "./cluster-autoscaler/runtime.js";
export type { ClusterAutoscalerOptions, ClusterAutoscalerRuntime } from "./cluster-autoscaler/runtime.js";
export type { ClusterAutoscalerConfig, DisruptionBudget, GroupSpec, SchedulerOracle } from "./cluster-autoscaler/context.js";
export { disruptionsAllowed } from "./cluster-autoscaler/scale-down.js";
export type { NodeScaleEvent, WorkloadScaleEvent } from "./events.js";
export { createMetricsPipeline } from "./metrics/pipeline.js";
export type { MetricsPipeline, PipelineConfig, Scrape, ServingMetricsView } from "./metrics/pipeline.js";
export { hpaAutoscaler, hpaLoop, hpaScaler, hpaSpecOf } from "./hpa/runtime.js";
export type { HpaBlock, MetricBlock } from "./hpa/runtime.js";
export { kedaAutoscaler, kedaSpecOf } from "./keda/runtime.js";
export type { KedaBlock } from "./keda/runtime.js";
export type { ScaledService, ScalerLoop, WorkloadAutoscalerModule, WorkloadHandle } from "./workload/contract.js";
export { scalerLoop } from "./workload/loop.js";
export type { ScalerLoopSpec } from "./workload/loop.js";
export { createWorkloadAutoscalers } from "./workload/runtime.js";
export { workloadAutoscalers } from "./workload/registry.js";
export type { WorkloadAutoscalerRegistry } from "./workload/registry.js";
export type { Priorities } from "./cluster-autoscaler/expanders/priority.js";
export { ExpanderName } from "./cluster-autoscaler/types.js";
export type { Expander, NodeGroup, ScaleOption } from "./cluster-autoscaler/types.js";
