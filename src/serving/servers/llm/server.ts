/**
 * vLLM-like LLM servers, one per Ready pod: continuous batching with max sequences and max
 * batched tokens, prefill (optionally chunked) then decode, a KV cache of fixed blocks with
 * preemption by recompute, and prefix caching by hash. Iterations that change the batch run one
 * event each; runs of decode-only iterations are skipped in closed form (./cruise.ts) and cut
 * short when a request arrives. The iteration formed where a cruise is cut needs no event of its
 * own: its duration is known in advance (the batch policy's stepAfterCruise), so the boundary's
 * timer goes straight to its end, and the batch is formed at the cut, lazily, by the first
 * event that looks at the pod after it. The per-iteration policy is specified by
 * test/support/llm-reference.ts.
 */
import { InvariantError, Priority } from "../../../engine/index.js";
import type { Engine, HandlerTable, TimerId } from "../../../engine/index.js";
import { ADMITTED, RejectReason } from "../../contract.js";
import type { RequestTable } from "../../requests.js";
import { LlmEvent } from "./api.js";
import type { LlmObserver, LlmServerOptions, LlmServers, LlmServiceSpec } from "./api.js";
import { createBatchPolicy, Mode, SEQ_COLUMNS } from "./batch.js";
import type { Pod } from "./batch.js";
import type { LlmServerConfig } from "./config.js";
import { createCruise, cruiseOf, cruiseTime, iterationsBy } from "./cruise.js";
import { createPod } from "./pod.js";

export { LlmEvent } from "./api.js";
export type { LlmObserver, LlmPodStats, LlmServerOptions, LlmServers, LlmServiceSpec } from "./api.js";

