/** Shapes of the shipped catalog files, exactly as they come from shared/data (every figure with its source). */

export interface Sourced<V> {
  readonly value: V;
  readonly unit: string;
  readonly source: string;
}

export interface RawGpuPrice {
  readonly usd_per_gpu_hour: number | null;
  readonly instance_type: string | null;
  readonly instance_usd_per_hour: number | null;
  readonly gpus_per_instance: number | null;
  readonly provider: string | null;
  readonly region: string | null;
  readonly pricing: string;
  readonly source: string;
  readonly note?: string;
}

export interface RawGpu {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly architecture: string;
  readonly form_factor: string;
  readonly memory_gb_vendor: Sourced<number>;
  readonly memory_type: Sourced<string>;
  readonly memory_gib_reported: Sourced<number> | null;
  readonly memory_bandwidth_gbps: Sourced<number>;
  readonly bf16_dense_tflops: Sourced<number | null>;
  readonly fp16_dense_tflops: Sourced<number>;
  readonly fp8_dense_tflops: Sourced<number | null>;
  readonly fp4_dense_tflops?: Sourced<number>;
  readonly int8_dense_tops: Sourced<number>;
  readonly tdp_w: Sourced<number>;
  readonly interconnect: Sourced<string> & { readonly value_gbps: number };
  readonly price: RawGpuPrice | null;
  readonly price_note?: string;
  readonly ridge_point_flops_per_byte_16bit: Sourced<number>;
  readonly reference_a10_datasheet?: Readonly<Record<string, unknown>>;
}

export interface RawGpuCatalog {
  readonly description: string;
  readonly compiled: string;
  readonly gpus: readonly RawGpu[];
}

interface RawModelBase {
  readonly id: string;
  readonly parameters: number;
  readonly source: string;
}

export interface RawLlm extends RawModelBase {
  readonly kind: "llm";
  readonly layers: number;
  readonly hiddenSize: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly intermediateSize: number;
  readonly vocabSize: number;
  readonly maxContext: number;
}

export interface RawClassicModel extends RawModelBase {
  readonly kind: "classic";
  readonly flopsPerItem: number;
  readonly input: string;
}

/** CUDA-core FP32 and dense TF32 tensor peaks of one GPU (the shared catalog has neither). */
export interface RawGpuCompute {
  readonly id: string;
  readonly fp32_tflops: Sourced<number>;
  readonly tf32_dense_tflops: Sourced<number | null>;
}

/** Project-owned GPU figures: the compute peaks the shared catalog lacks, and GPUs it lacks. */
export interface RawGpuSupplement {
  readonly description: string;
  readonly compute: readonly RawGpuCompute[];
  readonly gpus: readonly RawGpu[];
}

/**
 * A classic model kept by the project (src/catalog/data/classic-models.data.ts), with the sources
 * of its figures: `flopsPerItem` counts multiply and add as two operations.
 */
export interface RawClassicSupplementModel extends RawClassicModel {
  /** Where flopsPerItem comes from (a published table, or the derivation from the architecture). */
  readonly flopsSource: string;
  /** Bytes of one item's input tensor as a server receives it (before the model casts it). */
  readonly inputBytes: number;
  /** Diffusion models: an item (an image) is `steps` denoising steps plus a fixed part (text encoders, VAE decoder). */
  readonly denoising?: { readonly steps: number; readonly flopsPerStep: number; readonly flopsPerItemFixed: number };
}

/** Classic models and figures the shared catalog lacks; `extras` completes shared entries by id. */
export interface RawClassicSupplement {
  readonly description: string;
  readonly extras: readonly { readonly id: string; readonly inputBytes: number; readonly source: string }[];
  readonly models: readonly RawClassicSupplementModel[];
}

export interface RawModelCatalog {
  readonly description: string;
  readonly models: readonly (RawLlm | RawClassicModel)[];
}
