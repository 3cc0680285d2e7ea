/**
 * What an arrival carries besides its time. A source fills one reusable object for its next
 * arrival (no allocation per request); the simulation copies it into the request table when
 * the arrival happens.
 */
export interface RequestAttrs {
  /** Prompt tokens (LLM requests; 0 otherwise). */
  inputTokens: number;
  /** Tokens to generate (LLM requests; 0 otherwise). */
  outputTokens: number;
  /** Service time given by a trace, in seconds; NaN when the server draws it. */
  serviceTime: number;
  /** Request class id from a trace (−1: none). */
  requestClass: number;
  /** Prefix-cache block hashes of the prompt (Mooncake `hash_ids`), or null. */
  hashIds: Int32Array | null;
}

export function createRequestAttrs(): RequestAttrs {
  return { inputTokens: 0, outputTokens: 0, serviceTime: NaN, requestClass: -1, hashIds: null };
}
