/** Numeric formats of weights, KV cache and compute, and the tensor-core peak each one runs at. */
import type { Gpu } from "../../catalog/index.js";

export const DTYPES = ["fp32", "fp16", "bf16", "fp8", "int8", "int4", "fp4"] as const;
export type Dtype = (typeof DTYPES)[number];

/** Bytes per element. */
export const BYTES: { readonly [D in Dtype]: number } = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5, fp4: 0.5 };

/**
 * Dense peak FLOP/s (OP/s for int8) for matrix products with weights in `dtype`. A format the GPU
 * has no tensor cores for runs at the 16-bit peak (weight-only quantisation: dequantise, multiply
 * in fp16); fp32 runs at half the fp16 tensor peak (TF32-like).
 */
export function peakFlops(gpu: Gpu, dtype: Dtype): number {
  const p = gpu.peakFlops;
  switch (dtype) {
    case "fp4":
      return p.fp4 ?? p.fp8 ?? p.fp16;
    case "fp8":
      return p.fp8 ?? p.fp16;
    case "int8":
      return p.int8;
    case "int4":
      // Weight-only 4-bit (AWQ/GPTQ kernels) multiplies in 16-bit.
      return p.fp16;
    case "bf16":
      return p.bf16 ?? p.fp16;
    case "fp16":
      return p.fp16;
    case "fp32":
      return p.fp16 / 2;
  }
}
