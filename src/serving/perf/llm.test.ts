import { describe, expect, test } from "vitest";
import { findGpu, findModel } from "../../catalog/index.js";
import type { LlmModel } from "../../catalog/index.js";
import { createLlmPerfModel } from "./llm.js";
import type { StepShape } from "./llm.js";
import { findProfile, interpolate } from "./profile.js";

const llm = (id: string) => findModel(id) as LlmModel;
const decode = (d: number, ctx: number): StepShape => ({ prefillTokens: 0, prefillPairs: 0, prefillCachedRead: 0, decodeSeqs: d, decodeContext: d * ctx, logits: d });
const prefill = (n: number): StepShape => ({ prefillTokens: n, prefillPairs: (n * (n + 1)) / 2, prefillCachedRead: 0, decodeSeqs: 0, decodeContext: 0, logits: 1 });

describe("LLM performance model", () => {
  const h100 = createLlmPerfModel({ model: llm("llama-3.1-8b"), gpu: findGpu("h100-sxm")!, tensorParallel: 1, weightDtype: "fp8", kvDtype: "fp8" });

  test("counts weights and KV bytes from the architecture", () => {
    // Llama 3.1 8B: 6.98 B linear parameters + 2 × 525 M embedding/head parameters, 1 byte each in fp8.
    expect(h100.weightBytesPerGpu / 1e9).toBeCloseTo(8.03, 1);
    // 2 × 32 layers × 8 KV heads × 128 × 1 byte.
    expect(h100.kvBytesPerTokenPerGpu).toBe(65_536);
    expect(h100.mode).toBe("roofline");
  });

  test("a single-sequence decode step is bound by reading the weights", () => {
    const t = h100.stepTime(decode(1, 512));
    const weightsOnly = 8.03e9 / 3.35e12;
    expect(t).toBeGreaterThan(weightsOnly);
    expect(t).toBeLessThan(weightsOnly * 2.5);
  });

  test("prefill is compute-bound: time grows linearly with prompt tokens, plus quadratic attention", () => {
    const t1 = h100.stepTime(prefill(2048));
    const t2 = h100.stepTime(prefill(4096));
    expect(t2 / t1).toBeGreaterThan(1.9);
    expect(t2 / t1).toBeLessThan(2.4);
  });

  test("tensor parallelism splits weights and KV across GPUs and adds communication", () => {
    const tp1 = createLlmPerfModel({ model: llm("llama-3.3-70b"), gpu: findGpu("h200")!, tensorParallel: 1, weightDtype: "fp8", kvDtype: "fp8" });
    const tp4 = createLlmPerfModel({ model: llm("llama-3.3-70b"), gpu: findGpu("h200")!, tensorParallel: 4, weightDtype: "fp8", kvDtype: "fp8" });
    expect(tp4.weightBytesPerGpu).toBeCloseTo(tp1.weightBytesPerGpu / 4, 0);
    expect(tp4.kvBytesPerTokenPerGpu).toBe(tp1.kvBytesPerTokenPerGpu / 4);
    const s = decode(32, 1000);
    expect(tp4.stepTime(s)).toBeLessThan(tp1.stepTime(s));
    expect(tp4.stepTime(s)).toBeGreaterThan(tp1.stepTime(s) / 4);
  });

  test("the decode line reproduces the step time of decode-only iterations", () => {
    for (const perf of [h100, createLlmPerfModel({ model: llm("llama-2-7b"), gpu: findGpu("h100-sxm")!, tensorParallel: 1, weightDtype: "fp16", kvDtype: "fp16" })]) {
      for (const [d, ctx] of [[1, 10], [64, 900], [256, 4000]] as const) {
        const l = perf.decodeLine(d);
        const c = d * ctx;
        expect(Math.max(l.computeA + l.computeB * c, l.memoryA + l.memoryB * c) + l.fixed).toBeCloseTo(perf.stepTime(decode(d, ctx)), 12);
      }
    }
  });

  test("profile mode is used where the measured profiles cover the deployment, and says so", () => {
    const fp16 = (model: string, gpu: string, tp: number, dtype: "fp16" | "fp8" = "fp16") =>
      createLlmPerfModel({ model: llm(model), gpu: findGpu(gpu)!, tensorParallel: tp, weightDtype: dtype, kvDtype: dtype }).mode;
    expect(fp16("llama-2-7b", "a100-80gb-sxm", 1)).toBe("profile");
    expect(fp16("llama-2-70b", "h100-sxm", 8)).toBe("profile");
    expect(fp16("llama-2-7b", "h100-sxm", 1, "fp8")).toBe("roofline");
    expect(fp16("llama-3.1-8b", "h100-sxm", 1)).toBe("roofline");
    expect(fp16("llama-2-7b", "l4", 1)).toBe("roofline");
  });

  test("profile readings interpolate between measured token counts and extrapolate above them", () => {
    const table = findProfile("h100-sxm", "llama-2-7b", 1)!;
    const i = table.tokens.indexOf(1024);
    expect(interpolate(table.tokens, table.layerMs, 1024)).toBeCloseTo(table.layerMs[i]! / 1000, 12);
    const mid = interpolate(table.tokens, table.layerMs, (table.tokens[i]! + table.tokens[i + 1]!) / 2);
    expect(mid).toBeCloseTo((table.layerMs[i]! + table.layerMs[i + 1]!) / 2000, 12);
    expect(interpolate(table.tokens, table.layerMs, 8192)).toBeGreaterThan(interpolate(table.tokens, table.layerMs, 4096));
  });
});
