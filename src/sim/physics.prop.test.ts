import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { findGpu, findModel } from "../catalog/index.js";
import { formatIssue, validateScenario } from "../scenario/index.js";
import { dtypeSupport, peakFlops } from "../serving/index.js";
import type { Dtype } from "../serving/index.js";
import { runScenario } from "./run.js";

const GPUS = ["t4", "l4", "a10g", "l40s", "a100-80gb-sxm", "h100-sxm"];
const CLASSIC = ["resnet-50", "bert-large-128", "retinanet", "whisper-large-v3"];

/** One GPU node serving a catalog classic model timed by its roofline, under more traffic than it can take. */
const classic = fc
  .record({
    gpu: fc.constantFrom(...GPUS),
    model: fc.constantFrom(...CLASSIC),
    dtype: fc.constantFrom<Dtype>("fp32", "fp16", "int8"),
    concurrency: fc.integer({ min: 1, max: 16 }),
    batch: fc.option(fc.integer({ min: 2, max: 128 }), { nil: undefined }),
    stack: fc.constantFrom("tensorrt" as const, "triton" as const),
    seed: fc.nat(),
  })
  .filter((x) => dtypeSupport(findGpu(x.gpu)!, x.dtype, "compute").ok);

/** One GPU node serving an LLM, under more traffic than it can take. */
const llm = fc
  .record({
    gpu: fc.constantFrom("l4", "l40s", "a100-80gb-sxm", "h100-sxm"),
    model: fc.constantFrom("llama-3.1-8b", "mistral-7b", "qwen2.5-7b"),
    dtype: fc.constantFrom<Dtype>("fp16", "bf16", "fp8"),
    input: fc.integer({ min: 1, max: 3000 }),
    output: fc.integer({ min: 1, max: 500 }),
    seed: fc.nat(),
  })
  .filter((x) => dtypeSupport(findGpu(x.gpu)!, x.dtype, "weights").ok);

function scenario(gpu: string, model: object, traffic: object, seed: number) {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "physics" },
    seed,
    duration: 12,
    cluster: { nodePools: [{ name: "gpu", gpu: { type: gpu, count: 1 }, cpu: 16, memory: "128Gi", count: 1 }] },
    services: [{ name: "svc", model, resources: { requests: { cpu: "1", "nvidia.com/gpu": 1 } }, pod: { containerStartTime: 0 }, traffic: [traffic] }],
  });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

/** Seconds the pod served: from Ready to the end of the run. */
const servingSeconds = (r: ReturnType<typeof runScenario>) => r.simulatedTime - (r.pods[0]?.timeline.ready ?? r.simulatedTime);

describe("simulated GPUs never beat their datasheet", () => {
  test.prop([classic], { numRuns: 25 })("a classic model at any concurrency and batch size computes at most the GPU's peak FLOP/s for its dtype", (x) => {
    const model = { kind: "classic", id: x.model, dtype: x.dtype, concurrency: x.concurrency, stack: x.stack, queueLimit: 64, ...(x.batch ? { batching: { maxBatchSize: x.batch, maxQueueDelay: "5ms" } } : {}) };
    const r = runScenario(scenario(x.gpu, model, { poisson: { rate: "20000/s" } }, x.seed));
    const svc = r.services[0]!;
    const seconds = servingSeconds(r);
    if (seconds <= 0) return;
    const flops = (findModel(x.model)!.kind === "classic" ? (findModel(x.model) as { flopsPerItem: number }).flopsPerItem : 0) * svc.total.completed;
    expect(flops / seconds).toBeLessThanOrEqual(peakFlops(findGpu(x.gpu)!, x.dtype));
  });

  test.prop([llm], { numRuns: 10 })("an LLM computes at most the GPU's peak FLOP/s for its weights' dtype (2 FLOPs per parameter and token)", (x) => {
    const model = { kind: "llm", id: x.model, dtype: x.dtype, queueLimit: 256 };
    const traffic = { poisson: { rate: "200/s" }, tokens: { input: { distribution: "fixed", value: x.input }, output: { distribution: "fixed", value: x.output } } };
    const r = runScenario(scenario(x.gpu, model, traffic, x.seed));
    const svc = r.services[0]!;
    const seconds = servingSeconds(r);
    if (seconds <= 0 || svc.tokens === null) return;
    const params = findModel(x.model)!.parameters;
    expect((2 * params * (svc.tokens.input + svc.tokens.output)) / seconds).toBeLessThanOrEqual(peakFlops(findGpu(x.gpu)!, x.dtype));
  });
});
