/** What the LLM servers offer the serving plane and what they report to it. */
import type { Admission } from "../../contract.js";
import type { LlmPerfModel } from "../../perf/llm.js";
import type { LlmServerConfig } from "./config.js";

export const LlmEvent = { IterationEnded: "llm.iteration-ended", TimedOut: "llm.timed-out" } as const;
export type LlmEvent = (typeof LlmEvent)[keyof typeof LlmEvent];

export interface LlmServiceSpec {
  /** Server settings; the KV-cache size comes from `kvBlocks` for each pod's GPUs. */
  readonly config: Omit<LlmServerConfig, "kvBlocks">;
  /** KV blocks of a replica running on the GPUs this performance model describes. */
  readonly kvBlocks: (perf: LlmPerfModel) => number;
  /** Longest prompt + output the model accepts (its context window). */
  readonly maxContext: number;
  /** Most requests waiting per pod; Infinity for no limit (vLLM has none). */
  readonly queueLimit: number;
  /** Seconds a request may wait before first joining a batch; Infinity for none. */
  readonly timeout: number;
}

export interface LlmObserver {
  /**
   * The request joined a batch for the first time, at `now`: its queueing delay is over. A batch
   * formed at a planned cut is formed (and this told) when the pod is next looked at, so this may
   * come after other pods' later events; every other call comes in time order.
   */
  started(req: number, now: number): void;
  firstToken(req: number, now: number): void;
  /** The request produced its last token; its slot is still readable. */
  finished(req: number, now: number): void;
  /** The request was cut (its pod was aborted); its slot is still readable. */
  failed(req: number, now: number): void;
  /** The request waited longer than the timeout without joining a batch; its slot is still readable. */
  timedOut(req: number, now: number): void;
  /** A draining pod holds no more requests. */
  drained(pod: number, now: number): void;
}

export interface LlmPodStats {
  readonly running: number;
  readonly waiting: number;
  readonly usedBlocks: number;
  readonly kvBlocks: number;
  readonly preemptions: number;
  /** Prompt tokens looked up in the prefix cache, and those it held (their prefill was skipped). */
  readonly prefixQueries: number;
  readonly prefixHits: number;
  /** Output tokens produced. */
  readonly generated: number;
  /** ∫ running sequences dt and ∫ used KV blocks dt since the pod joined (sampled where the batch changes). */
  readonly batchArea: number;
  readonly kvArea: number;
  /** Seconds the pod spent iterating (its GPU busy) since it joined. */
  readonly busyTime: number;
  readonly iterations: number;
}

export interface LlmServers {
  addPod(pod: number, service: number, perf: LlmPerfModel, now: number): void;
  /** Queues the request at its pod (requests.pod); returns ADMITTED (−1), or the reason for a refusal. */
  admit(req: number, now: number): Admission;
  stats(pod: number): LlmPodStats;
  /** When the pod joined (NaN if it never did). */
  joinedAt(pod: number): number;
  /** Leading prefix blocks of `ids` the pod's cache holds (for prefix-aware routing). */
  prefixMatch(pod: number, ids: Int32Array): number;
  /** Brings the time integrals up to `now`. */
  flush(now: number): void;
  /** The pod takes no new requests and finishes those it holds; false when it holds none. */
  drain(pod: number, now: number): boolean;
  /** Cuts every request the pod holds (each reported failed); the pod serves no more. */
  abort(pod: number, now: number): void;
}

export interface LlmServerOptions {
  /**
   * Plan the iteration formed where an arrival cuts a cruise, so that it needs no event of its own
   * (default true). False handles every such boundary as an event: the same results, more events
   * (the tests compare the two).
   */
  readonly planCuts?: boolean;
}
