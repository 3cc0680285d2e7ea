/**
 * Calibrated constants of the classic performance model (./classic.ts), fitted by
 * scripts/fit-classic.mjs to the measured references that `servesim calibrate` selects from
 * reference/data/classic-references.json (./MODEL.md lists them and what is excluded). Change them
 * only together with a new fit.
 */

/** What one model needs beyond its FLOPs: how well TensorRT engines of it use a GPU. */
export interface ClassicModelCalibration {
  /** Share of the sustained tensor peak its matrix products reach in large batches. */
  readonly efficiency: number;
  /** Bytes of memory-bound traffic per item and byte of element (normalisations, activations, attention scores), moved at the memory bandwidth. */
  readonly memoryBytesPerItem: number;
  /** Items a batch needs to fill the GPU: a smaller batch takes as long as this many (its cap is items ÷ fill). */
  readonly fillItems: number;
  /** Seconds per batch outside the GPU's throughput (kernel launches and their tails, synchronisation). */
  readonly fixedSeconds: number;
}

/** Every fitted constant of the classic model. */
export interface ClassicCalibration {
  /** Per catalog model (the same engines on every GPU). */
  readonly models: { readonly [model: string]: ClassicModelCalibration };
  /**
   * Share of the datasheet tensor peak a GPU sustains under load, for GPUs whose power limit
   * holds their clocks below the boost clock the datasheet rate assumes (the fit finds it for the
   * T4 at 70 W and the H100 PCIe at 350 W, not for the L4); 1 for the others. It applies to LLMs on these GPUs too (no LLM reference covers them).
   */
  readonly sustainedPeakShare: { readonly [gpu: string]: number };
  /** Triton Inference Server in front of the engines. */
  readonly triton: {
    /** Seconds per request: HTTP/gRPC handling, scheduling, copies in and out of the engine. */
    readonly requestOverhead: number;
    /** Bytes/s at which a request's input tensors reach the server. */
    readonly inputBandwidth: number;
  };
}

const MODELS: ClassicCalibration["models"] = {
  "resnet-50": { efficiency: 0.6659, memoryBytesPerItem: 9.249e6, fillItems: 3.654, fixedSeconds: 137.1e-6 },
  "bert-large-128": { efficiency: 0.7641, memoryBytesPerItem: 77.81e6, fillItems: 1.615, fixedSeconds: 862.8e-6 },
  "bert-large": { efficiency: 0.772, memoryBytesPerItem: 320.4e6, fillItems: 1, fixedSeconds: 1336e-6 },
  // Fewer references: only the efficiency (and the batch-1 latency's fixed part) is fitted.
  "ssd-resnet34": { efficiency: 0.6866, memoryBytesPerItem: 0, fillItems: 1, fixedSeconds: 1351e-6 },
  retinanet: { efficiency: 0.4107, memoryBytesPerItem: 0, fillItems: 1, fixedSeconds: 0 },
  sdxl: { efficiency: 0.2727, memoryBytesPerItem: 0, fillItems: 1, fixedSeconds: 0 },
  "whisper-large-v3": { efficiency: 0.1249, memoryBytesPerItem: 0, fillItems: 1, fixedSeconds: 0 },
};

/** For a classic model without a calibration of its own (none in the shipped catalog). */
export const CLASSIC_FALLBACK: ClassicModelCalibration = { efficiency: 0.5, memoryBytesPerItem: 0, fillItems: 1, fixedSeconds: 150e-6 };

export const DEFAULT_CLASSIC_CALIBRATION: ClassicCalibration = {
  models: MODELS,
  sustainedPeakShare: { t4: 0.539, "h100-pcie": 0.6091 },
  triton: { requestOverhead: 1733e-6, inputBandwidth: 1.586e9 },
};
