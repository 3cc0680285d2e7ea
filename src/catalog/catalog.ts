/**
 * Typed, normalised view of the shipped GPU and model catalogs (base units: bytes, bytes/s,
 * FLOP/s, USD per hour): the copies of the shared data plus the project's supplements (fp32/TF32
 * peaks, the A10, classic models). The raw entries, with the source of every figure, stay
 * reachable via `raw`.
 */
import { classicModelData } from "./data/classic-models.data.js";
import { gpuSupplement } from "./data/gpu-supplement.data.js";
import { gpuData } from "./data/gpus.data.js";
import { modelData } from "./data/models.data.js";
import type { RawClassicModel, RawClassicSupplementModel, RawGpu, RawGpuCompute, RawLlm } from "./raw.js";

const GIB = 2 ** 30;
const TERA = 1e12;

export interface Gpu {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  /** Memory the device exposes (the cloud-reported GiB when known, else the vendor's GB label). */
  readonly memoryBytes: number;
  readonly memoryBandwidth: number;
  /**
   * Dense peak throughput per data type, in FLOP/s (OP/s for int8); null where the GPU lacks the
   * type. `fp32` is the CUDA-core rate, `tf32` the tensor-core rate for fp32 operands (Ampere on).
   */
  readonly peakFlops: {
    readonly fp32: number;
    readonly tf32: number | null;
    readonly fp16: number;
    readonly bf16: number | null;
    readonly fp8: number | null;
    readonly fp4: number | null;
    readonly int8: number;
  };
  /** GPU-to-GPU bandwidth (NVLink/Infinity Fabric, else PCIe), bytes/s. */
  readonly interconnectBandwidth: number;
  /** On-demand list price per GPU-hour in USD, or null when no price could be verified. */
  readonly pricePerGpuHour: number | null;
  readonly raw: RawGpu;
}

export type Model = LlmModel | ClassicModel;
export interface LlmModel extends RawLlm {
  /** KV-cache elements per token (2 × layers × kvHeads × headDim); multiply by bytes per element. */
  readonly kvElementsPerToken: number;
}
export interface ClassicModel extends RawClassicModel {
  /** Bytes of one item's input tensor as a server receives it. */
  readonly inputBytes: number;
  /** Diffusion models: denoising steps per item and the FLOPs of one step and of the rest (text encoders, decoder). */
  readonly denoising: { readonly steps: number; readonly flopsPerStep: number; readonly flopsPerItemFixed: number } | null;
}

const tera = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : v * TERA);

const computeOf = new Map<string, RawGpuCompute>(gpuSupplement.compute.map((c) => [c.id, c]));

function toGpu(raw: RawGpu): Gpu {
  const compute = computeOf.get(raw.id);
  if (!compute) throw new Error(`catalog: GPU "${raw.id}" has no fp32/tf32 figures in gpu-supplement.data.ts`);
  return {
    id: raw.id,
    name: raw.name,
    vendor: raw.vendor,
    memoryBytes: raw.memory_gib_reported ? raw.memory_gib_reported.value * GIB : raw.memory_gb_vendor.value * 1e9,
    memoryBandwidth: raw.memory_bandwidth_gbps.value * 1e9,
    peakFlops: {
      fp32: compute.fp32_tflops.value * TERA,
      tf32: tera(compute.tf32_dense_tflops.value),
      fp16: raw.fp16_dense_tflops.value * TERA,
      bf16: tera(raw.bf16_dense_tflops.value),
      fp8: tera(raw.fp8_dense_tflops.value),
      fp4: tera(raw.fp4_dense_tflops?.value),
      int8: raw.int8_dense_tops.value * TERA,
    },
    interconnectBandwidth: raw.interconnect.value_gbps * 1e9,
    pricePerGpuHour: raw.price?.usd_per_gpu_hour ?? null,
    raw,
  };
}

const classicExtras = new Map(classicModelData.extras.map((e) => [e.id, e]));

function toModel(raw: RawLlm | RawClassicModel | RawClassicSupplementModel): Model {
  if (raw.kind === "llm") return { ...raw, kvElementsPerToken: 2 * raw.layers * raw.kvHeads * raw.headDim };
  const extra = "inputBytes" in raw ? raw : classicExtras.get(raw.id);
  if (!extra) throw new Error(`catalog: classic model "${raw.id}" has no input size in classic-models.data.ts`);
  return { ...raw, inputBytes: extra.inputBytes, denoising: ("denoising" in raw ? raw.denoising : undefined) ?? null };
}

const gpus: ReadonlyMap<string, Gpu> = new Map([...gpuData.gpus, ...gpuSupplement.gpus].map((g) => [g.id, toGpu(g)]));
const models: ReadonlyMap<string, Model> = new Map([...modelData.models, ...classicModelData.models].map((m) => [m.id, toModel(m)]));

/** Catalog ids of every GPU, in catalog order. */
export const gpuIds: readonly string[] = [...gpus.keys()];
/** Catalog ids of every model, in catalog order. */
export const modelIds: readonly string[] = [...models.keys()];

export const findGpu = (id: string): Gpu | undefined => gpus.get(id);
export const findModel = (id: string): Model | undefined => models.get(id);
