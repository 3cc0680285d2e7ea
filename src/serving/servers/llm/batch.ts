/**
 * The batch-formation policy of the LLM server, per iteration: running sequences first (oldest
 * first, preempting the newest when KV blocks run out), then waiting ones in arrival order while
 * the sequence, token and KV budgets allow. It mirrors test/support/llm-reference.ts exactly.
 */
import type { LlmPerfModel, StepShape } from "../../perf/llm.js";
import type { Columns, RequestTable } from "../../requests.js";
import type { LlmServerConfig } from "./config.js";
import type { Cruise } from "./cruise.js";
import type { Deque } from "./deque.js";
import type { PrefixCache } from "./prefix-cache.js";

export const Mode = { Idle: 0, Step: 1, Cruise: 2 } as const;

/** One replica's server state. */
export interface Pod {
  readonly service: number;
  readonly cfg: LlmServerConfig;
  readonly perf: LlmPerfModel;
  readonly watermark: number;
  readonly waiting: Deque;
  running: number[];
  free: number;
  mode: number;
  /** Time of the pending iteration boundary (NaN when none is pending). */
  end: number;
  /** The formed iteration: stepCount requests and their tokens (the arrays never shrink, so forming allocates nothing). */
  readonly stepReq: number[];
  readonly stepTok: number[];
  stepCount: number;
  cruiseStart: number;
  cruiseN: number;
  /**
   * Where an arrival cut the cruise short, when the iteration formed there is already planned:
   * the boundary's timer is then set at that iteration's end, and the batch is formed at this time
   * by the first thing that looks at the pod later (NaN when no such plan is pending).
   */
  cutAt: number;
  /** Σ (computed + 1) over the running sequences, as cruiseLength last found it. */
  cruiseContext: number;
  cruise: Cruise | null;
  readonly prefix: PrefixCache | null;
  preemptions: number;
  /** Prompt tokens looked up in the prefix cache (requests carrying hashes, on first admission) and those found cached (vLLM's prefix_cache_queries and prefix_cache_hits). */
  prefixQueries: number;
  prefixHits: number;
  generated: number;
  batchArea: number;
  kvArea: number;
  busyTime: number;
  lastT: number;
  iterations: number;
}

/** Per request slot: tokens in the KV cache, output tokens produced, KV blocks held, whether it ever joined a batch. */
export const SEQ_COLUMNS = { computed: Int32Array, generated: Int32Array, blocks: Int32Array, started: Uint8Array } as const;
export type SeqColumns = Columns<typeof SEQ_COLUMNS>;

export interface BatchPolicy {
  /** Forms the next iteration of the pod into stepReq/stepTok. */
  form(p: Pod): void;
  shapeOf(p: Pod): StepShape;
  /** Iterations a decode-only batch can run unchanged from now (0 when the next one must be formed). */
  cruiseLength(p: Pod): number;
  /**
   * cruiseLength of a batch whose running sequences are all decoding (computed = known − 1, at
   * least one token generated), given the fewest output tokens any of them has left (`left`) and
   * Σ (computed + 1) over them (`context`): what cruiseLength finds, without its pass over the batch.
   */
  cruiseLengthOf(p: Pod, left: number, context: number): number;
  /** Whether the front waiting request may join the running sequences at the next iteration (cruiseLength's first test). */
  admitsFront(p: Pod): boolean;
  /**
   * Duration of the iteration that `form` will build once the cruise has run `k` more of its
   * iterations, when that iteration keeps every running sequence and admits waiting ones (chunked
   * prefill, no preemption); NaN when it would not (then the boundary must be handled as it comes).
   * Reads the pod and the sequences and changes nothing.
   */
  stepAfterCruise(p: Pod, k: number): number;
  blocksFor(p: Pod, tokens: number): number;
  /** Tokens of a request known so far: prompt plus output produced. */
  known(req: number): number;
}

