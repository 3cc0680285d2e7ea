/**
 * Time of one iteration of an LLM server from the GPU's roofline: each matrix product and each
 * byte moved is counted per GPU, the iteration takes the longer of compute time (FLOPs ÷ peak ×
 * efficiency) and memory time (bytes ÷ bandwidth × efficiency), plus a fixed overhead and, with
 * tensor parallelism, two all-reduces per layer. Efficiencies come from the calibration.
 * Where a measured profile covers the deployment (./profile.ts), the non-attention layer time is
 * read from it instead ("profile" mode); every model says which mode it is in.
 */
import type { Gpu, LlmModel } from "../../catalog/index.js";
import type { LlmCalibration } from "./calibration.js";
import { DEFAULT_LLM_CALIBRATION } from "./calibration.js";
import { BYTES, peakFlops } from "./dtype.js";
import type { Dtype } from "./dtype.js";
import { sustainedShare } from "./classic.js";
import type { GpuWork } from "./gpu-share.js";
import { findProfile, interpolate } from "./profile.js";
import type { ProfileTable } from "./profile.js";

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
  /** "profile" when measured per-layer times drive the iteration time, else "roofline". */
  readonly mode: "roofline" | "profile";
  readonly deployment: LlmDeployment;
  /** Weight bytes resident on each GPU. */
  readonly weightBytesPerGpu: number;
  /** KV-cache bytes per token on each GPU (keys and values of every layer). */
  readonly kvBytesPerTokenPerGpu: number;
  /**
   * Bytes each GPU keeps besides weights and KV cache for iterations of up to `maxBatchedTokens`
   * tokens and `maxSeqs` sequences: the activations of one such forward pass (16-bit hidden states,
   * QKV and MLP intermediates of this GPU's shard, fp32 logits of the sequences), and with tensor
   * parallelism the all-reduce workspaces (calibrated copies of tokens × hidden per rank).
   */
  bufferBytesPerGpu(maxBatchedTokens: number, maxSeqs: number): number;
  stepTime(s: StepShape): number;
  /** The iteration as a work item of the shared-GPU model (./gpu-share.ts): fixed overheads and communication, GPU-seconds, FLOPs and bytes of this GPU. */
  stepWork(s: StepShape): GpuWork;
  decodeLine(decodeSeqs: number): DecodeLine;
}

/** How iterations are timed: measured profiles where they cover the deployment (`auto`), never (`roofline`), or required (`profile`: a deployment no profile covers is timed by the roofline, and `mode` says so). */
export const LLM_PERF_MODES = ["auto", "profile", "roofline"] as const;
export type LlmPerfMode = (typeof LLM_PERF_MODES)[number];

export interface PerfOptions {
  readonly calibration?: LlmCalibration;
  /** Use measured profiles where they cover the deployment (default true); `mode: "roofline"` is the same as false. */
  readonly useProfiles?: boolean;
  readonly mode?: LlmPerfMode;
}

/** Whether a measured profile covers the deployment (16-bit weights, and a table for the model, GPU and tensor parallelism). */
export function hasProfile(d: LlmDeployment): boolean {
  const is16bit = d.weightDtype === "fp16" || d.weightDtype === "bf16";
  return is16bit && findProfile(d.gpu.id, d.model.id, d.tensorParallel) !== undefined;
}

/** Decode lines by batch size, computed once each (batches repeat their sizes all run long). */
function memoizeLines(line: (n: number) => DecodeLine): (n: number) => DecodeLine {
  const cache: DecodeLine[] = [];
  return (n) => (n < 4096 ? (cache[n] ??= line(n)) : line(n));
}

export function createLlmPerfModel(d: LlmDeployment, options: PerfOptions = {}): LlmPerfModel {
  const cal = options.calibration ?? DEFAULT_LLM_CALIBRATION;
  const useProfiles = options.useProfiles !== false && options.mode !== "roofline";
  const profile = useProfiles && hasProfile(d) ? findProfile(d.gpu.id, d.model.id, d.tensorParallel) : undefined;
  return profile ? profiled(d, cal, profile) : roofline(d, cal);
}

