/**
 * Upstream defaults: the HPA controller's flags (pkg/controller/podautoscaler/config/v1alpha1/defaults.go)
 * and the behavior API defaults (pkg/apis/autoscaling/v2/defaults.go GenerateHPAScaleUpRules,
 * GenerateHPAScaleDownRules, copyHPAScalingRules: a field set by the user wins, field by field).
 */
import type { ControllerConfig, PartialScalingRules, ScalingPolicy, ScalingRules } from "./types.js";

export const DEFAULT_CONTROLLER: ControllerConfig = Object.freeze({
  syncPeriodSeconds: 15,
  tolerance: 0.1,
  downscaleStabilizationSeconds: 300,
  cpuInitializationPeriodSeconds: 300,
  initialReadinessDelaySeconds: 30,
});

/** The API's minReplicas default. */
export const DEFAULT_MIN_REPLICAS = 1;

const SCALE_UP_POLICIES: readonly ScalingPolicy[] = Object.freeze([
  { type: "Pods", value: 4, periodSeconds: 15 },
  { type: "Percent", value: 100, periodSeconds: 15 },
]);
const SCALE_DOWN_POLICIES: readonly ScalingPolicy[] = Object.freeze([{ type: "Percent", value: 100, periodSeconds: 15 }]);

/** Scale-up rules: window 0, Max, Pods 4 / 15 s and Percent 100 / 15 s, unless given. */
export function scaleUpRules(r: PartialScalingRules | null | undefined): ScalingRules {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? 0,
    selectPolicy: r?.selectPolicy ?? "Max",
    policies: r?.policies ?? SCALE_UP_POLICIES,
    tolerance: r?.tolerance,
  };
}

/**
 * Scale-down rules: Max, Percent 100 / 15 s, unless given; the window left unset by the API is
 * filled by the controller from its downscale-stabilisation flag (maybeInitScaleDownStabilizationWindow).
 */
export function scaleDownRules(r: PartialScalingRules | null | undefined, downscaleStabilizationSeconds: number): ScalingRules {
  return {
    stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? downscaleStabilizationSeconds,
    selectPolicy: r?.selectPolicy ?? "Max",
    policies: r?.policies ?? SCALE_DOWN_POLICIES,
    tolerance: r?.tolerance,
  };
}
