import { describe, expect, test } from "vitest";
import { formatIssue, validateScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { checkPlacements } from "./placement-check.js";

const pool = (name: string, type: string, count = 1, extra: object = {}) => ({ name, gpu: { type, count }, cpu: 32, memory: "256Gi", count: 1, ...extra });

function scenario(pools: object[], model: object, pod: object = {}, gpus = 1): Scenario {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "fit" },
    duration: 60,
    cluster: { nodePools: pools },
    services: [{ name: "svc", model, pod, resources: { requests: { cpu: "1", "nvidia.com/gpu": gpus } } }],
  });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

describe("checkPlacements", () => {
  test("a 70B bf16 model on one 48 GB GPU fits no pool: an error naming the sizes", () => {
    const problems = checkPlacements(scenario([pool("l40s", "l40s")], { kind: "llm", id: "llama-3.3-70b", dtype: "bf16" }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ severity: "error", path: ["services", 0, "model"] });
    expect(problems[0]!.message).toMatchInlineSnapshot(
      `"service svc: llama-3.3-70b (bf16, tensorParallel 1) fits no node pool its pods can land on: pool l40s (l40s): 131.4 GiB of weights + 3.1 GiB of buffers + 5.0 MiB of KV cache (one block) per GPU > 40.2 GiB usable (44.7 GiB × gpuMemoryUtilization 0.9)"`,
    );
  });

  test("the same model at tensorParallel 4 on H100s fits", () => {
    expect(checkPlacements(scenario([pool("h100", "h100-sxm", 8)], { kind: "llm", id: "llama-3.3-70b", dtype: "bf16", tensorParallel: 4 }, {}, 4))).toEqual([]);
  });

  test("a model that fits some of the pools its pods can land on is a warning for the others", () => {
    const problems = checkPlacements(scenario([pool("l40s", "l40s"), pool("h200", "h200")], { kind: "llm", id: "llama-3.3-70b", dtype: "fp8" }));
    expect(problems.map((p) => p.severity)).toEqual(["warning"]);
    expect(problems[0]!.message).toMatch(/^service svc: llama-3\.3-70b \(fp8, tensorParallel 1\) cannot run on pool l40s \(l40s\): .* pods placed there cannot start$/);
  });

  test("pools the pods cannot land on are not checked: node selector, untolerated taints, too few GPUs per node", () => {
    const pools = [pool("small", "l40s"), pool("big", "h200"), pool("tainted", "l4", 1, { taints: [{ key: "dedicated", value: "x", effect: "NoSchedule" }] })];
    const model = { kind: "llm", id: "llama-3.3-70b", dtype: "fp8" };
    expect(checkPlacements(scenario(pools, model, { nodeSelector: { "nvidia.com/gpu.product": "NVIDIA-H200" } }))).toEqual([]);
    expect(checkPlacements(scenario([pools[2]!, pools[1]!], model))).toEqual([]);
    expect(checkPlacements(scenario([pool("l40s", "l40s", 1), pool("h100x2", "h100-sxm", 2)], { ...model, dtype: "bf16", tensorParallel: 2 }, {}, 2))).toEqual([]);
  });

  test("a data type the GPU lacks is refused with the GPU's types: fp8 and bf16 on a T4", () => {
    const fp8 = checkPlacements(scenario([pool("t4", "t4")], { kind: "classic", id: "resnet-50", dtype: "fp8" }));
    expect(fp8[0]?.message).toBe("service svc: resnet-50 (fp8) fits no node pool its pods can land on: pool t4 (t4): t4 does not support fp8 (it supports fp32, fp16, int8)");
    const bf16 = checkPlacements(scenario([pool("t4", "t4")], { kind: "llm", id: "llama-3.1-8b", dtype: "bf16" }));
    expect(bf16[0]?.message).toMatch(/t4 does not support bf16 weights \(it supports fp32, fp16, int8, int4\)$/);
  });

  test("a classic model whose instances' weights exceed the GPU memory is refused", () => {
    const problems = checkPlacements(scenario([pool("t4", "t4")], { kind: "classic", id: "sdxl", dtype: "fp16", concurrency: 4 }));
    expect(problems[0]?.message).toBe("service svc: sdxl (fp16) fits no node pool its pods can land on: pool t4 (t4): 4 instances × 6.5 GiB of weights > 16.0 GiB of GPU memory");
    expect(checkPlacements(scenario([pool("t4", "t4")], { kind: "classic", id: "sdxl", dtype: "fp16", concurrency: 2 }))).toEqual([]);
  });

  test("pods without GPU requests, and pools without GPUs, are not checked", () => {
    const timed = { kind: "classic", id: "resnet-50", dtype: "fp8", serviceTime: { distribution: "deterministic", mean: "10ms" } };
    expect(checkPlacements(scenario([pool("t4", "t4")], timed, {}, 0))).toEqual([]);
    expect(checkPlacements(scenario([{ name: "cpu", cpu: 32, memory: "64Gi", count: 1 }], timed, {}, 0))).toEqual([]);
  });
});
