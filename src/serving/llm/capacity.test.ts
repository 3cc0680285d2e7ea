import { describe, expect, test } from "vitest";
import { findGpu, findModel } from "../../catalog/index.js";
import type { LlmModel } from "../../catalog/index.js";
import { createLlmPerfModel } from "../perf/llm.js";
import { fitsInMemory, kvBlocks, memoryFit, reservedBytesPerGpu } from "./capacity.js";

const perf = (model: string, gpu: string, tp: number, dtype: "fp8" | "bf16" = "fp8") =>
  createLlmPerfModel({ model: findModel(model) as LlmModel, gpu: findGpu(gpu)!, tensorParallel: tp, weightDtype: dtype, kvDtype: dtype });
const sizing = { gpuMemoryUtilization: 0.9, activationReserveBytes: 2 ** 30, blockSize: 16, maxNumBatchedTokens: 8192, maxNumSeqs: 256 };

describe("KV-cache capacity", () => {
  test("counts the weights, the fixed reserve and the buffers of the largest iteration", () => {
    const p = perf("llama-3.1-8b", "h100-sxm", 1);
    const fit = memoryFit(p, sizing);
    expect(fit.reservedBytes).toBe(reservedBytesPerGpu(p, sizing));
    expect(fit.reservedBytes).toBe(2 ** 30 + p.bufferBytesPerGpu(8192, 256));
    const blocks = Math.floor((80 * 2 ** 30 * 0.9 - fit.weightBytes - fit.reservedBytes) / (p.kvBytesPerTokenPerGpu * 16));
    expect(kvBlocks(p, sizing)).toBe(blocks);
    expect(fit.kvBlocks).toBe(blocks);
    // Without the iteration's shape, only the fixed reserve is kept (the old sizing).
    expect(kvBlocks(p, { gpuMemoryUtilization: 0.9, activationReserveBytes: 2 ** 30, blockSize: 16 })).toBeGreaterThan(blocks);
  });

  test("Llama 3.1 405B fp8 at TP8: an 80 GB H100 keeps less than half the KV tokens of a 141 GB H200", () => {
    const h100 = kvBlocks(perf("llama-3.1-405b", "h100-sxm", 8), sizing) * 16;
    const h200 = kvBlocks(perf("llama-3.1-405b", "h200", 8), sizing) * 16;
    // 1000 + 2000 tokens per request: the H100 holds fewer than 256 requests (vLLM's max_num_seqs), the H200 more than twice as many.
    expect(h100 / 3000).toBeLessThan(256);
    expect(h200 / 3000).toBeGreaterThan(512);
    expect(h100 / h200).toBeLessThan(0.5);
  });

  test("a model whose weights exceed the usable memory does not fit and has no blocks", () => {
    const p = perf("llama-3.3-70b", "l40s", 1, "bf16");
    expect(fitsInMemory(p, sizing)).toBe(false);
    expect(kvBlocks(p, sizing)).toBe(0);
    expect(memoryFit(p, sizing)).toMatchObject({ fits: false, kvBlocks: 0 });
    expect(memoryFit(p, sizing).minKvBytes).toBe(p.kvBytesPerTokenPerGpu * 16);
  });
});
