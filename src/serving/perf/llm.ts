/**
 * Time of one iteration of an LLM server from the GPU's roofline: each matrix product and each
 * byte moved is counted per GPU, the iteration takes the longer of compute time (FLOPs ÷ peak ×
 * efficiency) and memory time (bytes ÷ bandwidth × efficiency), plus a fixed overhead and, with
 * tensor parallelism, two all-reduces per layer. Efficiencies come from the calibration.
 */
import type { Gpu, LlmModel } from "../../catalog/index.js";
import type { LlmCalibration } from "./calibration.js";
import { DEFAULT_LLM_CALIBRATION } from "./calibration.js";
import { BYTES, peakFlops } from "./dtype.js";
import type { Dtype } from "./dtype.js";

export interface LlmDeployment {
  readonly model: LlmModel;
  readonly gpu: Gpu;
  /** GPUs one replica spans (tensor parallelism). */
  readonly tensorParallel: number;
  readonly weightDtype: Dtype;
  readonly kvDtype: Dtype;
}

/** What one iteration computes. */
export interface StepShape {
  /** Prompt tokens prefilled in this iteration (whole prompts or chunks). */
  readonly prefillTokens: number;
  /** Causal query–key pairs of those tokens: Σ over chunks of n·b + n(n+1)/2 for n tokens after b cached ones. */
  readonly prefillPairs: number;
  /** Tokens already in the cache that the prefill chunks read (Σ b). */
  readonly prefillCachedRead: number;
  /** Sequences generating one token each. */
  readonly decodeSeqs: number;
  /** Σ over decoding sequences of the tokens each new token attends to. */
  readonly decodeContext: number;
  /** Tokens that produce logits: decoding sequences plus prompts completed in this iteration. */
  readonly logits: number;
}

/** A decode-only iteration's time as max(computeA + computeB·C, memoryA + memoryB·C) + fixed, for a batch of D sequences with total context C. */
export interface DecodeLine {
  readonly computeA: number;
  readonly computeB: number;
  readonly memoryA: number;
  readonly memoryB: number;
  readonly fixed: number;
}

export interface LlmPerfModel {
  readonly mode: "roofline";
  readonly deployment: LlmDeployment;
  /** Weight bytes resident on each GPU. */
  readonly weightBytesPerGpu: number;
  /** KV-cache bytes per token on each GPU (keys and values of every layer). */
  readonly kvBytesPerTokenPerGpu: number;
  stepTime(s: StepShape): number;
  decodeLine(decodeSeqs: number): DecodeLine;
}

export function createLlmPerfModel(d: LlmDeployment, cal: LlmCalibration = DEFAULT_LLM_CALIBRATION): LlmPerfModel {
  const { model: m, gpu, tensorParallel: t } = d;
  const attnWidth = m.attentionHeads * m.headDim;
  const perLayer = m.hiddenSize * (m.attentionHeads + 2 * m.kvHeads) * m.headDim + attnWidth * m.hiddenSize + 3 * m.hiddenSize * m.intermediateSize;
  const linearParams = m.layers * perLayer;
  const headParams = m.vocabSize * m.hiddenSize;
  const wBytes = BYTES[d.weightDtype];
  // KV heads split across the GPUs of a replica (replicated when there are fewer heads than GPUs).
  const kvHeadsPerGpu = Math.max(1, m.kvHeads / t);
  const kvBytesPerTokenPerGpu = 2 * m.layers * kvHeadsPerGpu * m.headDim * BYTES[d.kvDtype];
  const linearPeak = peakFlops(gpu, d.weightDtype) * cal.computeEfficiency;
  const attentionPeak = peakFlops(gpu, d.kvDtype === "fp8" ? "fp8" : "fp16") * cal.attentionEfficiency;
  const bandwidth = gpu.memoryBandwidth * cal.bandwidthEfficiency;
  const weightReadBytes = ((linearParams + headParams) * wBytes) / t;
  const attnFlopsPerPair = (4 * m.layers * attnWidth) / t;
  // Ring all-reduce of the hidden states, twice per layer, 16-bit activations.
  const ring = t > 1 ? (2 * (t - 1)) / t : 0;
  const commPerToken = t > 1 ? (2 * m.layers * ring * m.hiddenSize * 2) / (gpu.interconnectBandwidth * cal.interconnectEfficiency) : 0;
  const commFixed = t > 1 ? 2 * m.layers * cal.allReduceLatency : 0;
  const fixed = cal.stepOverhead + m.layers * cal.layerOverhead + commFixed;

  const stepTime = (s: StepShape): number => {
    const tokens = s.prefillTokens + s.decodeSeqs;
    const linear = (2 * linearParams * tokens + 2 * headParams * s.logits) / t / linearPeak;
    const attention = (attnFlopsPerPair * (s.prefillPairs + s.decodeContext)) / attentionPeak;
    const memory = (weightReadBytes + kvBytesPerTokenPerGpu * (s.decodeContext + s.prefillCachedRead + tokens)) / bandwidth;
    return Math.max(linear + attention, memory) + fixed + commPerToken * tokens;
  };

  const decodeLine = (n: number): DecodeLine => ({
    computeA: (2 * linearParams * n + 2 * headParams * n) / t / linearPeak,
    computeB: attnFlopsPerPair / attentionPeak,
    memoryA: (weightReadBytes + kvBytesPerTokenPerGpu * n) / bandwidth,
    memoryB: kvBytesPerTokenPerGpu / bandwidth,
    fixed: fixed + commPerToken * n,
  });

  return {
    mode: "roofline",
    deployment: d,
    weightBytesPerGpu: ((linearParams + 2 * headParams) * wBytes) / t,
    kvBytesPerTokenPerGpu,
    stepTime,
    decodeLine,
  };
}
