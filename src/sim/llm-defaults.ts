/** The LLM server settings servesim assumes unless a scenario says otherwise (vLLM's defaults). */
export const DEFAULT_LLM_SERVER = {
  maxNumSeqs: 256,
  maxNumBatchedTokens: 8192,
  chunkedPrefill: true,
  gpuMemoryUtilization: 0.9,
  /** Activation peak and CUDA context per GPU (vLLM profiles this; about 1 GiB for these models). */
  activationReserveBytes: 2 ** 30,
  blockSize: 16,
  kvReservation: "prompt",
} as const;