export function createLlmServers(
  engine: Engine,
  requests: RequestTable,
  services: readonly (LlmServiceSpec | null)[],
  observer: LlmObserver,
  options: LlmServerOptions = {},
): LlmServers {
  const planCuts = options.planCuts ?? true;
  const pods: Pod[] = [];
  const seqs = requests.columns(SEQ_COLUMNS);
  const clock = { now: 0 };
  const policy = createBatchPolicy(requests, seqs, (req) => observer.started(req, clock.now));
  const draining = new Set<number>();
  const joined: number[] = [];
  const dead = new Set<number>();
  /** Each pod's iteration boundary: one timer, moved when an arrival cuts a cruise short. */
  const boundary: TimerId[] = [];
  const { known } = policy;

  const account = (p: Pod, now: number) => {
    const dt = now - p.lastT;
    p.batchArea += p.running.length * dt;
    p.kvArea += (p.cfg.kvBlocks - p.free) * dt;
    if (p.mode !== Mode.Idle) p.busyTime += dt;
    p.lastT = now;
  };

  const schedule = (p: Pod, pod: number, at: number) => {
    p.end = at;
    engine.setTimer(boundary[pod]!, at);
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
    // Popped rather than cut by setting the length (a slower, generic path in V8).
    while (p.running.length > w) p.running.pop();
  };

  const endStep = (p: Pod, now: number) => {
    // Between iterations no running sequence has all its output (retire removed it): only one
    // that produced a token in this step may have finished.
    let finished = false;
    for (let i = 0; i < p.stepCount; i++) {
      const req = p.stepReq[i]!;
      seqs.computed[req]! += p.stepTok[i]!;
      if (seqs.computed[req] === known(req)) {
        const g = (seqs.generated[req]! += 1);
        p.generated++;
        if (g >= requests.outputTokens[req]!) finished = true;
        if (g === 1) {
          observer.firstToken(req, now);
          const ids = requests.hashIds[req];
          if (p.prefix !== null && ids) p.prefix.insert(ids, Math.floor(requests.inputTokens[req]! / p.cfg.prefixBlockTokens));
        }
      }
    }
    p.iterations++;
    if (finished) retire(p, now);
  };

  /**
   * What endCruise found of the sequences still running after it (all decoding): the fewest output
   * tokens any has left, and Σ (computed + 1) — cruiseLength's pass, done in endCruise's.
   */
  let leftAfterCruise = Infinity;
  let contextAfterCruise = 0;

  /** Applies k decode iterations of the cruise to every running sequence. */
  const endCruise = (p: Pod, k: number, now: number) => {
    const { computed, generated, blocks } = seqs;
    const { running } = p;
    const size = p.cfg.blockSize;
    let grown = 0;
    let finished = false;
    let left = Infinity;
    let context = 0;
    for (let i = 0; i < running.length; i++) {
      const req = running[i]!;
      const c = computed[req]! + k;
      const g = generated[req]! + k;
      computed[req] = c;
      generated[req] = g;
      // blocksFor, inlined: the blocks grow to hold the tokens now in the cache.
      const need = Math.ceil(c / size);
      if (need > blocks[req]!) {
        grown += need - blocks[req]!;
        blocks[req] = need;
      }
      const out = requests.outputTokens[req]!;
      if (g >= out) finished = true;
      else {
        left = Math.min(left, out - g);
        context += c + 1;
      }
    }
    leftAfterCruise = left;
    contextAfterCruise = context;
    p.free -= grown;
    p.generated += k * running.length;
    p.iterations += k;
    // A cruise cut short finishes no one (it ends before its first finish).
    if (finished) retire(p, now);
  };

  /**
   * The cruise was cut at `b` (after p.cruiseN iterations): when the iteration formed there can
   * be planned, the timer goes to its end and the pod remembers the cut; else to `b`.
   */
  const plan = (p: Pod, pod: number, b: number) => {
    const dt = planCuts ? policy.stepAfterCruise(p, p.cruiseN) : NaN;
    p.cutAt = dt === dt ? b : NaN;
    const at = dt === dt ? b + dt : b;
    if (at !== p.end) schedule(p, pod, at);
  };

  /** Does at p.cutAt what the boundary's event would have done there: end the cruise and form the planned iteration. */
  const settle = (p: Pod, pod: number) => {
    const b = p.cutAt;
    p.cutAt = NaN;
    account(p, b);
    endCruise(p, p.cruiseN, b);
    // The plan admits the front waiting request (else the batch could cruise on, unformed).
    if (!policy.admitsFront(p)) throw new InvariantError(`pod ${pod}: planned iteration at ${b} admits no one`, b, LlmEvent.IterationEnded);
    clock.now = b;
    policy.form(p);
    p.mode = Mode.Step;
    const end = b + p.perf.stepTime(policy.shapeOf(p));
    if (end !== p.end) throw new InvariantError(`pod ${pod}: iteration formed at ${b} ends at ${end}, planned at ${p.end}`, b, LlmEvent.IterationEnded);
  };

  /** Starts the pod's next iteration or cruise; `n` is the batch's cruiseLength. */
  const next = (p: Pod, pod: number, now: number, n: number) => {
    p.mode = Mode.Idle;
    p.end = NaN;
    if (p.running.length === 0 && p.waiting.length === 0) {
      if (draining.delete(pod)) observer.drained(pod, now);
      return;
    }
    if (n > 0) {
      p.cruise = cruiseOf(p.perf.decodeLine(p.running.length), p.running.length, p.cruiseContext, p.cruise ?? createCruise());
      p.cruiseStart = now;
      p.cruiseN = n;
      p.mode = Mode.Cruise;
      schedule(p, pod, now + cruiseTime(p.cruise, n));
      return;
    }
    clock.now = now;
    policy.form(p);
    if (p.stepCount === 0) return;
    p.mode = Mode.Step;
    schedule(p, pod, now + p.perf.stepTime(policy.shapeOf(p)));
  };

  const handlers = {
    [LlmEvent.IterationEnded]: (pod: number, now: number) => {
      const p = pods[pod]!;
      // The boundary is a timer (moved in place, cancelled on abort, which leaves p.end NaN): it fires only when current.
      if (now !== p.end) throw new InvariantError(`pod ${pod}: iteration boundary fired, expected at ${p.end}`, now, LlmEvent.IterationEnded);
      // The planned iteration's end: it was formed at the cut, unless something looked at the pod since.
      if (p.cutAt === p.cutAt) settle(p, pod);
      account(p, now);
      if (p.mode === Mode.Cruise) {
        endCruise(p, p.cruiseN, now);
        next(p, pod, now, policy.cruiseLengthOf(p, leftAfterCruise, contextAfterCruise));
        return;
      }
      if (p.mode === Mode.Step) endStep(p, now);
      next(p, pod, now, policy.cruiseLength(p));
    },
    [LlmEvent.TimedOut]: (req: number, now: number) => {
      // Stale when the request joined a batch, or when the slot now holds a later request.
      if (requests.live[req] !== 1 || seqs.started[req] === 1) return;
      const pod = requests.pod[req]!;
      // The slot may now hold a request of another service, at a pod this server does not run.
      const p = pods[pod];
      if (p === undefined || requests.arrival[req]! + services[p.service]!.timeout !== now) return;
      // Departures at the cut come before it; later ones find the batch formed there.
      if (p.cutAt < now) settle(p, pod);
      if (seqs.started[req] === 1 || !p.waiting.remove(req)) return;
      observer.timedOut(req, now);
      requests.release(req);
      // It leaves before the cut: the iteration planned there goes without it.
      if (p.cutAt === p.cutAt) plan(p, pod, p.cutAt);
      if (p.mode === Mode.Idle && p.running.length === 0 && p.waiting.length === 0 && draining.delete(pod)) observer.drained(pod, now);
    },
  } satisfies HandlerTable<LlmEvent>;
  // After arrivals at the same instant, so that they join the batch formed at this boundary.
  const codes = engine.on(handlers, { [LlmEvent.IterationEnded]: Priority.Control, [LlmEvent.TimedOut]: Priority.Departure });

  return {
    addPod(pod, service, perf, now) {
      const spec = services[service];
      if (!spec) throw new Error(`service ${service} has no LLM server`);
      // An aborted pod may join again: its container restarted (CrashLoopBackOff).
      if (pods[pod] !== undefined && !dead.delete(pod)) throw new Error(`pod ${pod} joined twice`);
      // A literal with its fields in one order, not a spread: every pod's config then has one
      // shape, and the batch policy's reads of it stay monomorphic (spread copies came in many).
      const c = spec.config;
      const cfg: LlmServerConfig = {
        maxNumSeqs: c.maxNumSeqs,
        maxNumBatchedTokens: c.maxNumBatchedTokens,
        chunkedPrefill: c.chunkedPrefill,
        kvBlocks: spec.kvBlocks(perf),
        blockSize: c.blockSize,
        prefixBlockTokens: c.prefixBlockTokens,
        kvReservation: c.kvReservation,
      };
      const old = pods[pod];
      joined[pod] ??= now;
      boundary[pod] ??= engine.timer(codes[LlmEvent.IterationEnded], pod);
      pods[pod] = createPod(service, cfg, perf, old, now);
    },
    admit(req, now) {
      const pod = requests.pod[req]!;
      const p = pods[pod]!;
      // Arrivals at the cut come before it (it is a later-priority event): they may join there.
      if (p.cutAt < now) settle(p, pod);
      const spec = services[p.service]!;
      const prompt = requests.inputTokens[req]!;
      const total = prompt + requests.outputTokens[req]!;
      const neverFits =
        total > spec.maxContext ||
        Math.ceil((total - 1) / p.cfg.blockSize) > p.cfg.kvBlocks - p.watermark ||
        (!p.cfg.chunkedPrefill && total - 1 > p.cfg.maxNumBatchedTokens) ||
        requests.outputTokens[req]! < 1;
      if (neverFits) return RejectReason.TooLong;
      if (p.waiting.length >= spec.queueLimit) return RejectReason.QueueFull;
      seqs.computed[req] = 0;
      seqs.generated[req] = 0;
      seqs.blocks[req] = 0;
      seqs.started[req] = 0;
      p.waiting.pushBack(req);
      if (spec.timeout !== Infinity) engine.schedule(now + spec.timeout, codes[LlmEvent.TimedOut], req);
      if (p.mode === Mode.Idle && Number.isNaN(p.end)) schedule(p, pod, now);
      else if (p.mode === Mode.Cruise) {
        // The arrival joins at the first iteration boundary at or after it: end the cruise there.
        const k = iterationsBy(p.cruise!, now - p.cruiseStart, p.cruiseN);
        if (k < p.cruiseN) {
          p.cruiseN = k;
          plan(p, pod, Math.max(now, p.cruiseStart + cruiseTime(p.cruise!, k)));
        } else if (p.cutAt === p.cutAt) plan(p, pod, p.cutAt); // it may join the planned iteration
      }
      return ADMITTED;
    },
    stats(pod) {
      const p = pods[pod];
      // Read by routing too: at the cut itself an arrival's routing looks before it.
      if (p !== undefined && p.cutAt < engine.now) settle(p, pod);
      if (!p) return { running: 0, waiting: 0, usedBlocks: 0, kvBlocks: 0, preemptions: 0, prefixQueries: 0, prefixHits: 0, generated: 0, batchArea: 0, kvArea: 0, busyTime: 0, iterations: 0 };
      return {
        running: p.running.length,
        waiting: p.waiting.length,
        usedBlocks: p.cfg.kvBlocks - p.free,
        kvBlocks: p.cfg.kvBlocks,
        preemptions: p.preemptions,
        prefixQueries: p.prefixQueries,
        prefixHits: p.prefixHits,
        generated: p.generated,
        batchArea: p.batchArea,
        kvArea: p.kvArea,
        busyTime: p.busyTime,
        iterations: p.iterations,
      };
    },
    prefixMatch: (pod, ids) => pods[pod]?.prefix?.peekPrefix(ids) ?? 0,
    joinedAt: (pod) => joined[pod] ?? NaN,
    flush(now) {
      for (let pod = 0; pod < pods.length; pod++) {
        const p = pods[pod];
        if (p === undefined) continue;
        if (p.cutAt <= now) settle(p, pod);
        account(p, now);
      }
    },
    drain(pod, now) {
      const p = pods[pod];
      if (!p || dead.has(pod)) return false;
      if (p.cutAt <= now) settle(p, pod);
      account(p, now);
      if (p.running.length === 0 && p.waiting.length === 0) return false;
      draining.add(pod);
      return true;
    },
    abort(pod, now) {
      const p = pods[pod];
      if (!p || dead.has(pod)) return;
      if (p.cutAt <= now) settle(p, pod);
      p.cutAt = NaN;
      account(p, now);
      dead.add(pod);
      draining.delete(pod);
      engine.cancelTimer(boundary[pod]!);
      const cut = (req: number) => {
        observer.failed(req, now);
        requests.release(req);
      };
      for (const req of p.running) cut(req);
      while (p.waiting.length > 0) cut(p.waiting.popFront());
      p.running.length = 0;
      p.free = p.cfg.kvBlocks;
      p.mode = Mode.Idle;
      p.end = NaN;
    },
  };
}
