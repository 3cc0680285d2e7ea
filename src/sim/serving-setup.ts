/**
 * Request handling of a run: admission, routing to Ready pods, the model servers (classic or
 * LLM, per service) and request statistics. A pod's server is built when the pod becomes Ready,
 * for the GPU of the node it landed on.
 */
import { findGpu, findModel } from "../catalog/index.js";
import type { ClassicModel, LlmModel } from "../catalog/index.js";
import { createSampler } from "../engine/index.js";
import type { ClassicServer, LlmServer } from "../scenario/index.js";
import type { ClassicPodSpec, ClassicServers, LlmPerfModel, LlmServers, LlmServiceSpec, RequestTable, Router } from "../serving/index.js";
import { createClassicPerfModel, createClassicServers, createLlmPerfModel, createLlmServers, createRequestTable, createRouter, fitsInMemory, kvBlocks, LlmReject } from "../serving/index.js";
import type { RequestAttrs } from "../traffic/index.js";
import { createServiceStats, RejectReason } from "./collect.js";
import { kvDtypeOf } from "./placement-check.js";
import type { ServiceStats } from "./collect.js";
import type { SimContext } from "./context.js";
import type { StatsSink } from "./slo-windows.js";

export interface ServingSetup {
  readonly requests: RequestTable;
  readonly stats: ServiceStats;
  readonly router: Router;
  readonly servers: ClassicServers;
  readonly llm: LlmServers;
  /** Requests in flight at each pod (routing's load). */
  load(pod: number): number;
  /** Requests delivered to each pod so far (each try of a retried request counts). */
  routed(pod: number): number;
  /** The performance model each LLM pod runs with, by pod id (undefined for classic pods). */
  llmPerf(pod: number): LlmPerfModel | undefined;
  /** Busy time of a pod since it joined: instance-seconds of a classic pod, iterating seconds of an LLM pod. */
  busyArea(pod: number): number;
  /** What busyArea is a share of, per second: a classic pod's instances, 1 for an LLM pod. */
  slots(service: number): number;
  /** Requests waiting at a pod (not yet in service or in a batch). */
  queued(pod: number): number;
  /** Brings the servers' time integrals up to `now`. */
  flush(now: number): void;
  /** A request for `service` arrives now with these attributes. */
  arrive(service: number, now: number, attrs: RequestAttrs): void;
  /** Pod `pod` of `service` is Ready on a node with `gpuType` GPUs (null: none): it joins its service's servers and endpoints. */
  podReady(pod: number, service: number, gpuType: string | null, now: number): void;
  /** Pod `pod` of `service` is terminating: it leaves the endpoints; true while it still holds requests. */
  podTerminating(pod: number, service: number, now: number): boolean;
  /** The pod's grace period ended: its remaining requests fail. */
  abortPod(pod: number, now: number): void;
  /** Installs the hooks of the activator, retries and faults (autoscaling-setup.ts, faults-setup.ts). */
  setHooks(hooks: ServingHooks): void;
  /**
   * Routes a request that is already in flight (held by the activator, or a retry) as if it arrived
   * now; `arrival` is when the client first sent it (latencies count from there).
   */
  dispatch(service: number, now: number, arrival: number, attrs: RequestAttrs, attempt: number): void;
}

/** What other parts of the run add to request handling; each hook is optional. */
export interface ServingHooks {
  /** No pod is Ready: true when the request is held (it stays in flight) instead of rejected. */
  hold?(service: number, now: number, arrival: number, attrs: RequestAttrs, attempt: number): boolean;
  /** A request was cut (its pod was lost): true when it will be retried (it stays in flight). */
  retry?(service: number, now: number, arrival: number, attrs: RequestAttrs, attempt: number): boolean;
  /** A pod of the service became Ready. */
  ready?(service: number, now: number): void;
  /** The pod's machine is gone but the pod is still an endpoint: requests sent to it fail at once. */
  isDown?(pod: number): boolean;
}