/** What both modes share: sizes of the model on each GPU and the communication terms. */
function shape(d: LlmDeployment, cal: LlmCalibration) {
  const { model: m, gpu, tensorParallel: t } = d;
  const attnWidth = m.attentionHeads * m.headDim;
  const perLayer = m.hiddenSize * (m.attentionHeads + 2 * m.kvHeads) * m.headDim + attnWidth * m.hiddenSize + 3 * m.hiddenSize * m.intermediateSize;
  const linearParams = m.layers * perLayer;
  const headParams = m.vocabSize * m.hiddenSize;
  const wBytes = BYTES[d.weightDtype];
  // Quantised checkpoints (ModelOpt, llm-compressor, AWQ/GPTQ) quantise the linear layers of the
  // transformer blocks only: the embedding and the LM head stay 16-bit.
  const headBytes = Math.max(wBytes, 2);
  // KV heads split across the GPUs of a replica (replicated when there are fewer heads than GPUs).
  const kvHeadsPerGpu = Math.max(1, m.kvHeads / t);
  const kvBytesPerTokenPerGpu = 2 * m.layers * kvHeadsPerGpu * m.headDim * BYTES[d.kvDtype];
  // Power-limited GPUs (T4, H100 PCIe) sustain less than their datasheet peak (classic calibration).
  const sustained = sustainedShare(gpu);
  const linearPeak = peakFlops(gpu, d.weightDtype) * sustained * cal.computeEfficiency;
  const attentionPeak = peakFlops(gpu, d.kvDtype === "fp8" ? "fp8" : "fp16") * sustained * cal.attentionEfficiency;
  const bandwidth = gpu.memoryBandwidth * cal.bandwidthEfficiency;
  const weightReadBytes = (linearParams * wBytes + headParams * headBytes) / t;
  const attnFlopsPerPair = (4 * m.layers * attnWidth) / t;
  // Ring all-reduce of the hidden states, twice per layer, 16-bit activations.
  const ring = t > 1 ? (2 * (t - 1)) / t : 0;
  const commPerToken = t > 1 ? (2 * m.layers * ring * m.hiddenSize * 2) / (gpu.interconnectBandwidth * cal.interconnectEfficiency) : 0;
  const commFixed = t > 1 ? 2 * m.layers * cal.allReduceLatency : 0;

  const weightBytesPerGpu = (linearParams * wBytes + 2 * headParams * headBytes) / t;
  const activationPerToken = 2 * (4 * m.hiddenSize + ((m.attentionHeads + 2 * m.kvHeads) * m.headDim + 3 * m.intermediateSize) / t);
  const commPerBufferedToken = t > 1 ? cal.commBufferCopies * t * m.hiddenSize * 2 : 0;
  const bufferBytesPerGpu = (tokens: number, seqs: number) => tokens * (activationPerToken + commPerBufferedToken) + seqs * m.vocabSize * 4;

  /** FLOPs and bytes of one iteration on one GPU (the same in both modes). */
  const cost = (s: StepShape) => {
    const tokens = s.prefillTokens + s.decodeSeqs;
    return {
      flops: (2 * linearParams * tokens + 2 * headParams * s.logits) / t + attnFlopsPerPair * (s.prefillPairs + s.decodeContext),
      bytes: weightReadBytes + kvBytesPerTokenPerGpu * (s.decodeContext + s.prefillCachedRead + tokens),
    };
  };

  return { m, t, linearParams, headParams, headBytes, kvBytesPerTokenPerGpu, linearPeak, attentionPeak, bandwidth, weightReadBytes, attnFlopsPerPair, commPerToken, commFixed, weightBytesPerGpu, bufferBytesPerGpu, cost };
}

