/**
 * KV-cache capacity of one replica, as vLLM sizes it: the share `gpuMemoryUtilization` of each
 * GPU's memory, minus the weights, a fixed reserve (CUDA context, allocator slack) and the
 * activation and communication buffers of the largest iteration (LlmPerfModel.bufferBytesPerGpu),
 * divided into blocks of `blockSize` tokens.
 */
import type { LlmPerfModel } from "../perf/llm.js";

export interface KvSizing {
  /** Share of GPU memory the server may use (vLLM `gpu_memory_utilization`, default 0.9). */
  readonly gpuMemoryUtilization: number;
  /** Bytes per GPU kept for the CUDA context and the allocator, beyond the buffers the iteration shape needs. */
  readonly activationReserveBytes: number;
  readonly blockSize: number;
  /** Largest iteration: tokens (vLLM max_num_batched_tokens) and sequences (max_num_seqs); absent: no buffers counted. */
  readonly maxNumBatchedTokens?: number;
  readonly maxNumSeqs?: number;
}

/** Bytes each GPU keeps besides weights and KV cache. */
export const reservedBytesPerGpu = (perf: LlmPerfModel, sizing: KvSizing): number =>
  sizing.activationReserveBytes + perf.bufferBytesPerGpu(sizing.maxNumBatchedTokens ?? 0, sizing.maxNumSeqs ?? 0);

/** Blocks of KV cache per replica (0 when the weights alone do not fit). */
export function kvBlocks(perf: LlmPerfModel, sizing: KvSizing): number {
  const usable = perf.deployment.gpu.memoryBytes * sizing.gpuMemoryUtilization - perf.weightBytesPerGpu - reservedBytesPerGpu(perf, sizing);
  return Math.max(0, Math.floor(usable / (perf.kvBytesPerTokenPerGpu * sizing.blockSize)));
}

/** Whether the weights and the reserve fit in the usable memory of each GPU. */
export function fitsInMemory(perf: LlmPerfModel, sizing: KvSizing): boolean {
  return perf.deployment.gpu.memoryBytes * sizing.gpuMemoryUtilization > perf.weightBytesPerGpu + reservedBytesPerGpu(perf, sizing);
}

/** What one GPU of a replica must hold, in bytes, and whether it fits. */
export interface MemoryFit {
  readonly fits: boolean;
  /** Memory the server may use: the GPU's memory × gpuMemoryUtilization. */
  readonly usableBytes: number;
  readonly weightBytes: number;
  /** CUDA context, activation and communication buffers. */
  readonly reservedBytes: number;
  /** The smallest KV cache a server starts with: one block. */
  readonly minKvBytes: number;
  /** KV blocks left once the rest is placed (0 when it does not fit). */
  readonly kvBlocks: number;
}

/**
 * Whether the weights, the buffers and a minimal KV cache of one block fit each GPU. One block
 * (not one context-length sequence) is the minimum: a server whose cache holds fewer tokens than
 * a request needs refuses that request as too long, but starts.
 */
export function memoryFit(perf: LlmPerfModel, sizing: KvSizing): MemoryFit {
  const usableBytes = perf.deployment.gpu.memoryBytes * sizing.gpuMemoryUtilization;
  const reservedBytes = reservedBytesPerGpu(perf, sizing);
  const minKvBytes = perf.kvBytesPerTokenPerGpu * sizing.blockSize;
  const blocks = kvBlocks(perf, sizing);
  return { fits: blocks >= 1, usableBytes, weightBytes: perf.weightBytesPerGpu, reservedBytes, minKvBytes, kvBlocks: blocks };
}