/** `onStart(req)` hears when a request joins a batch for the first time (its queueing delay ends). */
export function createBatchPolicy(requests: RequestTable, seqs: SeqColumns, onStart: (req: number) => void): BatchPolicy {
  const blocksFor = (p: Pod, tokens: number) => Math.ceil(tokens / p.cfg.blockSize);
  const known = (req: number) => requests.inputTokens[req]! + seqs.generated[req]!;

  /** Grows a sequence's blocks to hold `tokens` more; false when the cache has too few free. */
  const grow = (p: Pod, req: number, tokens: number): boolean => {
    const need = Math.max(0, blocksFor(p, seqs.computed[req]! + tokens) - seqs.blocks[req]!);
    if (need > p.free) return false;
    p.free -= need;
    seqs.blocks[req]! += need;
    return true;
  };

  const preemptNewest = (p: Pod): number => {
    const victim = p.running.pop()!;
    p.free += seqs.blocks[victim]!;
    seqs.blocks[victim] = 0;
    seqs.computed[victim] = 0;
    p.waiting.pushFront(victim);
    p.preemptions++;
    return victim;
  };

  /** Most tokens a request can hold in the cache: prompt plus output, less the last token, which is never cached. */
  const fullTokens = (req: number) => requests.inputTokens[req]! + requests.outputTokens[req]! - 1;
  /** Tokens whose blocks must be free (above the watermark) before a request joins the batch. */
  const admissionTokens = (p: Pod, req: number) => (p.cfg.kvReservation === "full" ? fullTokens(req) : known(req));

  const canAdmitWhole = (p: Pod): boolean => {
    if (p.waiting.length === 0 || p.running.length >= p.cfg.maxNumSeqs) return false;
    const req = p.waiting.front();
    return known(req) - seqs.computed[req]! <= p.cfg.maxNumBatchedTokens && blocksFor(p, admissionTokens(p, req)) <= p.free - p.watermark;
  };

  /** Forms one iteration exactly as the reference policy does; fills stepReq/stepTok. */
  const form = (p: Pod): void => {
    const { cfg, stepReq, stepTok } = p;
    let count = 0;
    let budget = cfg.maxNumBatchedTokens;
    const prefillOnly = !cfg.chunkedPrefill && canAdmitWhole(p);
    if (!prefillOnly) {
      for (let i = 0; i < p.running.length && budget > 0; i++) {
        const req = p.running[i]!;
        const remaining = known(req) - seqs.computed[req]!;
        const tokens = remaining > 0 ? Math.min(remaining, budget) : 1;
        let self = false;
        while (!grow(p, req, tokens)) {
          if (preemptNewest(p) === req) {
            self = true;
            break;
          }
        }
        if (self) break;
        stepReq[count] = req;
        stepTok[count++] = tokens;
        budget -= tokens;
      }
    }
    while (p.waiting.length > 0 && p.running.length < cfg.maxNumSeqs && budget > 0) {
      const req = p.waiting.front();
      let cached = 0;
      const ids = requests.hashIds[req];
      const lookup = p.prefix !== null && ids !== null && ids !== undefined && seqs.generated[req] === 0 && seqs.computed[req] === 0;
      if (lookup) {
        cached = Math.min(p.prefix.peekPrefix(ids) * cfg.prefixBlockTokens, requests.inputTokens[req]! - 1);
      }
      const remaining = known(req) - seqs.computed[req]! - cached;
      const tokens = Math.min(remaining, budget);
      if (!cfg.chunkedPrefill && tokens < remaining) break;
      if (blocksFor(p, admissionTokens(p, req)) > p.free - p.watermark) break;
      const need = (cfg.kvReservation === "full" ? blocksFor(p, fullTokens(req)) : blocksFor(p, seqs.computed[req]! + cached + tokens)) - seqs.blocks[req]!;
      if (need > p.free) break;
      if (lookup) {
        p.prefixQueries += requests.inputTokens[req]!;
        p.prefixHits += cached;
      }
      if (cached > 0) {
        p.prefix!.cachedPrefix(ids!);
        seqs.computed[req] = cached;
      }
      p.free -= need;
      seqs.blocks[req]! += need;
      p.waiting.popFront();
      p.running.push(req);
      if (seqs.started[req] === 0) {
        seqs.started[req] = 1;
        onStart(req);
      }
      stepReq[count] = req;
      stepTok[count++] = tokens;
      budget -= tokens;
    }
    p.stepCount = count;
  };

  // One shape, rewritten at every step: the performance model reads it at once and keeps nothing.
  const shape: { -readonly [K in keyof StepShape]: StepShape[K] } = { prefillTokens: 0, prefillPairs: 0, prefillCachedRead: 0, decodeSeqs: 0, decodeContext: 0, logits: 0 };
  const clearShape = () => {
    shape.prefillTokens = 0;
    shape.prefillPairs = 0;
    shape.prefillCachedRead = 0;
    shape.decodeSeqs = 0;
    shape.decodeContext = 0;
    shape.logits = 0;
  };
  /** Adds a sequence stepping `tokens` from `c` computed tokens to the shape: a decode, or a prefill (chunk). */
  const addToShape = (req: number, tokens: number, c: number) => {
    if (tokens === 1 && seqs.generated[req]! > 0 && c === known(req) - 1) {
      shape.decodeSeqs++;
      shape.decodeContext += c + 1;
      shape.logits++;
    } else {
      shape.prefillTokens += tokens;
      shape.prefillPairs += tokens * c + (tokens * (tokens + 1)) / 2;
      shape.prefillCachedRead += c;
      if (c + tokens === known(req)) shape.logits++;
    }
  };
  const shapeOf = (p: Pod): StepShape => {
    clearShape();
    for (let i = 0; i < p.stepCount; i++) {
      const req = p.stepReq[i]!;
      addToShape(req, p.stepTok[i]!, seqs.computed[req]!);
    }
    return shape;
  };

  let residues = new Int32Array(16);
  const admitsFront = (p: Pod): boolean => {
    if (!p.cfg.chunkedPrefill) return canAdmitWhole(p);
    const d = p.running.length;
    return p.waiting.length > 0 && d < p.cfg.maxNumSeqs && p.cfg.maxNumBatchedTokens - d > 0 && blocksFor(p, admissionTokens(p, p.waiting.front())) <= p.free - p.watermark;
  };
  /** Iterations a decode-only batch can run unchanged from now (0 when the next one must be formed). */
  const cruiseLength = (p: Pod): number => {
    const d = p.running.length;
    if (d === 0 || admitsFront(p)) return 0;
    let n = Infinity;
    let context = 0;
    for (let i = 0; i < d; i++) {
      const req = p.running[i]!;
      const generated = seqs.generated[req]!;
      const computed = seqs.computed[req]!;
      if (generated === 0 || computed !== requests.inputTokens[req]! + generated - 1) return 0;
      n = Math.min(n, requests.outputTokens[req]! - generated);
      context += computed + 1;
    }
    return cruiseRun(p, n, context);
  };
  const cruiseLengthOf = (p: Pod, left: number, context: number): number => (p.running.length === 0 || admitsFront(p) ? 0 : cruiseRun(p, left, context));
  /** The cruise of a decoding batch with `n` iterations to its first finish: n, or fewer when the KV blocks run out first. */
  const cruiseRun = (p: Pod, n: number, context: number): number => {
    const d = p.running.length;
    p.cruiseContext = context;
    // With full reservations the blocks are already held: nothing can run out.
    if (p.cfg.kvReservation === "full") return n;
    const size = p.cfg.blockSize;
    // Over n iterations a sequence needs at most ⌊n / size⌋ + 1 new blocks: when that many are free for all, none runs out.
    if (p.free >= d * (Math.floor(n / size) + 1)) return n;
    if (residues.length < size) residues = new Int32Array(size);
    residues.fill(0, 0, size);
    for (let i = 0; i < d; i++) residues[seqs.computed[p.running[i]!]! % size]! += 1;
    // First iteration whose new blocks exceed the free ones: a full cycle of blockSize iterations needs d blocks.
    const cycles = Math.floor(p.free / d);
    let left = p.free - cycles * d;
    let e = cycles * size;
    for (let j = 0; j < size; j++) {
      const need = residues[(size - j) % size]!;
      if (need > left) break;
      left -= need;
      e++;
    }
    return Math.min(n, e);
  };

  const stepAfterCruise = (p: Pod, k: number): number => {
    const { cfg, running, waiting } = p;
    const d = running.length;
    // cruiseLength's test: the batch is formed (not cruised) only when the front waiting request may join.
    if (!cfg.chunkedPrefill || d === 0 || waiting.length === 0 || d >= cfg.maxNumSeqs || cfg.maxNumBatchedTokens - d <= 0) return NaN;
    const size = cfg.blockSize;
    // endCruise (every running sequence k tokens further, its blocks grown to hold them), then
    // form's running part (each decodes one token, growing again where it must) in one pass.
    let grown = 0;
    let decodeNeed = 0;
    let decodeContext = 0;
    for (let i = 0; i < d; i++) {
      const req = running[i]!;
      const c = seqs.computed[req]! + k;
      const held = Math.max(seqs.blocks[req]!, Math.ceil(c / size));
      grown += held - seqs.blocks[req]!;
      decodeNeed += Math.max(0, Math.ceil((c + 1) / size) - held);
      decodeContext += c + 1;
    }
    let free = p.free - grown;
    if (blocksFor(p, admissionTokens(p, waiting.front())) > free - p.watermark) return NaN;
    // form takes the blocks in turn, preempting when one is short: as the needs are ≥ 0, that
    // happens exactly when their sum is over the free blocks.
    if (decodeNeed > free) return NaN;
    free -= decodeNeed;
    // form, waiting part, on local copies of what it changes.
    let budget = cfg.maxNumBatchedTokens - d;
    let count = d;
    clearShape();
    shape.decodeSeqs = d;
    shape.decodeContext = decodeContext;
    shape.logits = d;
    for (let i = 0; i < waiting.length && count < cfg.maxNumSeqs && budget > 0; i++) {
      const req = waiting.at(i);
      let cached = 0;
      const ids = requests.hashIds[req];
      if (p.prefix !== null && ids !== null && ids !== undefined && seqs.generated[req] === 0 && seqs.computed[req] === 0) {
        cached = Math.min(p.prefix.peekPrefix(ids) * cfg.prefixBlockTokens, requests.inputTokens[req]! - 1);
      }
      const c = seqs.computed[req]! + cached;
      const remaining = known(req) - c;
      const tokens = Math.min(remaining, budget);
      if (blocksFor(p, admissionTokens(p, req)) > free - p.watermark) break;
      const need = (cfg.kvReservation === "full" ? blocksFor(p, fullTokens(req)) : blocksFor(p, c + tokens)) - seqs.blocks[req]!;
      if (need > free) break;
      free -= need;
      count++;
      budget -= tokens;
      // shapeOf's split, on the sequence as form leaves it (computed = c).
      addToShape(req, tokens, c);
    }
    return p.perf.stepTime(shape);
  };

  return { form, shapeOf, cruiseLength, cruiseLengthOf, admitsFront, stepAfterCruise, blocksFor, known };
}
