/**
 * The HPA's status conditions in results, as upstream's controller sets them: ScalingActive=False
 * (FailedGetPodsMetric) while no metric is visible yet, then True (ValidMetricFound); ScalingLimited
 * True at maxReplicas (TooManyReplicas); AbleToScale SucceededRescale after a rescale.
 */
import { expect, test } from "vitest";
import { validateScenario } from "../../src/scenario/index.js";
import { runScenario } from "../../src/sim/index.js";

const run = (maxReplicas: number, lag: string) => {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "hpa-conditions" },
    duration: "3m",
    cluster: { nodePools: [{ name: "cpu", cpu: 64, memory: "256Gi", count: 2, pricePerHour: 1 }], metrics: { scrapeInterval: "15s", lag } },
    services: [
      {
        name: "api",
        model: { kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean: "1s" } },
        resources: { requests: { cpu: "1" } },
        replicas: 1,
        pod: { containerStartTime: "0s" },
        autoscaling: { kind: "hpa", minReplicas: 1, maxReplicas, metrics: [{ type: "Pods", pods: { metric: { name: "requests_in_flight" }, target: { type: "AverageValue", averageValue: "1" } } }] },
        traffic: [{ poisson: { rate: "20/s" } }],
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return runScenario(r.scenario).autoscaling.services[0]!.hpa!;
};

test("while no scrape is visible the HPA reports ScalingActive=False (FailedGetPodsMetric) and does not scale; with metrics, ValidMetricFound", () => {
  const hpa = run(4, "30s");
  const active = hpa.transitions.filter((t) => t.type === "ScalingActive");
  expect(active.map((t) => [t.at, t.status, t.reason])).toEqual([
    [15, "False", "FailedGetPodsMetric"],
    [45, "True", "ValidMetricFound"],
  ]);
  expect(active[0]!.message).toBe("the HPA was unable to compute the replica count: unable to get metric requests_in_flight: no metrics returned");
  expect(active[1]!.message).toBe("the HPA was able to successfully calculate a replica count from pods metric requests_in_flight");
});

test("at maxReplicas the HPA reports ScalingLimited=True TooManyReplicas, with lastTransitionTime when the status changed", () => {
  const hpa = run(2, "0s");
  const byType = Object.fromEntries(hpa.conditions.map((c) => [c.type, c]));
  expect(byType["ScalingLimited"]).toMatchObject({ status: "True", reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" });
  expect(byType["ScalingActive"]).toMatchObject({ status: "True", reason: "ValidMetricFound", lastTransitionTime: 15 });
  expect(byType["AbleToScale"]!.status).toBe("True");
  const rescaled = hpa.transitions.find((t) => t.type === "ScalingLimited" && t.status === "True");
  expect(rescaled?.at).toBe(byType["ScalingLimited"]!.lastTransitionTime);
});
