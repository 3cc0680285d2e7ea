/**
 * Typed, normalised view of the shipped GPU and model catalogs (base units: bytes, bytes/s,
 * FLOP/s, USD per hour). The raw entries, with the source of every figure, stay reachable via `raw`.
 */
import { gpuData } from "./data/gpus.data.js";
import { modelData } from "./data/models.data.js";
import type { RawClassicModel, RawGpu, RawLlm } from "./raw.js";

const GIB = 2 ** 30;
const TERA = 1e12;

export interface Gpu {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  /** Memory the device exposes (the cloud-reported GiB when known, else the vendor's GB label). */
  readonly memoryBytes: number;
  readonly memoryBandwidth: number;
  /** Dense peak throughput per data type, in FLOP/s (OP/s for int8); null where the GPU lacks the type. */
  readonly peakFlops: {
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
export type ClassicModel = RawClassicModel;

const tera = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : v * TERA);

function toGpu(raw: RawGpu): Gpu {
  return {
    id: raw.id,
    name: raw.name,
    vendor: raw.vendor,
    memoryBytes: raw.memory_gib_reported ? raw.memory_gib_reported.value * GIB : raw.memory_gb_vendor.value * 1e9,
    memoryBandwidth: raw.memory_bandwidth_gbps.value * 1e9,
    peakFlops: {
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

function toModel(raw: RawLlm | RawClassicModel): Model {
  if (raw.kind === "classic") return raw;
  return { ...raw, kvElementsPerToken: 2 * raw.layers * raw.kvHeads * raw.headDim };
}

const gpus: ReadonlyMap<string, Gpu> = new Map(gpuData.gpus.map((g) => [g.id, toGpu(g)]));
const models: ReadonlyMap<string, Model> = new Map(modelData.models.map((m) => [m.id, toModel(m)]));

/** Catalog ids of every GPU, in catalog order. */
export const gpuIds: readonly string[] = [...gpus.keys()];
/** Catalog ids of every model, in catalog order. */
export const modelIds: readonly string[] = [...models.keys()];

export const findGpu = (id: string): Gpu | undefined => gpus.get(id);
export const findModel = (id: string): Model | undefined => models.get(id);
