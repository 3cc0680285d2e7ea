/**
 * Efficiencies of the roofline model, fitted to the measured references in
 * shared/data/references.json (`servesim calibrate` reports the fit). Change them only together
 * with a new calibration run.
 */
export interface LlmCalibration {
  /** Share of the tensor-core peak reached by the linear layers. */
  readonly computeEfficiency: number;
  /** Share of the tensor-core peak reached by attention. */
  readonly attentionEfficiency: number;
  /** Share of the memory bandwidth reached when streaming weights and KV cache. */
  readonly bandwidthEfficiency: number;
  /** Fixed time per iteration (scheduling, sampling), seconds. */
  readonly stepOverhead: number;
  /** Fixed time per layer and iteration (kernel launches and small kernels), seconds. */
  readonly layerOverhead: number;
  /** Latency of one all-reduce, seconds. */
  readonly allReduceLatency: number;
  /** Share of the interconnect bandwidth reached by all-reduces. */
  readonly interconnectEfficiency: number;
  /** All-reduce workspaces each GPU of a tensor-parallel replica keeps, in copies of (batched tokens × hidden × 16 bits) per rank. */
  readonly commBufferCopies: number;
}

/**
 * Fitted (Nelder–Mead on the squared log ratios plus the largest one) to the LLM references of
 * shared/data/references.json, simulated on REFERENCE_SERVER (src/sim/calibrate.ts);
 * `commBufferCopies` then to the Llama 3.1 405B TP8 references of
 * reference/project/llm-references.json. Today: the 40 shared references (38 LLM) median
 * absolute error 5.5%, largest 19.9%; the 20 project ones 7.0%, largest 19.5%
 * (`servesim calibrate reference/data/references.json reference/project/llm-references.json`).
 */
export const DEFAULT_LLM_CALIBRATION: LlmCalibration = {
  computeEfficiency: 0.5256,
  attentionEfficiency: 0.2569,
  bandwidthEfficiency: 0.8436,
  stepOverhead: 0.0027153,
  layerOverhead: 5.6088e-6,
  allReduceLatency: 36.85e-6,
  interconnectEfficiency: 0.7,
  commBufferCopies: 5,
};
