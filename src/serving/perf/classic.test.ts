import { describe, expect, test } from "vitest";
import { findGpu, findModel } from "../../catalog/index.js";
import type { ClassicModel } from "../../catalog/index.js";
import { createClassicPerfModel } from "./classic.js";
import { peakFlops } from "./dtype.js";

const model = (id: string) => findModel(id) as ClassicModel;
const resnetT4 = (dtype: "fp16" | "int8" | "fp32", stack: "tensorrt" | "triton" = "tensorrt") => createClassicPerfModel(model("resnet-50"), findGpu("t4")!, dtype, { stack });

describe("classic performance model", () => {
  test("ResNet-50 at batch 1 on a T4 takes 1-2 ms in fp16 and about 1 ms in int8 (MLPerf SingleStream 1.09 ms), with Triton's request handling 3-4 ms (measured 3.0 ms)", () => {
    expect(resnetT4("fp16").batchTime(1)).toBeGreaterThan(1e-3);
    expect(resnetT4("fp16").batchTime(1)).toBeLessThan(2e-3);
    expect(resnetT4("int8").batchTime(1) / 1.086e-3).toBeCloseTo(1, 0);
    expect(resnetT4("fp16", "triton").batchTime(1)).toBeGreaterThan(3e-3);
  });

  test("batching ResNet-50 to 128 on a T4 multiplies throughput about four times (Triton measured 333 → 1280 images/s)", () => {
    const thr = (b: number) => b / resnetT4("fp16", "triton").batchTime(b);
    expect(thr(128) / thr(1)).toBeGreaterThan(3);
    expect(thr(128) / thr(1)).toBeLessThan(5);
    expect(thr(128) / 1280).toBeCloseTo(1, 0);
  });

  test("fp32 on a T4 is bound by its 8.1 TFLOPS CUDA cores: far below 13 TFLOPS at any batch", () => {
    const p = resnetT4("fp32");
    for (const b of [1, 8, 64, 1024]) expect((b * p.flopsPerItem) / p.batchTime(b)).toBeLessThan(8.1e12);
  });

  test("a batch's work never implies more FLOP/s than the dtype's peak, nor more bytes/s than the bandwidth", () => {
    for (const id of ["resnet-50", "bert-large", "bert-large-128", "ssd-resnet34", "retinanet", "sdxl", "whisper-large-v3"]) {
      for (const g of ["t4", "l4", "a10g", "a100-80gb-sxm", "h100-sxm"]) {
        const gpu = findGpu(g)!;
        for (const dtype of ["fp16", "int8", "fp32"] as const) {
          const p = createClassicPerfModel(model(id), gpu, dtype);
          for (const b of [1, 3, 64]) {
            const w = p.work(b);
            expect(w.flops / w.work).toBeLessThanOrEqual(peakFlops(gpu, dtype));
            expect(w.bytes / w.work).toBeLessThanOrEqual(gpu.memoryBandwidth);
            expect(p.batchTime(b)).toBeGreaterThanOrEqual(w.fixed + w.work);
          }
        }
      }
    }
  });

  test("a diffusion model's time follows its denoising steps", () => {
    const sdxl = (steps?: number) => createClassicPerfModel(model("sdxl"), findGpu("h100-sxm")!, "fp16", steps === undefined ? {} : { steps });
    expect(sdxl(20).batchTime(1)).toBeCloseTo(sdxl().batchTime(1), 12);
    const perStep = (sdxl(40).batchTime(1) - sdxl(20).batchTime(1)) / 20;
    expect(sdxl(10).batchTime(1)).toBeCloseTo(sdxl(20).batchTime(1) - 10 * perStep, 9);
  });
});
