export { DEFAULT_CONTROLLER, DEFAULT_MIN_REPLICAS, scaleDownRules, scaleUpRules } from "./hpa/defaults.js";
export { proposeReplicas, syncHpa, tolerancesOf } from "./hpa/controller.js";
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
