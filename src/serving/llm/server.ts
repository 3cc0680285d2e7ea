/**
 * vLLM-like LLM servers, one per Ready pod: continuous batching with max sequences and max
 * batched tokens, prefill (optionally chunked) then decode, a KV cache of fixed blocks with
 * preemption by recompute, and prefix caching by hash. Iterations that change the batch run one
 * event each; runs of decode-only iterations are skipped in closed form (./cruise.ts) and cut
 * short when a request arrives. The per-iteration policy is specified by test/support/llm-reference.ts.
 */
import { Priority } from "../../engine/index.js";
import type { Engine, HandlerTable } from "../../engine/index.js";
import type { LlmPerfModel } from "../perf/llm.js";
import type { RequestTable } from "../requests.js";
import { createBatchPolicy, createSeqColumns, Mode } from "./batch.js";
import type { Pod } from "./batch.js";
import type { LlmServerConfig } from "./config.js";
import { cruiseOf, cruiseTime, iterationsBy } from "./cruise.js";
import { createDeque } from "./deque.js";
import { createPrefixCache } from "./prefix-cache.js";

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

export function createLlmServers(engine: Engine, requests: RequestTable, services: readonly (LlmServiceSpec | null)[], observer: LlmObserver): LlmServers {
  const pods: Pod[] = [];
  const seqs = createSeqColumns();
  const policy = createBatchPolicy(requests, seqs);
  const { blocksFor, known } = policy;

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

  /** Removes finished sequences from the batch, freeing their blocks. */
  const retire = (p: Pod, now: number) => {
    let w = 0;
    for (let i = 0; i < p.running.length; i++) {
      const req = p.running[i]!;
      if (seqs.generated[req]! < requests.outputTokens[req]!) p.running[w++] = req;
      else {
        p.free += seqs.blocks[req]!;
        seqs.blocks[req] = 0;
        observer.finished(req, now);
        requests.release(req);
      }
    }
    p.running.length = w;
  };

  const endStep = (p: Pod, now: number) => {
    for (let i = 0; i < p.stepReq.length; i++) {
      const req = p.stepReq[i]!;
      seqs.computed[req]! += p.stepTok[i]!;
      if (seqs.computed[req] === known(req)) {
        seqs.generated[req]! += 1;
        p.generated++;
        if (seqs.generated[req] === 1) {
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
      seqs.computed[req]! += k;
      seqs.generated[req]! += k;
      const held = Math.max(seqs.blocks[req]!, blocksFor(p, seqs.computed[req]!));
      p.free -= held - seqs.blocks[req]!;
      seqs.blocks[req] = held;
    }
    p.generated += k * p.running.length;
    p.iterations += k;
    retire(p, now);
  };

  const next = (p: Pod, pod: number, now: number) => {
    p.mode = Mode.Idle;
    p.end = NaN;
    if (p.running.length === 0 && p.waiting.length === 0) return;
    const n = policy.cruiseLength(p);
    if (n > 0) {
      let c0 = 0;
      for (const req of p.running) c0 += seqs.computed[req]! + 1;
      p.cruise = cruiseOf(p.perf.decodeLine(p.running.length), p.running.length, c0);
      p.cruiseStart = now;
      p.cruiseN = n;
      p.mode = Mode.Cruise;
      schedule(p, pod, now + cruiseTime(p.cruise, n));
      return;
    }
    policy.form(p);
    if (p.stepReq.length === 0) return;
    p.mode = Mode.Step;
    schedule(p, pod, now + p.perf.stepTime(policy.shapeOf(p)));
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
        Math.ceil((total - 1) / p.cfg.blockSize) > p.cfg.kvBlocks - p.watermark ||
        (!p.cfg.chunkedPrefill && total - 1 > p.cfg.maxNumBatchedTokens) ||
        requests.outputTokens[req]! < 1;
      if (neverFits) return LlmReject.TooLong;
      if (p.waiting.length >= spec.queueLimit) return LlmReject.QueueFull;
      seqs.ensure(req);
      seqs.computed[req] = 0;
      seqs.generated[req] = 0;
      seqs.blocks[req] = 0;
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
