import { describe, expect, test } from "vitest";
import { validateScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { serviceLoads } from "./load-profile.js";
import { planSchema } from "./plan-schema.js";
import { costLowerBound, pruneScenario } from "./prune.js";

const constraints = planSchema.shape.constraints.parse({});

function llm(model: Record<string, unknown>, gpu: { type: string; count: number }, gpuRequest: number, rate = 2): Scenario {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "t" },
    duration: "10m",
    warmup: "1m",
    cluster: { nodePools: [{ name: "gpu", gpu, cpu: 32, memory: "256Gi", count: 2 }] },
    services: [
      {
        name: "chat",
        model: { kind: "llm", ...model },
        resources: { requests: { cpu: "4", memory: "16Gi", "nvidia.com/gpu": gpuRequest } },
        replicas: 2,
        traffic: [{ poisson: { rate }, tokens: { input: { distribution: "fixed", value: 1000 }, output: { distribution: "fixed", value: 200 } } }],
      },
    ],
  });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("; "));
  return r.scenario;
}

const prune = (sc: Scenario) => pruneScenario(sc, serviceLoads(sc, undefined), constraints);

describe("pruneScenario", () => {
  test("a 70B model in 16 bits does not fit one L4: memory, with the sizes", () => {
    expect(prune(llm({ id: "llama-3.3-70b" }, { type: "l4", count: 1 }, 1))).toEqual({
      kind: "memory",
      message: expect.stringMatching(/^service chat: llama-3\.3-70b \(bf16, tensorParallel 1\) fits no node pool its pods can land on: pool gpu \(l4\): 131\.4 GiB of weights \+ .* > 20\.1 GiB usable/),
    });
  });

  test("tensor parallelism beyond the GPUs of any node: placement", () => {
    expect(prune(llm({ id: "llama-3.1-8b", tensorParallel: 2 }, { type: "h100-sxm", count: 1 }, 2))).toEqual({
      kind: "placement",
      message: "service chat: a pod requests 2 nvidia.com/gpu, the largest node has 1 (tensorParallel 2)",
    });
  });

  test("two replicas far below the mean load: capacity; a light load passes every bound", () => {
    expect(prune(llm({ id: "llama-3.1-8b" }, { type: "l4", count: 1 }, 1, 200))).toMatchObject({ kind: "capacity", message: expect.stringMatching(/^service chat: at most .* from 2 replica\(s\) × .*, below the mean load 200\/s$/) });
    expect(prune(llm({ id: "llama-3.1-8b" }, { type: "h100-sxm", count: 1 }, 1))).toBeNull();
  });

  test("costLowerBound of a fixed pool is its nodes × price × duration", () => {
    const sc = llm({ id: "llama-3.1-8b" }, { type: "h100-sxm", count: 1 }, 1);
    // The catalog's list price of an H100 SXM GPU-hour.
    expect(costLowerBound(sc)).toBeCloseTo(2 * 6.88 * (10 / 60), 9);
  });
});
