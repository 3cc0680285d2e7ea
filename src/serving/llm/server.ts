/**
 * vLLM-like LLM servers, one per Ready pod: continuous batching with max sequences and max
 * batched tokens, prefill (optionally chunked) then decode, a KV cache of fixed blocks with
 * preemption by recompute, and prefix caching by hash. Iterations that change the batch run one
 * event each; runs of decode-only iterations are skipped in closed form (./cruise.ts) and cut
 * short when a request arrives. The per-iteration policy is specified by test/support/llm-reference.ts.
 */
import { Priority } from "../../engine/index.js";
import type { Engine, HandlerTable } from "../../engine/index.js";
import type { LlmPerfModel, StepShape } from "../perf/llm.js";
import type { RequestTable } from "../requests.js";
import type { LlmServerConfig } from "./config.js";
import { cruiseOf, cruiseTime, iterationsBy } from "./cruise.js";
import type { Cruise } from "./cruise.js";
import { createDeque } from "./deque.js";
import type { Deque } from "./deque.js";
import { createPrefixCache } from "./prefix-cache.js";
import type { PrefixCache } from "./prefix-cache.js";

export const LlmEvent = { IterationEnded: "llm.iteration-ended" } as const;
export type LlmEvent = (typeof LlmEvent)[keyof typeof LlmEvent];

/** Why a request was refused at its pod. */
export const LlmReject = { TooLong: 0, QueueFull: 1 } as const;
export type LlmReject = (typeof LlmReject)[keyof typeof LlmReject];

export interface LlmServiceSpec {
  readonly config: LlmServerConfig;
  readonly perf: LlmPerfModel;
  /** Longest prompt + output the model accepts (its context window). */
  readonly maxContext: number;
  /** Most requests waiting per pod; Infinity for no limit (vLLM has none). */
  readonly queueLimit: number;
}

export interface LlmObserver {
  firstToken(req: number, now: number): void;
  /** The request produced its last token; its slot is still readable. */
  finished(req: number, now: number): void;
}

export interface LlmPodStats {
  readonly running: number;
  readonly waiting: number;
  readonly usedBlocks: number;
  readonly kvBlocks: number;
  readonly preemptions: number;
  /** Output tokens produced. */
  readonly generated: number;
  /** ∫ running sequences dt and ∫ used KV blocks dt since the pod joined (sampled where the batch changes). */
  readonly batchArea: number;
  readonly kvArea: number;
  readonly iterations: number;
}

export interface LlmServers {
  addPod(pod: number, service: number, now: number): void;
  /** Queues the request at its pod (requests.pod); returns −1, or the LlmReject reason for a refusal. */
  admit(req: number, now: number): number;
  stats(pod: number): LlmPodStats;
  /** Brings the time integrals up to `now`. */
  flush(now: number): void;
}

const Mode = { Idle: 0, Step: 1, Cruise: 2 } as const;

interface Pod {
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
  readonly stepReq: number[];
  readonly stepTok: number[];
  cruiseStart: number;
  cruiseN: number;
  cruise: Cruise | null;
  readonly prefix: PrefixCache | null;
  preemptions: number;
  generated: number;
  batchArea: number;
  kvArea: number;
  lastT: number;
  iterations: number;
}