/** `drained(pod, now)` hears that a terminating pod has finished its last request. */
export function setupServing(cx: SimContext, maxInFlight: number, drained: (pod: number, now: number) => void, sink?: StatsSink): ServingSetup {
  const { engine, scenario } = cx;
  const services = scenario.services;
  const requests = createRequestTable(maxInFlight);
  const stats = createServiceStats(services.length, scenario.warmup, sink);
  const isLlm = services.map((svc) => svc.model.kind === "llm");
  let inFlight: Int32Array = new Int32Array(64);
  let routed: Float64Array = new Float64Array(64);
  let firstTokenAt: Float64Array = new Float64Array(1024);
  // When the client first sent each request (earlier than its slot's arrival after an activator hold or a retry), and its try.
  let originAt: Float64Array = new Float64Array(1024);
  let attemptOf: Int32Array = new Int32Array(1024);
  const perfOfPod: (LlmPerfModel | undefined)[] = [];
  let hooks: ServingHooks = {};

  const done = (req: number) => {
    inFlight[requests.pod[req]!]! -= 1;
  };
  const attrsOf = (req: number): RequestAttrs => ({
    inputTokens: requests.inputTokens[req]!,
    outputTokens: requests.outputTokens[req]!,
    serviceTime: requests.serviceTime[req]!,
    requestClass: requests.requestClass[req]!,
    hashIds: requests.hashIds[req] ?? null,
  });
  const observer = {
    finished: (req: number, now: number) => {
      done(req);
      const s = requests.service[req]!;
      stats.complete(s, originAt[req]!, requests.start[req]!, now);
      if (isLlm[s]) stats.tokens(s, originAt[req]!, firstTokenAt[req]!, now, requests.inputTokens[req]!, requests.outputTokens[req]!);
    },
    failed: (req: number, now: number) => {
      done(req);
      const s = requests.service[req]!;
      if (hooks.retry?.(s, now, originAt[req]!, attrsOf(req), attemptOf[req]!)) return;
      stats.fail(s, originAt[req]!, now);
    },
    timedOut: (req: number, now: number) => {
      done(req);
      stats.timeout(requests.service[req]!, originAt[req]!, now);
    },
    drained,
  };
  const servers = createClassicServers(engine, requests, observer);
  const llmSpecs: (LlmServiceSpec | null)[] = services.map((svc) => {
    const m = svc.model;
    if (m.kind !== "llm") return null;
    const catalog = findModel(m.id) as LlmModel;
    const sizing = { gpuMemoryUtilization: m.gpuMemoryUtilization, activationReserveBytes: m.activationReserve, blockSize: 16, maxNumBatchedTokens: m.maxNumBatchedTokens, maxNumSeqs: m.maxNumSeqs };
    return {
      config: {
        maxNumSeqs: m.maxNumSeqs,
        maxNumBatchedTokens: m.maxNumBatchedTokens,
        chunkedPrefill: m.chunkedPrefill,
        blockSize: 16,
        prefixBlockTokens: m.prefixCaching ? m.prefixBlockTokens : 0,
        kvReservation: m.kvReservation,
      },
      kvBlocks: (perf) => kvBlocks(perf, sizing),
      maxContext: catalog.maxContext,
      queueLimit: m.queueLimit ?? Infinity,
      timeout: m.timeout ?? Infinity,
    };
  });
  const llm = createLlmServers(engine, requests, llmSpecs, {
    ...observer,
    started: (req, now) => (requests.start[req] = now),
    firstToken: (req, now) => {
      if (firstTokenAt.length <= req) firstTokenAt = grow(firstTokenAt, req + 1);
      firstTokenAt[req] = now;
      stats.firstToken(requests.service[req]!, originAt[req]!, now);
    },
  });
  const router = createRouter(
    services.map((svc) => svc.routing),
    services.map((svc) => cx.stream(`routing/${svc.name}`)),
    { load: (pod) => inFlight[pod] ?? 0, prefixMatch: (pod, ids) => llm.prefixMatch(pod, ids) },
  );

  // Service times of classic pods by service and GPU type: a distribution, or the catalog model's roofline.
  const distributions = services.map((svc) => (svc.model.kind === "classic" && svc.model.serviceTime ? createSampler(svc.model.serviceTime, cx.stream(`serving/${svc.name}/service-time`)) : null));
  const classicPodSpec = (s: number, gpuType: string | null): ClassicPodSpec | null => {
    const m = services[s]!.model as ClassicServer;
    const gpu = gpuType === null ? undefined : findGpu(gpuType);
    const catalog = m.id === undefined ? undefined : (findModel(m.id) as ClassicModel);
    const roofline = catalog && gpu ? createClassicPerfModel(catalog, gpu, m.dtype, m.steps === undefined ? { stack: m.stack } : { stack: m.stack, steps: m.steps }) : null;
    // Instances of a pod share its GPU: timed at the share each gets when all of them are busy.
    const draw = distributions[s] ?? (roofline ? () => roofline.sharedBatchTime(1, m.concurrency) : null);
    const b = m.batching;
    const batchTime = b?.batchTime ? (n: number) => b.batchTime!.fixed + n * b.batchTime!.perItem : roofline ? (n: number) => roofline.sharedBatchTime(n, m.concurrency) : null;
    if (b === undefined ? draw === null : batchTime === null) {
      cx.warn(`service ${services[s]!.name}: pods on nodes without a GPU cannot time model "${m.id}" (give serviceTime, or batching.batchTime): they receive no requests`);
      return null;
    }
    return {
      service: s,
      concurrency: m.concurrency,
      queueLimit: m.queueLimit ?? Infinity,
      timeout: m.timeout ?? Infinity,
      // With batching, batches are timed by batchTime and a single request's draw is never taken.
      serviceTime: draw ?? (() => batchTime!(1)),
      batching: b ? { maxBatchSize: b.maxBatchSize, maxQueueDelay: b.maxQueueDelay, batchTime: batchTime! } : null,
    };
  };
  const llmPerfOf = (s: number, gpuType: string | null): LlmPerfModel | null => {
    const m = services[s]!.model as LlmServer;
    const gpu = gpuType === null ? undefined : findGpu(gpuType);
    if (!gpu) {
      cx.warn(`service ${services[s]!.name}: an LLM pod landed on a node without GPUs: it receives no requests (request nvidia.com/gpu)`);
      return null;
    }
    const perf = createLlmPerfModel({ model: findModel(m.id) as LlmModel, gpu, tensorParallel: m.tensorParallel, weightDtype: m.dtype, kvDtype: kvDtypeOf(m) }, { mode: m.perfModel });
    if (m.perfModel === "profile" && perf.mode !== "profile") {
      cx.warn(`service ${services[s]!.name}: perfModel profile: no measured profile covers ${m.id} (${m.dtype}) on ${m.tensorParallel} × ${gpu.id}: timed by the roofline`);
    }
    const sizing = { gpuMemoryUtilization: m.gpuMemoryUtilization, activationReserveBytes: m.activationReserve, blockSize: 16, maxNumBatchedTokens: m.maxNumBatchedTokens, maxNumSeqs: m.maxNumSeqs };
    if (!fitsInMemory(perf, sizing) || kvBlocks(perf, sizing) === 0) {
      cx.warn(`service ${services[s]!.name}: ${m.id} (${m.dtype}) does not fit on ${m.tensorParallel} × ${gpu.id} with gpuMemoryUtilization ${m.gpuMemoryUtilization}: its pods receive no requests`);
      return null;
    }
    return perf;
  };
  const classicSpecs = new Map<string, ClassicPodSpec | null>();
  const llmPerfs = new Map<string, LlmPerfModel | null>();
  const memo = <T>(map: Map<string, T>, key: string, make: () => T): T => {
    if (!map.has(key)) map.set(key, make());
    return map.get(key)!;
  };

  /** Sends a request to a Ready pod, or holds, fails or rejects it; `arrival` is when the client first sent it. */
  const route = (s: number, now: number, arrival: number, attrs: RequestAttrs, attempt: number) => {
    const pod = router.pick(s, attrs.hashIds);
    if (pod < 0) {
      if (hooks.hold?.(s, now, arrival, attrs, attempt)) return stats.admit(s, now);
      return stats.reject(s, now, RejectReason.NoEndpoint, arrival);
    }
    if (hooks.isDown?.(pod)) {
      // The connection to a dead machine fails: counted as a failed try.
      stats.admit(s, now);
      if (!hooks.retry?.(s, now, arrival, attrs, attempt)) stats.fail(s, arrival, now);
      return;
    }
    routed[pod]! += 1;
    const req = requests.alloc(s, pod, now);
    if (originAt.length <= req) {
      originAt = grow(originAt, req + 1);
      attemptOf = growInt(attemptOf, req + 1);
    }
    originAt[req] = arrival;
    attemptOf[req] = attempt;
    requests.inputTokens[req] = attrs.inputTokens;
    requests.outputTokens[req] = attrs.outputTokens;
    requests.serviceTime[req] = attrs.serviceTime;
    requests.requestClass[req] = attrs.requestClass;
    requests.hashIds[req] = attrs.hashIds;
    // Counted before admission: an LLM pod may finish a request within admit's own iteration.
    inFlight[pod]! += 1;
    stats.admit(s, now);
    const refused = isLlm[s] ? llm.admit(req, now) : servers.admit(req, now) ? -1 : LlmReject.QueueFull;
    if (refused >= 0) {
      inFlight[pod]! -= 1;
      stats.unadmit(s, now);
      requests.release(req);
      stats.reject(s, now, refused === LlmReject.TooLong ? RejectReason.TooLong : RejectReason.QueueFull, arrival);
    }
  };

  return {
    requests,
    stats,
    router,
    servers,
    llm,
    load: (pod) => inFlight[pod] ?? 0,
    routed: (pod) => routed[pod] ?? 0,
    llmPerf: (pod) => perfOfPod[pod],
    busyArea: (pod) => (perfOfPod[pod] ? llm.stats(pod).busyTime : servers.busyArea(pod)),
    slots: (s) => (services[s]!.model.kind === "classic" ? (services[s]!.model as ClassicServer).concurrency : 1),
    queued: (pod) => (perfOfPod[pod] ? llm.stats(pod).waiting : servers.queued(pod)),
    flush(now) {
      servers.flush(now);
      llm.flush(now);
    },
    arrive(s, now, attrs) {
      if (requests.inUse >= maxInFlight) {
        engine.halt(
          `more than ${maxInFlight} requests in flight at t=${now}s: service "${services[s]!.name}" cannot keep up with its traffic; give it more replicas or a queueLimit`,
        );
        return;
      }
      stats.arrive(s, now);
      route(s, now, now, attrs, 0);
    },
    dispatch(s, now, arrival, attrs, attempt) {
      stats.unadmit(s, now);
      route(s, now, arrival, attrs, attempt);
    },
    setHooks(h) {
      hooks = h;
    },
    podReady(pod, s, gpuType, now) {
      if (inFlight.length <= pod) inFlight = growInt(inFlight, pod + 1);
      if (routed.length <= pod) routed = grow(routed, pod + 1);
      if (isLlm[s]) {
        const perf = memo(llmPerfs, `${s}/${gpuType}`, () => llmPerfOf(s, gpuType));
        if (perf === null) return;
        perfOfPod[pod] = perf;
        llm.addPod(pod, s, perf, now);
      } else {
        const spec = memo(classicSpecs, `${s}/${gpuType}`, () => classicPodSpec(s, gpuType));
        if (spec === null) return;
        servers.addPod(pod, spec, now);
      }
      router.addReady(s, pod);
      hooks.ready?.(s, now);
    },
    podTerminating(pod, s, now) {
      router.removeReady(s, pod);
      return isLlm[s] ? llm.drain(pod, now) : servers.drain(pod, now);
    },
    abortPod: (pod, now) => {
      servers.abort(pod, now);
      llm.abort(pod, now);
    },
  };
}

function grow(a: Float64Array, size: number): Float64Array {
  const b = new Float64Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

function growInt(a: Int32Array, size: number): Int32Array {
  const b = new Int32Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
