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
}

export const DEFAULT_LLM_CALIBRATION: LlmCalibration = {
  computeEfficiency: 0.5,
  attentionEfficiency: 0.5,
  bandwidthEfficiency: 0.8,
  stepOverhead: 0.002,
  layerOverhead: 0,
  allReduceLatency: 10e-6,
  interconnectEfficiency: 0.7,
};

/** Share of the peak a classic model (a CNN such as ResNet-50) reaches at saturation. */
export const CLASSIC_COMPUTE_EFFICIENCY = 0.41;