export function createLlmServers(engine: Engine, requests: RequestTable, services: readonly (LlmServiceSpec | null)[], observer: LlmObserver): LlmServers {
  const pods: Pod[] = [];
  // Per request slot: tokens in the KV cache, output tokens produced, KV blocks held.
  let computed = new Int32Array(1024);
  let generated = new Int32Array(1024);
  let blocks = new Int32Array(1024);
  const ensure = (slot: number) => {
    if (slot < computed.length) return;
    const n = Math.max(slot + 1, computed.length * 2);
    const grow = (a: Int32Array) => {
      const b = new Int32Array(n);
      b.set(a);
      return b;
    };
    computed = grow(computed);
    generated = grow(generated);
    blocks = grow(blocks);
  };
  const blocksFor = (p: Pod, tokens: number) => Math.ceil(tokens / p.cfg.blockSize);
  const known = (req: number) => requests.inputTokens[req]! + generated[req]!;

  const account = (p: Pod, now: number) => {
    const dt = now - p.lastT;
    p.batchArea += p.running.length * dt;
    p.kvArea += (p.cfg.kvBlocks - p.free) * dt;
    p.lastT = now;
  };

  const schedule = (p: Pod, pod: number, at: number) => {
    p.end = at;
    engine.schedule(at, codes[LlmEvent.IterationEnded], pod);
  };

  /** Grows a sequence's blocks to hold `tokens` more; false when the cache has too few free. */
  const grow = (p: Pod, req: number, tokens: number): boolean => {
    const need = blocksFor(p, computed[req]! + tokens) - blocks[req]!;
    if (need > p.free) return false;
    p.free -= need;
    blocks[req]! += need;
    return true;
  };

  const preemptNewest = (p: Pod): number => {
    const victim = p.running.pop()!;
    p.free += blocks[victim]!;
    blocks[victim] = 0;
    computed[victim] = 0;
    p.waiting.pushFront(victim);
    p.preemptions++;
    return victim;
  };

  const canAdmitWhole = (p: Pod): boolean => {
    if (p.waiting.length === 0 || p.running.length >= p.cfg.maxNumSeqs) return false;
    const req = p.waiting.front();
    return known(req) - computed[req]! <= p.cfg.maxNumBatchedTokens && blocksFor(p, known(req)) <= p.free - p.watermark;
  };

  /** Forms one iteration exactly as the reference policy does; fills stepReq/stepTok. */
  const form = (p: Pod): void => {
    const { cfg, stepReq, stepTok } = p;
    stepReq.length = 0;
    stepTok.length = 0;
    let budget = cfg.maxNumBatchedTokens;
    const prefillOnly = !cfg.chunkedPrefill && canAdmitWhole(p);
    if (!prefillOnly) {
      for (let i = 0; i < p.running.length && budget > 0; i++) {
        const req = p.running[i]!;
        const remaining = known(req) - computed[req]!;
        const tokens = remaining > 0 ? Math.min(remaining, budget) : 1;
        let self = false;
        while (!grow(p, req, tokens)) {
          if (preemptNewest(p) === req) {
            self = true;
            break;
          }
        }
        if (self) break;
        stepReq.push(req);
        stepTok.push(tokens);
        budget -= tokens;
      }
    }
    while (p.waiting.length > 0 && p.running.length < cfg.maxNumSeqs && budget > 0) {
      const req = p.waiting.front();
      let cached = 0;
      const ids = requests.hashIds[req];
      if (p.prefix !== null && ids && generated[req] === 0 && computed[req] === 0) {
        cached = Math.min(p.prefix.peekPrefix(ids) * cfg.prefixBlockTokens, requests.inputTokens[req]! - 1);
      }
      const remaining = known(req) - computed[req]! - cached;
      const tokens = Math.min(remaining, budget);
      if (!cfg.chunkedPrefill && tokens < remaining) break;
      if (blocksFor(p, known(req)) > p.free - p.watermark) break;
      const need = blocksFor(p, computed[req]! + cached + tokens) - blocks[req]!;
      if (need > p.free) break;
      if (cached > 0) {
        p.prefix!.cachedPrefix(ids!);
        computed[req] = cached;
      }
      p.free -= need;
      blocks[req]! += need;
      p.waiting.popFront();
      p.running.push(req);
      stepReq.push(req);
      stepTok.push(tokens);
      budget -= tokens;
    }
  };

  const shapeOf = (p: Pod): StepShape => {
    let prefillTokens = 0;
    let prefillPairs = 0;
    let prefillCachedRead = 0;
    let decodeSeqs = 0;
    let decodeContext = 0;
    let logits = 0;
    for (let i = 0; i < p.stepReq.length; i++) {
      const req = p.stepReq[i]!;
      const tokens = p.stepTok[i]!;
      const c = computed[req]!;
      if (tokens === 1 && generated[req]! > 0 && c === known(req) - 1) {
        decodeSeqs++;
        decodeContext += c + 1;
        logits++;
      } else {
        prefillTokens += tokens;
        prefillPairs += tokens * c + (tokens * (tokens + 1)) / 2;
        prefillCachedRead += c;
        if (c + tokens === known(req)) logits++;
      }
    }
    return { prefillTokens, prefillPairs, prefillCachedRead, decodeSeqs, decodeContext, logits };
  };

  /** Removes finished sequences from the batch, freeing their blocks. */
  const retire = (p: Pod, now: number) => {
    let w = 0;
    for (let i = 0; i < p.running.length; i++) {
      const req = p.running[i]!;
      if (generated[req]! < requests.outputTokens[req]!) p.running[w++] = req;
      else {
        p.free += blocks[req]!;
        blocks[req] = 0;
        observer.finished(req, now);
        requests.release(req);
      }
    }
    p.running.length = w;
  };

  const endStep = (p: Pod, now: number) => {
    for (let i = 0; i < p.stepReq.length; i++) {
      const req = p.stepReq[i]!;
      computed[req]! += p.stepTok[i]!;
      if (computed[req] === known(req)) {
        generated[req]! += 1;
        p.generated++;
        if (generated[req] === 1) {
          observer.firstToken(req, now);
          const ids = requests.hashIds[req];
          if (p.prefix !== null && ids) p.prefix.insert(ids, Math.floor(requests.inputTokens[req]! / p.cfg.prefixBlockTokens));
        }
      }
    }
    p.iterations++;
    retire(p, now);
  };

  /** Applies k decode iterations of the cruise to every running sequence. */
  const endCruise = (p: Pod, k: number, now: number) => {
    for (const req of p.running) {
      computed[req]! += k;
      generated[req]! += k;
      const held = blocksFor(p, computed[req]!);
      p.free -= held - blocks[req]!;
      blocks[req] = held;
    }
    p.generated += k * p.running.length;
    p.iterations += k;
    retire(p, now);
  };

  /** Iterations a decode-only batch can run unchanged from now (0 when the next one must be formed). */
  const cruiseLength = (p: Pod): number => {
    const d = p.running.length;
    if (d === 0) return 0;
    if (p.cfg.chunkedPrefill) {
      const admissible =
        p.waiting.length > 0 &&
        p.running.length < p.cfg.maxNumSeqs &&
        p.cfg.maxNumBatchedTokens - d > 0 &&
        blocksFor(p, known(p.waiting.front())) <= p.free - p.watermark;
      if (admissible) return 0;
    } else if (canAdmitWhole(p)) return 0;
    let n = Infinity;
    const residues = new Int32Array(p.cfg.blockSize);
    for (const req of p.running) {
      if (generated[req]! === 0 || computed[req] !== known(req) - 1) return 0;
      n = Math.min(n, requests.outputTokens[req]! - generated[req]!);
      residues[computed[req]! % p.cfg.blockSize]! += 1;
    }
    // First iteration whose new blocks exceed the free ones: a full cycle of blockSize iterations needs d blocks.
    const size = p.cfg.blockSize;
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

  const next = (p: Pod, pod: number, now: number) => {
    p.mode = Mode.Idle;
    p.end = NaN;
    if (p.running.length === 0 && p.waiting.length === 0) return;
    const n = cruiseLength(p);
    if (n > 0) {
      let c0 = 0;
      for (const req of p.running) c0 += computed[req]! + 1;
      p.cruise = cruiseOf(p.perf.decodeLine(p.running.length), p.running.length, c0);
      p.cruiseStart = now;
      p.cruiseN = n;
      p.mode = Mode.Cruise;
      schedule(p, pod, now + cruiseTime(p.cruise, n));
      return;
    }
    form(p);
    if (p.stepReq.length === 0) return;
    p.mode = Mode.Step;
    schedule(p, pod, now + p.perf.stepTime(shapeOf(p)));
  };

  const handlers = {
    [LlmEvent.IterationEnded]: (pod: number, now: number) => {
      const p = pods[pod]!;
      // A boundary moved earlier by an arrival leaves its old event behind: ignore it.
      if (now !== p.end) return;
      account(p, now);
      if (p.mode === Mode.Step) endStep(p, now);
      else if (p.mode === Mode.Cruise) endCruise(p, p.cruiseN, now);
      next(p, pod, now);
    },
  } satisfies HandlerTable<LlmEvent>;
  // After arrivals at the same instant, so that they join the batch formed at this boundary.
  const codes = engine.on(handlers, { [LlmEvent.IterationEnded]: Priority.Control });

  return {
    addPod(pod, service, now) {
      const spec = services[service];
      if (!spec) throw new Error(`service ${service} has no LLM server`);
      if (pods[pod] !== undefined) throw new Error(`pod ${pod} joined twice`);
      const cfg = spec.config;
      const prefixCapacity = cfg.prefixBlockTokens > 0 ? Math.floor((cfg.kvBlocks * cfg.blockSize) / cfg.prefixBlockTokens) : 0;
      pods[pod] = {
        service,
        cfg,
        perf: spec.perf,
        watermark: Math.floor(cfg.kvBlocks * 0.01),
        waiting: createDeque(),
        running: [],
        free: cfg.kvBlocks,
        mode: Mode.Idle,
        end: NaN,
        stepReq: [],
        stepTok: [],
        cruiseStart: 0,
        cruiseN: 0,
        cruise: null,
        prefix: prefixCapacity > 0 ? createPrefixCache(prefixCapacity) : null,
        preemptions: 0,
        generated: 0,
        batchArea: 0,
        kvArea: 0,
        lastT: now,
        iterations: 0,
      };
    },
    admit(req, now) {
      const pod = requests.pod[req]!;
      const p = pods[pod]!;
      const spec = services[p.service]!;
      const prompt = requests.inputTokens[req]!;
      const total = prompt + requests.outputTokens[req]!;
      const neverFits =
        total > spec.maxContext ||
        Math.ceil(total / p.cfg.blockSize) > p.cfg.kvBlocks - p.watermark ||
        (!p.cfg.chunkedPrefill && total - 1 > p.cfg.maxNumBatchedTokens) ||
        requests.outputTokens[req]! < 1;
      if (neverFits) return LlmReject.TooLong;
      if (p.waiting.length >= spec.queueLimit) return LlmReject.QueueFull;
      ensure(req);
      computed[req] = 0;
      generated[req] = 0;
      blocks[req] = 0;
      p.waiting.pushBack(req);
      if (p.mode === Mode.Idle && Number.isNaN(p.end)) schedule(p, pod, now);
      else if (p.mode === Mode.Cruise) {
        // The arrival joins at the first iteration boundary at or after it: end the cruise there.
        const k = iterationsBy(p.cruise!, now - p.cruiseStart, p.cruiseN);
        if (k < p.cruiseN) {
          p.cruiseN = k;
          schedule(p, pod, Math.max(now, p.cruiseStart + cruiseTime(p.cruise!, k)));
        }
      }
      return -1;
    },
    stats(pod) {
      const p = pods[pod];
      if (!p) return { running: 0, waiting: 0, usedBlocks: 0, kvBlocks: 0, preemptions: 0, generated: 0, batchArea: 0, kvArea: 0, iterations: 0 };
      return {
        running: p.running.length,
        waiting: p.waiting.length,
        usedBlocks: p.cfg.kvBlocks - p.free,
        kvBlocks: p.cfg.kvBlocks,
        preemptions: p.preemptions,
        generated: p.generated,
        batchArea: p.batchArea,
        kvArea: p.kvArea,
        iterations: p.iterations,
      };
    },
    flush(now) {
      for (const p of pods) if (p) account(p, now);
    },
  };
}
