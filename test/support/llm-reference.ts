/**
 * The executable specification of the LLM server's scheduling: a plain loop that forms and runs
 * one iteration at a time (vLLM-like continuous batching). The real server skips decode
 * iterations in closed form; a property test checks both give the same timestamps.
 */
import type { LlmServerConfig } from "../../src/serving/servers/llm/config.js";
import { createPrefixCache } from "../../src/serving/servers/llm/prefix-cache.js";
import type { StepShape } from "../../src/serving/perf/llm.js";

export interface RefRequest {
  readonly arrival: number;
  readonly prompt: number;
  readonly output: number;
  readonly hashIds?: Int32Array;
}

export interface RefOutcome {
  /** Time each request's first output token was produced (NaN when refused). */
  readonly firstToken: number[];
  readonly finish: number[];
  readonly refused: boolean[];
  readonly preemptions: number;
  readonly iterations: number;
}

interface Seq {
  readonly id: number;
  readonly prompt: number;
  readonly output: number;
  readonly hashIds: Int32Array | undefined;
  /** Tokens whose keys and values are in the cache. */
  computed: number;
  /** Output tokens produced so far. */
  generated: number;
  blocks: number;
}

export function simulateReference(requests: readonly RefRequest[], cfg: LlmServerConfig, stepTime: (s: StepShape) => number, maxContext = Infinity): RefOutcome {
  const order = requests.map((_, i) => i).sort((a, b) => requests[a]!.arrival - requests[b]!.arrival || a - b);
  const firstToken = requests.map(() => NaN);
  const finish = requests.map(() => NaN);
  const refused = requests.map(() => false);
  const prefix = cfg.prefixBlockTokens > 0 ? createPrefixCache(Math.floor((cfg.kvBlocks * cfg.blockSize) / cfg.prefixBlockTokens)) : null;
  const waiting: Seq[] = [];
  let running: Seq[] = [];
  let freeBlocks = cfg.kvBlocks;
  let next = 0;
  let now = 0;
  let preemptions = 0;
  let iterations = 0;
  const blocksFor = (tokens: number) => Math.ceil(tokens / cfg.blockSize);
  const watermark = Math.floor(cfg.kvBlocks * 0.01);
  const admissionTokens = (s: Seq) => (cfg.kvReservation === "full" ? s.prompt + s.output - 1 : s.prompt + s.generated);

  while (next < order.length || waiting.length > 0 || running.length > 0) {
    if (waiting.length === 0 && running.length === 0) now = Math.max(now, requests[order[next]!]!.arrival);
    while (next < order.length && requests[order[next]!]!.arrival <= now) {
      const id = order[next++]!;
      const r = requests[id]!;
      // Requests that could never run are refused on arrival.
      const total = r.prompt + r.output;
      if (total > maxContext || Math.ceil((total - 1) / cfg.blockSize) > cfg.kvBlocks - watermark || (!cfg.chunkedPrefill && total - 1 > cfg.maxNumBatchedTokens) || r.output < 1) {
        refused[id] = true;
        continue;
      }
      waiting.push({ id, prompt: r.prompt, output: r.output, hashIds: r.hashIds, computed: 0, generated: 0, blocks: 0 });
    }
    if (waiting.length === 0 && running.length === 0) continue;
    // Form the iteration: running sequences first (oldest first), then waiting ones (FCFS).
    let budget = cfg.maxNumBatchedTokens;
    const scheduled: { seq: Seq; tokens: number }[] = [];
    const grow = (seq: Seq, tokens: number): boolean => {
      const need = Math.max(0, blocksFor(seq.computed + tokens) - seq.blocks);
      if (need > freeBlocks) return false;
      freeBlocks -= need;
      seq.blocks += need;
      return true;
    };
    const prefillOnly = !cfg.chunkedPrefill && canAdmitWhole();
    function canAdmitWhole(): boolean {
      const s = waiting[0];
      return s !== undefined && running.length < cfg.maxNumSeqs && s.prompt + s.generated <= cfg.maxNumBatchedTokens && blocksFor(admissionTokens(s)) <= freeBlocks - watermark;
    }
    if (!prefillOnly) {
      for (let i = 0; i < running.length && budget > 0; i++) {
        const seq = running[i]!;
        const remaining = seq.prompt + seq.generated - seq.computed;
        const tokens = remaining > 0 ? Math.min(remaining, budget) : 1;
        while (!grow(seq, tokens)) {
          // Out of KV blocks: preempt the newest running sequence (recompute later).
          const victim = running.pop()!;
          freeBlocks += victim.blocks;
          victim.blocks = 0;
          victim.computed = 0;
          waiting.unshift(victim);
          preemptions++;
          if (victim === seq) break;
        }
        if (running[i] !== seq) break;
        scheduled.push({ seq, tokens });
        budget -= tokens;
      }
    }
    while (waiting.length > 0 && running.length < cfg.maxNumSeqs && budget > 0) {
      const seq = waiting[0]!;
      // A first admission skips the prompt's longest cached run of prefix blocks.
      const cached = prefix !== null && seq.hashIds && seq.generated === 0 && seq.computed === 0 ? Math.min(prefix.peekPrefix(seq.hashIds) * cfg.prefixBlockTokens, seq.prompt - 1) : 0;
      const remaining = seq.prompt + seq.generated - seq.computed - cached;
      const tokens = Math.min(remaining, budget);
      if (!cfg.chunkedPrefill && tokens < remaining) break;
      // Admit only when the whole prompt's blocks (or prompt and output's, with full reservation) fit
      // above a watermark (vLLM's can_allocate; TensorRT-LLM's GUARANTEED_NO_EVICT).
      if (blocksFor(admissionTokens(seq)) > freeBlocks - watermark) break;
      const target = cfg.kvReservation === "full" ? seq.prompt + seq.output - 1 : seq.computed + cached + tokens;
      if (blocksFor(target) - seq.blocks > freeBlocks) break;
      if (cached > 0) {
        prefix!.cachedPrefix(seq.hashIds!);
        seq.computed = cached;
      }
      freeBlocks -= blocksFor(target) - seq.blocks;
      seq.blocks = blocksFor(target);
      waiting.shift();
      running.push(seq);
      scheduled.push({ seq, tokens });
      budget -= tokens;
    }
    if (scheduled.length === 0) {
      // Nothing fits (a prompt larger than the whole cache): wait for the next arrival, or give up.
      if (next >= order.length) throw new Error("a request can never be scheduled: its prompt exceeds the KV cache or the token budget");
      now = Math.max(now, requests[order[next]!]!.arrival);
      continue;
    }
    let prefillTokens = 0;
    let prefillPairs = 0;
    let prefillCachedRead = 0;
    let decodeSeqs = 0;
    let decodeContext = 0;
    let logits = 0;
    for (const { seq, tokens } of scheduled) {
      const isDecode = seq.computed === seq.prompt + seq.generated - 1 && tokens === 1 && seq.generated > 0;
      if (isDecode) {
        decodeSeqs++;
        decodeContext += seq.computed + 1;
        logits++;
      } else {
        prefillTokens += tokens;
        prefillPairs += tokens * seq.computed + (tokens * (tokens + 1)) / 2;
        prefillCachedRead += seq.computed;
        if (seq.computed + tokens === seq.prompt + seq.generated) logits++;
      }
    }
    now += stepTime({ prefillTokens, prefillPairs, prefillCachedRead, decodeSeqs, decodeContext, logits });
    iterations++;
    for (const { seq, tokens } of scheduled) {
      seq.computed += tokens;
      if (seq.computed === seq.prompt + seq.generated) {
        seq.generated++;
        if (seq.generated === 1) {
          firstToken[seq.id] = now;
          if (prefix !== null && seq.hashIds) prefix.insert(seq.hashIds, Math.floor(seq.prompt / cfg.prefixBlockTokens));
        }
      }
    }
    running = running.filter((seq) => {
      if (seq.generated < seq.output) return true;
      finish[seq.id] = now;
      freeBlocks += seq.blocks;
      return false;
    });
  }
  return { firstToken, finish, refused, preemptions, iterations };
}
