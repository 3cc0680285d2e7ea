import { describe, expect, test } from "vitest";
import type { ScenarioInput } from "../../src/scenario/index.js";
import { runScenario } from "../../src/sim/index.js";
import { scenario } from "../support/scenarios.js";

const packing = (schedulerConfig: ScenarioInput["cluster"]["scheduler"]): ScenarioInput => ({
  apiVersion: "servesim/v1",
  kind: "Scenario",
  metadata: { name: "pack" },
  duration: "1m",
  cluster: {
    nodePools: [{ name: "a100", gpu: { type: "a100-80gb-sxm", count: 2 }, cpu: 32, memory: "256Gi", count: 4, zones: ["z1", "z2"] }],
    ...(schedulerConfig ? { scheduler: schedulerConfig } : {}),
  },
  services: [
    {
      name: "llm",
      model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: "1s" } },
      resources: { requests: { cpu: "2", memory: "16Gi", "nvidia.com/gpu": 1 } },
      replicas: 4,
    },
  ],
});

const nodesUsed = (r: ReturnType<typeof runScenario>) => new Set(r.pods.map((p) => p.node)).size;

describe("scheduler profiles from the scenario", () => {
  test("the default profile spreads GPU pods (LeastAllocated, topology spread); MostAllocated on nvidia.com/gpu packs them", () => {
    expect(nodesUsed(runScenario(scenario(packing(undefined))))).toBe(4);
    const packed = runScenario(
      scenario(
        packing({
          profiles: [
            {
              plugins: { score: { disabled: [{ name: "PodTopologySpread" }, { name: "NodeResourcesBalancedAllocation" }] } },
              pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated", resources: [{ name: "nvidia.com/gpu", weight: 10 }, { name: "cpu", weight: 1 }] } } }],
            },
          ],
        }),
      ),
    );
    expect(nodesUsed(packed)).toBe(2);
    expect(packed.nodes.filter((n) => n.allocated.gpu === 1).length).toBe(2);
    const explained = packed.scheduler.explain[1]!;
    expect(explained.plugins.map((p) => p.name)).toEqual(["TaintToleration", "NodeAffinity", "NodeResourcesFit", "ImageLocality"]);
  });

  test("percentageOfNodesToScore bounds the nodes scored per decision", () => {
    const big: ScenarioInput = {
      ...packing(undefined),
      cluster: { nodePools: [{ name: "cpu", cpu: 8, memory: "32Gi", count: 300, pricePerHour: 1 }] },
      services: [{ name: "web", model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: "1s" } }, resources: { requests: { cpu: "1" } }, replicas: 3 }],
      output: { explain: { firstDecisions: 3 } },
    };
    // 300 nodes: adaptive share max(50 − 300/125, 5) = 48% → 144 nodes; 30% → 100 (the floor).
    for (const e of runScenario(scenario(big)).scheduler.explain) expect(e.scores.length).toBe(144);
    const thirty = runScenario(scenario({ ...big, cluster: { ...big.cluster, scheduler: { percentageOfNodesToScore: 30 } } }));
    for (const e of thirty.scheduler.explain) expect([e.scores.length, e.nodesEvaluated]).toEqual([100, 100]);
  });
});
