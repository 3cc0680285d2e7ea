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
    // Llama 3.1 8B: 6.98 B linear parameters at 1 byte in fp8 + 2 × 525 M embedding/head parameters, kept 16-bit by quantised checkpoints.
    expect(h100.weightBytesPerGpu / 1e9).toBeCloseTo(6.98 + 2 * 0.525 * 2, 1);
    // 2 × 32 layers × 8 KV heads × 128 × 1 byte.
    expect(h100.kvBytesPerTokenPerGpu).toBe(65_536);
    expect(h100.mode).toBe("roofline");
  });

  test("a single-sequence decode step is bound by reading the weights", () => {
    const t = h100.stepTime(decode(1, 512));
    const weightsOnly = (6.98e9 + 2 * 0.525e9) / 3.35e12;
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

  test("profile readings above the last measured count stay finite where a table repeats its last count (regression: 4097 tokens gave Infinity)", () => {
    const table = findProfile("a100-80gb-sxm", "llama-2-7b", 1)!;
    expect(table.tokens.at(-1)).toBe(table.tokens.at(-2));
    const at4096 = interpolate(table.tokens, table.layerMs, 4096);
    expect(interpolate(table.tokens, table.layerMs, 4097)).toBeGreaterThanOrEqual(at4096);
    // Layer time grows about linearly with tokens at this size: twice the tokens, about twice the time.
    expect(interpolate(table.tokens, table.layerMs, 8192) / at4096).toBeGreaterThan(1.6);
    expect(interpolate(table.tokens, table.layerMs, 8192) / at4096).toBeLessThan(2.2);
    const perf = createLlmPerfModel({ model: llm("llama-2-7b"), gpu: findGpu("a100-80gb-sxm")!, tensorParallel: 1, weightDtype: "fp16", kvDtype: "fp16" });
    expect(Number.isFinite(perf.stepTime(prefill(8192)))).toBe(true);
  });
});

describe("LLM memory and work items", () => {
  const perf = (model: string, gpu: string, tp: number) => createLlmPerfModel({ model: llm(model), gpu: findGpu(gpu)!, tensorParallel: tp, weightDtype: "fp8", kvDtype: "fp8" });

  test("buffers grow with batched tokens, and tensor parallelism adds all-reduce workspaces of tokens × hidden per rank", () => {
    const tp1 = perf("llama-3.1-8b", "h100-sxm", 1);
    expect(tp1.bufferBytesPerGpu(0, 0)).toBe(0);
    // Logits of 256 sequences in fp32.
    expect(tp1.bufferBytesPerGpu(0, 256)).toBe(256 * 128_256 * 4);
    expect(tp1.bufferBytesPerGpu(16_384, 0)).toBeCloseTo(2 * tp1.bufferBytesPerGpu(8192, 0), 6);
    const tp8 = perf("llama-3.1-405b", "h100-sxm", 8);
    // 405B at TP8: 5 copies × 8 ranks × 8192 tokens × 16384 hidden × 2 bytes ≈ 10.7 GB of all-reduce workspaces.
    expect(tp8.bufferBytesPerGpu(8192, 0) / 1e9).toBeGreaterThan(10.7);
    expect(tp8.bufferBytesPerGpu(8192, 0) / 1e9).toBeLessThan(13);
  });

  test("an iteration's work never implies more FLOP/s than the sustained peak, nor more bytes/s than the bandwidth", () => {
    for (const p of [perf("llama-3.1-8b", "h100-sxm", 1), perf("llama-3.1-405b", "h200", 8), createLlmPerfModel({ model: llm("llama-2-7b"), gpu: findGpu("a100-80gb-sxm")!, tensorParallel: 1, weightDtype: "fp16", kvDtype: "fp16" })]) {
      const gpu = p.deployment.gpu;
      for (const s of [decode(1, 100), decode(256, 3000), prefill(8192), prefill(100)]) {
        const w = p.stepWork(s);
        expect(w.fixed + w.work).toBeCloseTo(p.stepTime(s), 12);
        expect(w.flops / w.work).toBeLessThanOrEqual(gpu.peakFlops.fp8 ?? gpu.peakFlops.fp16);
        expect(w.bytes / w.work).toBeLessThanOrEqual(gpu.memoryBandwidth);
      }
    }
  });
});
