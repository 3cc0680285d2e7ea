/** Settings of a vLLM-like continuous-batching server (names and defaults follow vLLM's engine arguments). */
export interface LlmServerConfig {
  /** Most sequences in one iteration (vLLM `max_num_seqs`). */
  readonly maxNumSeqs: number;
  /** Most tokens in one iteration (vLLM `max_num_batched_tokens`). */
  readonly maxNumBatchedTokens: number;
  /** Split long prompts across iterations and mix them with decodes (vLLM's chunked prefill). */
  readonly chunkedPrefill: boolean;
  /** KV-cache blocks of the replica (capacity ÷ bytes per block). */
  readonly kvBlocks: number;
  /** Tokens per KV block (vLLM: 16). */
  readonly blockSize: number;
  /** Tokens per prefix-cache hash (Mooncake traces hash 512-token blocks); 0 disables prefix caching. */
  readonly prefixBlockTokens: number;
  /**
   * KV blocks taken when a request joins the batch: `prompt` takes those of its prompt and grows
   * while decoding, preempting (recompute) when blocks run out (vLLM); `full` reserves prompt plus
   * output at once, so nothing is ever preempted (TensorRT-LLM's GUARANTEED_NO_EVICT).
   */
  readonly kvReservation: "prompt" | "full";
}

export const BLOCK_SIZE = 16;
