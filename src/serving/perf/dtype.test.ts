import { describe, expect, test } from "vitest";
import { findGpu, gpuIds } from "../../catalog/index.js";
import { DTYPES, dtypeSupport, peakFlops } from "./dtype.js";

const gpu = (id: string) => findGpu(id)!;

describe("peakFlops", () => {
  test("fp32 runs at the CUDA-core rate on a GPU without TF32 (T4: 8.1 TFLOPS), at the TF32 tensor rate on later ones", () => {
    expect(peakFlops(gpu("t4"), "fp32")).toBe(8.1e12);
    expect(peakFlops(gpu("a100-80gb-sxm"), "fp32")).toBe(156e12);
    expect(peakFlops(gpu("h100-sxm"), "fp32")).toBe(494.7e12);
  });

  test("every catalog GPU has an fp32 rate below its 16-bit tensor rate", () => {
    for (const id of gpuIds) expect(peakFlops(gpu(id), "fp32")).toBeLessThan(peakFlops(gpu(id), "fp16"));
  });
});

describe("dtypeSupport", () => {
  test("refuses fp8 on a T4 and lists the formats it has", () => {
    expect(dtypeSupport(gpu("t4"), "fp8")).toEqual({ ok: false, supported: ["fp32", "fp16", "int8"], message: "t4 does not support fp8 (it supports fp32, fp16, int8)" });
    expect(dtypeSupport(gpu("t4"), "bf16").ok).toBe(false);
    expect(dtypeSupport(gpu("t4"), "fp8", "weights")).toMatchObject({ ok: false, message: "t4 does not support fp8 weights (it supports fp32, fp16, int8, int4)" });
  });

  test("LLM weights may be weight-only where the GPU lacks the format's tensor cores (Marlin on Ampere, AWQ/GPTQ int4 anywhere)", () => {
    expect(dtypeSupport(gpu("a100-80gb-sxm"), "fp8", "weights").ok).toBe(true);
    expect(dtypeSupport(gpu("a100-80gb-sxm"), "fp8", "kv-cache").ok).toBe(true);
    expect(dtypeSupport(gpu("a100-80gb-sxm"), "fp8", "compute").ok).toBe(false);
    expect(dtypeSupport(gpu("t4"), "int4", "weights").ok).toBe(true);
    expect(dtypeSupport(gpu("t4"), "int4", "kv-cache").ok).toBe(false);
    expect(dtypeSupport(gpu("h100-sxm"), "fp4", "compute").ok).toBe(false);
    expect(dtypeSupport(gpu("b200"), "fp4", "compute").ok).toBe(true);
  });

  test("a supported format always lists itself, an unsupported one never", () => {
    for (const id of gpuIds) {
      for (const use of ["weights", "kv-cache", "compute"] as const) {
        const supported = DTYPES.filter((d) => dtypeSupport(gpu(id), d, use).ok);
        for (const d of DTYPES) {
          const r = dtypeSupport(gpu(id), d, use);
          if (!r.ok) expect(r.supported).toEqual(supported);
        }
        expect(supported).toContain("fp16");
      }
    }
  });
});
