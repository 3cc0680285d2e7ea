import { describe, expect, test } from "vitest";
import { createHpaConditionLog, hpaConditions } from "./conditions.js";
import type { HpaDecision, HpaExplanation } from "./controller.js";
import { EMPTY_HPA_STATE } from "./types.js";
import type { HpaSpec } from "./types.js";

const spec: HpaSpec = {
  minReplicas: 1,
  maxReplicas: 10,
  metrics: [
    { type: "Resource", resource: "cpu", target: { averageUtilization: 60 } },
    { type: "External", metric: "requests_per_second", target: { averageValueMilli: 5000 } },
  ],
  behavior: undefined,
};

const decision = (e: Partial<HpaExplanation>, replicas = 3, rescale = false): HpaDecision => ({
  replicas,
  rescale,
  state: EMPTY_HPA_STATE,
  explain: { metrics: [], proposal: 3, stabilized: 3, stabilization: null, limit: "DesiredWithinRange", reason: "", ...e },
});
const brief = (d: HpaDecision) => hpaConditions(spec, d).map((c) => `${c.type}=${c.status} ${c.reason}`);

describe("HPA conditions", () => {
  test.each([
    [
      "a target at zero replicas disables scaling",
      decision({ reason: "scaling is disabled since the replica count of the target is zero" }, 0),
      ["AbleToScale=True SucceededGetScale", "ScalingActive=False ScalingDisabled"],
    ],
    [
      "a failed metric (the first one) stops the sync with ScalingActive=False naming its type",
      decision({ proposal: -1, metrics: [{ metric: "cpu", type: "Resource", current: null, target: 60, proposal: null, error: "missing request for cpu in Pod p" }, { metric: "requests_per_second", type: "External", current: 1, target: 5, proposal: 1 }] }),
      ["AbleToScale=True SucceededGetScale", "ScalingActive=False FailedGetResourceMetric"],
    ],
    [
      "a stabilised scale-down within range",
      decision({ proposal: 2, stabilized: 3, stabilization: "ScaleDownStabilized", metrics: [{ metric: "cpu", type: "Resource", current: 30, target: 60, proposal: 2 }] }),
      ["AbleToScale=True SucceededGetScale", "ScalingActive=True ValidMetricFound", "AbleToScale=True ScaleDownStabilized", "ScalingLimited=False DesiredWithinRange"],
    ],
    [
      "a rescale capped by the scale-up limit",
      decision({ proposal: 12, stabilized: 12, limit: "ScaleUpLimit", metrics: [{ metric: "requests_per_second", type: "External", current: 60, target: 5, proposal: 12 }] }, 8, true),
      ["AbleToScale=True SucceededGetScale", "ScalingActive=True ValidMetricFound", "AbleToScale=True ReadyForNewScale", "ScalingLimited=True ScaleUpLimit", "AbleToScale=True SucceededRescale"],
    ],
  ] as const)("%s", (_name, d, expected) => {
    expect(brief(d)).toEqual(expected);
  });

  test("messages are upstream's", () => {
    const d = decision({ proposal: 12, stabilized: 12, limit: "ScaleUpLimit", metrics: [{ metric: "requests_per_second", type: "External", current: 60, target: 5, proposal: 12 }] }, 8, true);
    expect(hpaConditions(spec, d).map((c) => c.message)).toEqual([
      "the HPA controller was able to get the target's current scale",
      "the HPA was able to successfully calculate a replica count from external metric requests_per_second",
      "recommended size matches current size",
      "the desired replica count is increasing faster than the maximum scale rate",
      "the HPA controller was able to update the target scale to 8",
    ]);
  });

  test("the log moves lastTransitionTime only when a condition's status changes, keeps the last reason, and bounds the transitions", () => {
    const log = createHpaConditionLog(2);
    log.set([{ type: "ScalingActive", status: "False", reason: "FailedGetPodsMetric", message: "a" }], 15);
    log.set([{ type: "ScalingActive", status: "False", reason: "FailedGetPodsMetric", message: "b" }], 30);
    log.set([{ type: "ScalingActive", status: "True", reason: "ValidMetricFound", message: "c" }], 45);
    log.set([{ type: "ScalingActive", status: "False", reason: "FailedGetPodsMetric", message: "d" }], 60);
    expect(log.conditions()).toEqual([{ type: "ScalingActive", status: "False", reason: "FailedGetPodsMetric", message: "d", lastTransitionTime: 60 }]);
    expect(log.transitions.map((t) => t.at)).toEqual([15, 45]);
    expect(log.dropped()).toBe(1);
  });
});
