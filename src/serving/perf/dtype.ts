/** Numeric formats of weights, KV cache and compute, the tensor-core peak each one runs at, and which GPUs support which. */
import type { Gpu } from "../../catalog/index.js";

export const DTYPES = ["fp32", "fp16", "bf16", "fp8", "int8", "int4", "fp4"] as const;
export type Dtype = (typeof DTYPES)[number];

/** Bytes per element. */
export const BYTES: { readonly [D in Dtype]: number } = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5, fp4: 0.5 };

/**
 * Dense peak FLOP/s (OP/s for int8) for matrix products with weights in `dtype`. fp32 runs on
 * the TF32 tensor cores where the GPU has them (TensorRT and cuDNN allow TF32 for fp32 by
 * default), else at the CUDA-core fp32 rate (Turing). A low-bit format the GPU has no tensor
 * cores for runs weight-only at the 16-bit peak (dequantise, multiply in 16 bits): int4 and,
 * on Ampere, fp8 and fp4 (see dtypeSupport for where that is possible at all).
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
      return p.fp16;
    case "bf16":
      return p.bf16 ?? p.fp16;
    case "fp16":
      return p.fp16;
    case "fp32":
      return p.tf32 ?? p.fp32;
  }
}

/**
 * How a format is used: `weights` of an LLM server (weight-only kernels allowed: AWQ/GPTQ int4 on
 * any GPU, FP8 and FP4 Marlin kernels on Ampere and later), an LLM's `kv-cache` (stored in the
 * format, attention computed in 16 bits), or `compute` of a classic model's engine (TensorRT
 * needs tensor cores for the format itself).
 */
export type DtypeUse = "weights" | "kv-cache" | "compute";

export type DtypeCheck = { readonly ok: true } | { readonly ok: false; readonly message: string; readonly supported: readonly Dtype[] };

/** Whether `gpu` runs `dtype` natively (its tensor cores, or fp32/fp16 CUDA cores). */
function native(gpu: Gpu, dtype: Dtype): boolean {
  const p = gpu.peakFlops;
  switch (dtype) {
    case "fp32":
    case "fp16":
    case "int8":
      return true;
    case "bf16":
      return p.bf16 !== null;
    case "fp8":
      return p.fp8 !== null;
    case "fp4":
      return p.fp4 !== null;
    case "int4":
      return false;
  }
}

function supports(gpu: Gpu, dtype: Dtype, use: DtypeUse): boolean {
  if (native(gpu, dtype)) return true;
  if (use === "compute") return false;
  // Weight-only int4 (AWQ/GPTQ) runs on any tensor-core GPU; the FP8/FP4 weight-only (Marlin)
  // kernels and an fp8 KV cache need Ampere or later: the GPUs with bf16 tensor cores.
  if (dtype === "int4") return use === "weights";
  if (dtype === "fp8") return gpu.peakFlops.bf16 !== null;
  return dtype === "fp4" && use === "weights" && gpu.peakFlops.bf16 !== null;
}

/**
 * Whether `gpu` supports `dtype` for `use`; when it does not, an error message naming the GPU's
 * formats for that use (e.g. fp8 on a T4).
 */
export function dtypeSupport(gpu: Gpu, dtype: Dtype, use: DtypeUse = "compute"): DtypeCheck {
  if (supports(gpu, dtype, use)) return { ok: true };
  const supported = DTYPES.filter((d) => supports(gpu, d, use));
  const what = use === "compute" ? "" : use === "weights" ? " weights" : " KV cache";
  return { ok: false, supported, message: `${gpu.id} does not support ${dtype}${what} (it supports ${supported.join(", ")})` };
}
