/**
 * KV-cache capacity of one replica, as vLLM sizes it: the share `gpuMemoryUtilization` of each
 * GPU's memory, minus the weights and an activation reserve, divided into blocks of
 * `blockSize` tokens.
 */
import type { LlmPerfModel } from "../../perf/llm.js";

export interface KvSizing {
  /** Share of GPU memory the server may use (vLLM `gpu_memory_utilization`, default 0.9). */
  readonly gpuMemoryUtilization: number;
  /** Bytes per GPU kept for activations and the CUDA context. */
  readonly activationReserveBytes: number;
  readonly blockSize: number;
}

/** Blocks of KV cache per replica (0 when the weights alone do not fit). */
export function kvBlocks(perf: LlmPerfModel, sizing: KvSizing): number {
  const usable = perf.deployment.gpu.memoryBytes * sizing.gpuMemoryUtilization - perf.weightBytesPerGpu - sizing.activationReserveBytes;
  return Math.max(0, Math.floor(usable / (perf.kvBytesPerTokenPerGpu * sizing.blockSize)));
}

/** Whether the weights and the reserve fit in the usable memory of each GPU. */
export function fitsInMemory(perf: LlmPerfModel, sizing: KvSizing): boolean {
  return perf.deployment.gpu.memoryBytes * sizing.gpuMemoryUtilization > perf.weightBytesPerGpu + sizing.activationReserveBytes;
}
