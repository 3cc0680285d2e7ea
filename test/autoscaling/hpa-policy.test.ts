/**
 * Upstream's "scale up limited by policy" trajectories (test/e2e/autoscaling/horizontal_pod_autoscaling_behavior.go,
 * "with scale limited by number of Pods rate" and "… by percentage") reproduced in the simulation:
 * under a load that asks for many more pods, a Pods policy of 1 per minute adds one pod a minute,
 * and a Percent policy of 50 % per minute goes 2 → 3 → 5; the HPA acts only on its sync times.
 */
import { expect, test } from "vitest";
import { validateScenario } from "../../src/scenario/index.js";
import type { WorkloadScaleEvent } from "../../src/sim/index.js";
import { runScenario } from "../../src/sim/index.js";

const overloaded = (replicas: number, maxReplicas: number, policy: { type: "Pods" | "Percent"; value: number }) => {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "hpa-policy" },
    duration: "6m",
    cluster: { nodePools: [{ name: "cpu", cpu: 64, memory: "256Gi", count: 4, pricePerHour: 1 }], metrics: { scrapeInterval: "15s", lag: "0s" } },
    services: [
      {
        name: "api",
        model: { kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean: "1s" } },
        resources: { requests: { cpu: "1" } },
        replicas,
        autoscaling: {
          kind: "hpa",
          minReplicas: 1,
          maxReplicas,
          metrics: [{ type: "Pods", pods: { metric: { name: "requests_in_flight" }, target: { type: "AverageValue", averageValue: "1" } } }],
          behavior: { scaleUp: { stabilizationWindowSeconds: 0, policies: [{ ...policy, periodSeconds: 60 }] } },
        },
        traffic: [{ poisson: { rate: "20/s" } }],
      },
    ],
  });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return runScenario(r.scenario).autoscaling.events.filter((e): e is WorkloadScaleEvent => e.kind === "workload");
};

test("a Pods policy of 1 per 60 s adds one pod a minute up to maxReplicas", () => {
  const ups = overloaded(1, 3, { type: "Pods", value: 1 });
  expect(ups.map((e) => [e.from, e.to])).toEqual([
    [1, 2],
    [2, 3],
  ]);
  expect(ups[1]!.at - ups[0]!.at).toBe(60);
  // The policy limits the first step; the second reaches maxReplicas too, which upstream reports as TooManyReplicas.
  expect(ups.map((e) => e.limit)).toEqual(["ScaleUpLimit", "TooManyReplicas"]);
  expect(ups.every((e) => e.proposal! > e.to)).toBe(true);
  expect(ups.every((e) => e.at % 15 === 0)).toBe(true);
});

test("a Percent policy of 50 % per 60 s goes 2 → 3 → 5", () => {
  const ups = overloaded(2, 5, { type: "Percent", value: 50 });
  expect(ups.map((e) => [e.from, e.to])).toEqual([
    [2, 3],
    [3, 5],
  ]);
  expect(ups[1]!.at - ups[0]!.at).toBe(60);
  expect(ups[0]!.limit).toBe("ScaleUpLimit");
});