function roofline(d: LlmDeployment, cal: LlmCalibration): LlmPerfModel {
  const { m, t, linearParams, headParams, kvBytesPerTokenPerGpu, linearPeak, attentionPeak, bandwidth, weightReadBytes, attnFlopsPerPair, commPerToken, commFixed, weightBytesPerGpu, bufferBytesPerGpu, cost } =
    shape(d, cal);
  const fixed = cal.stepOverhead + m.layers * cal.layerOverhead + commFixed;

  const stepTime = (s: StepShape): number => {
    const tokens = s.prefillTokens + s.decodeSeqs;
    const linear = (2 * linearParams * tokens + 2 * headParams * s.logits) / t / linearPeak;
    const attention = (attnFlopsPerPair * (s.prefillPairs + s.decodeContext)) / attentionPeak;
    const memory = (weightReadBytes + kvBytesPerTokenPerGpu * (s.decodeContext + s.prefillCachedRead + tokens)) / bandwidth;
    return Math.max(linear + attention, memory) + fixed + commPerToken * tokens;
  };

  const decodeLine = memoizeLines((n: number): DecodeLine => ({
    computeA: (2 * linearParams * n + 2 * headParams * n) / t / linearPeak,
    computeB: attnFlopsPerPair / attentionPeak,
    memoryA: (weightReadBytes + kvBytesPerTokenPerGpu * n) / bandwidth,
    memoryB: kvBytesPerTokenPerGpu / bandwidth,
    fixed: fixed + commPerToken * n,
  }));

  return {
    mode: "roofline",
    deployment: d,
    weightBytesPerGpu,
    kvBytesPerTokenPerGpu,
    bufferBytesPerGpu,
    stepTime,
    stepWork: (s) => workOf(stepTime(s), fixed + commPerToken * (s.prefillTokens + s.decodeSeqs), cost(s)),
    decodeLine,
  };
}

const workOf = (time: number, fixed: number, c: { flops: number; bytes: number }): GpuWork => ({ fixed, work: time - fixed, cap: 1, flops: c.flops, bytes: c.bytes });

/**
 * Profile mode: layers × measured layer time at the iteration's token count, plus the measured
 * embedding time, plus the roofline of the LM head and of attention (its FLOPs against its KV
 * reads). Kernel launches are inside the measured times, so no per-layer overhead is added.
 */
function profiled(d: LlmDeployment, cal: LlmCalibration, table: ProfileTable): LlmPerfModel {
  const { m, t, headParams, headBytes: headElementBytes, kvBytesPerTokenPerGpu, linearPeak, attentionPeak, bandwidth, attnFlopsPerPair, commPerToken, commFixed, weightBytesPerGpu, bufferBytesPerGpu, cost } =
    shape(d, cal);
  const headBytes = (headParams * headElementBytes) / t;
  const fixed = cal.stepOverhead + commFixed;
  const dense = (tokens: number, logits: number) =>
    m.layers * interpolate(table.tokens, table.layerMs, tokens) +
    interpolate(table.tokens, table.embeddingMs, tokens) +
    Math.max((2 * headParams * logits) / t / linearPeak, headBytes / bandwidth);
  const attnCompute = attnFlopsPerPair / attentionPeak;
  const kvTime = kvBytesPerTokenPerGpu / bandwidth;
  const stepTime = (s: StepShape) => {
    const tokens = s.prefillTokens + s.decodeSeqs;
    const attention = Math.max(attnCompute * (s.prefillPairs + s.decodeContext), kvTime * (s.decodeContext + s.prefillCachedRead + tokens));
    return dense(tokens, s.logits) + attention + fixed + commPerToken * tokens;
  };
  return {
    mode: "profile",
    deployment: d,
    weightBytesPerGpu,
    kvBytesPerTokenPerGpu,
    bufferBytesPerGpu,
    stepTime,
    stepWork: (s) => workOf(stepTime(s), fixed + commPerToken * (s.prefillTokens + s.decodeSeqs), cost(s)),
    decodeLine: memoizeLines((n) => {
      const x = dense(n, n);
      return { computeA: x, computeB: attnCompute, memoryA: x + kvTime * n, memoryB: kvTime, fixed: fixed + commPerToken * n };
    }),
  };
}
