/**
 * The serving plane of a run: admission, routing to Ready pods, the model servers of each kind,
 * and the request table. Arrivals are routed to a pod of their service and admitted by its server;
 * the plane reports every outcome to its observer, and asks its hooks (activator, retries) about
 * requests it cannot place.
 */
import type { Engine, Stream, StreamName } from "../engine/index.js";
import { ADMITTED, RejectReason } from "./contract.js";
import type { BatchingSummary, ModelServer, PodLoad, ServedService, ServerEvents } from "./contract.js";
import type { HeldRequest, HookPort, RequestHooks } from "./hooks.js";
import type { RequestInput, RequestObserver, RequestOutcome, RequestRecord } from "./observer.js";
import { createRequestTable } from "./requests.js";
import type { RequestTable } from "./requests.js";
import { createRouter } from "./routing/index.js";
import type { RoutingRegistry, RoutingSpec } from "./routing/index.js";
import { serverKinds } from "./servers/registry.js";
import type { ServerModel, ServerRegistry } from "./servers/registry.js";

/** A service as the plane serves it. */
export interface ServiceServing<M extends { readonly kind: string } = ServerModel> {
  readonly name: string;
  readonly model: M;
  readonly routing: RoutingSpec;
}

export interface ServingPlaneOptions<H extends RequestHooks> {
  readonly engine: Engine;
  readonly services: readonly ServiceServing<{ readonly kind: string }>[];
  /** Most requests in flight at once before the run halts (an overloaded system without queue limits). */
  readonly maxInFlight: number;
  readonly observer: RequestObserver;
  /** The run's named random streams. */
  readonly stream: (name: StreamName) => Stream;
  readonly warn: (message: string) => void;
  /** Builds the hooks (activator, retries), which hand requests back through the port. */
  readonly hooks?: (port: HookPort) => H;
  /** Server kinds by name (default: the built-in ones). */
  readonly kinds?: ServerRegistry;
  /** Routing policies by name (default: the built-in ones). */
  readonly policies?: RoutingRegistry;
  /** Hears each request at its outcome, with its pod, class, tokens and times (per-request logs). */
  readonly record?: (r: RequestRecord) => void;
}

export interface ServingPlane<H extends RequestHooks = RequestHooks> {
  readonly requests: RequestTable;
  /** What `hooks` built. */
  readonly hooks: H;
  /** A request for `service` arrives now from its traffic source. */
  arrive(service: number, now: number, input: RequestInput): void;
  /** Pod `pod` of `service` is Ready on a node with `gpuType` GPUs (null: none): it joins its service's servers and endpoints. */
  podReady(pod: number, service: number, gpuType: string | null, now: number): void;
  /** Pod `pod` of `service` is terminating: it leaves the endpoints; true while it still holds requests. */
  podTerminating(pod: number, service: number, now: number): boolean;
  /** The pod's grace period ended (or it crashed): its remaining requests fail. */
  abortPod(pod: number, service: number, now: number): void;
  /**
   * The pod's machine is gone: its requests fail now, and requests routed to it fail at once
   * (a failed connection) while it stays an endpoint, until `removeEndpoint` or its termination.
   */
  podDown(pod: number, service: number, now: number): void;
  /** Whether the pod's machine is gone while it is still an endpoint. */
  isDown(pod: number): boolean;
  /** The endpoints controller drops the pod (its node is NotReady). */
  removeEndpoint(pod: number, service: number): void;
  /** Ready pods of a service (its endpoints), in the order they became Ready. */
  readyPods(service: number): readonly number[];
  /** Requests in flight at each pod (routing's load). */
  inFlight(pod: number): number;
  /** Requests delivered to each pod so far (each try of a retried request counts). */
  routed(pod: number): number;
  /** Requests waiting at a pod (not yet in service or in a batch). */
  queued(pod: number): number;
  /** Busy slot-seconds of a pod since it joined, up to the last flush. */
  busyArea(pod: number): number;
  /** Slots a pod of the service offers (what busyArea is a share of, per second). */
  slots(service: number): number;
  /** Whether the service's requests produce output tokens (its server kind streams them). */
  producesTokens(service: number): boolean;
  load(pod: number): PodLoad;
  /** A batching server's figures over the pod's life (null for other pods). */
  summary(pod: number, now: number): BatchingSummary | null;
  /** Brings the servers' time integrals up to `now`. */
  flush(now: number): void;
}

const NO_LOAD: PodLoad = { generated: 0, preemptions: 0, kvUsed: 0, kvCapacity: 0 };

/** The array itself, or a copy at least `size` long (doubling) when it is too short. */
function grown<A extends Float64Array | Int32Array>(a: A, size: number, make: (n: number) => A): A {
  if (size <= a.length) return a;
  const b = make(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

export function createServingPlane<H extends RequestHooks = RequestHooks>(o: ServingPlaneOptions<H>): ServingPlane<H> {
  const { engine, services, observer, maxInFlight } = o;
  const requests = createRequestTable(maxInFlight);
  let inFlight = new Int32Array(64);
  let routed = new Float64Array(64);
  /** Service of each pod that became Ready (−1 before). */
  let serviceOfPod = new Int32Array(64).fill(-1);
  /** Pods whose machine is gone while they are still endpoints. */
  const down = new Set<number>();

  const done = (req: number) => {
    inFlight[requests.pod[req]!]! -= 1;
  };
  const record = o.record;
  const recordOf = (req: number, outcome: RequestOutcome, now: number) =>
    record?.({
      service: requests.service[req]!,
      pod: requests.pod[req]!,
      origin: requests.origin[req]!,
      start: requests.start[req]!,
      firstToken: requests.firstToken[req]!,
      end: now,
      requestClass: requests.requestClass[req]!,
      inputTokens: requests.inputTokens[req]!,
      outputTokens: requests.outputTokens[req]!,
      outcome,
      reason: -1,
    });
  /** A request that ended without reaching a server (no pod, a dead pod, a full queue): what the traffic gave of it. */
  const recordBare = (s: number, pod: number, origin: number, input: RequestInput | null, outcome: RequestOutcome, reason: number, now: number) =>
    record?.({ service: s, pod, origin, start: NaN, firstToken: NaN, end: now, requestClass: input?.requestClass ?? -1, inputTokens: input?.inputTokens ?? 0, outputTokens: input?.outputTokens ?? 0, outcome, reason });
  const inputOf = (req: number): RequestInput => ({
    inputTokens: requests.inputTokens[req]!,
    outputTokens: requests.outputTokens[req]!,
    serviceTime: requests.serviceTime[req]!,
    requestClass: requests.requestClass[req]!,
    hashIds: requests.hashIds[req] ?? null,
  });
  const events: ServerEvents = {
    firstToken(req, now) {
      requests.firstToken[req] = now;
      observer.firstToken(requests.service[req]!, requests.origin[req]!, now);
    },
    finished(req, now) {
      done(req);
      recordOf(req, "completed", now);
      observer.completed(requests.service[req]!, requests.origin[req]!, requests.start[req]!, requests.firstToken[req]!, now, requests.inputTokens[req]!, requests.outputTokens[req]!);
    },
    failed(req, now) {
      done(req);
      const s = requests.service[req]!;
      if (hooks.retry?.(s, now, { origin: requests.origin[req]!, input: inputOf(req), attempt: requests.attempt[req]! })) return;
      recordOf(req, "failed", now);
      observer.failed(s, requests.origin[req]!, now);
    },
    timedOut(req, now) {
      done(req);
      recordOf(req, "timedOut", now);
      observer.timedOut(requests.service[req]!, requests.origin[req]!, now);
    },
    drained: (pod, now) => observer.drained(pod, now),
  };

  // One server per kind in use, serving every service of that kind.
  const kinds: ServerRegistry = o.kinds ?? serverKinds;
  const serverOf: ModelServer[] = [];
  const tokens = services.map((svc) => kinds[svc.model.kind]?.tokens === true);
  const servers: ModelServer[] = [];
  for (const [name, kind] of Object.entries(kinds)) {
    const mine: ServedService<{ readonly kind: string }>[] = [];
    services.forEach((svc, index) => svc.model.kind === name && mine.push({ index, name: svc.name, model: svc.model }));
    if (mine.length === 0) continue;
    const server = kind.create(mine, { engine, requests, events, stream: (s, n) => o.stream(`serving/${services[s]!.name}/${n}`), warn: o.warn });
    servers.push(server);
    for (const svc of mine) serverOf[svc.index] = server;
  }
  services.forEach((svc, s) => {
    if (serverOf[s] === undefined) throw new Error(`service ${svc.name}: unknown model kind "${svc.model.kind}" (expected ${Object.keys(kinds).join(" | ")})`);
  });
  const serverOfPod = (pod: number): ModelServer | undefined => serverOf[serviceOfPod[pod] ?? -1];

  const kvUsage = (pod: number) => {
    const l = serverOfPod(pod)?.load(pod);
    return l !== undefined && l.kvCapacity > 0 ? l.kvUsed / l.kvCapacity : 0;
  };
  const router = createRouter(
    services.map((svc) => svc.routing),
    services.map((svc) => o.stream(`routing/${svc.name}`)),
    {
      load: (pod) => inFlight[pod] ?? 0,
      queued: (pod) => serverOfPod(pod)?.queued(pod) ?? 0,
      kvUsage,
      prefixMatch: (pod, ids) => serverOfPod(pod)?.prefixMatch?.(pod, ids) ?? 0,
    },
    o.policies,
  );

  /** Sends a request to a Ready pod, or holds, fails or rejects it; `origin` is when the client first sent it. */
  const route = (s: number, now: number, origin: number, input: RequestInput, attempt: number) => {
    const pod = router.pick(s, input.hashIds);
    if (pod < 0) {
      if (hooks.hold?.(s, now, { origin, input, attempt })) return observer.admitted(s, now);
      recordBare(s, -1, origin, input, "rejected", RejectReason.NoEndpoint, now);
      return observer.rejected(s, now, RejectReason.NoEndpoint, origin);
    }
    if (down.has(pod)) {
      // The connection to a dead machine fails: counted as a failed try.
      observer.admitted(s, now);
      if (!hooks.retry?.(s, now, { origin, input, attempt })) {
        recordBare(s, pod, origin, input, "failed", -1, now);
        observer.failed(s, origin, now);
      }
      return;
    }
    routed[pod]! += 1;
    const req = requests.alloc(s, pod, now);
    requests.origin[req] = origin;
    requests.attempt[req] = attempt;
    requests.inputTokens[req] = input.inputTokens;
    requests.outputTokens[req] = input.outputTokens;
    requests.serviceTime[req] = input.serviceTime;
    requests.requestClass[req] = input.requestClass;
    requests.hashIds[req] = input.hashIds;
    // Counted before admission: an LLM pod may finish a request within admit's own iteration.
    inFlight[pod]! += 1;
    observer.admitted(s, now);
    const verdict = serverOf[s]!.admit(req, now);
    if (verdict !== ADMITTED) {
      inFlight[pod]! -= 1;
      observer.withdrawn(s, now);
      requests.release(req);
      recordBare(s, pod, origin, input, "rejected", verdict, now);
      observer.rejected(s, now, verdict, origin);
    }
  };

  const port: HookPort = {
    dispatch(s, now, r: HeldRequest) {
      observer.withdrawn(s, now);
      route(s, now, r.origin, r.input, r.attempt);
    },
    timedOut: (s, origin, now) => {
      recordBare(s, -1, origin, null, "timedOut", -1, now);
      observer.timedOut(s, origin, now);
    },
  };
  const hooks: H = o.hooks ? o.hooks(port) : ({} as H);

  return {
    requests,
    hooks,
    arrive(s, now, input) {
      if (requests.inUse >= maxInFlight) {
        // Blame the service that holds the most of them, not the one whose arrival hit the cap.
        const held = new Float64Array(services.length);
        for (let pod = 0; pod < serviceOfPod.length; pod++) if (serviceOfPod[pod]! >= 0) held[serviceOfPod[pod]!]! += inFlight[pod] ?? 0;
        const worst = held.reduce((w, n, i) => (n > held[w]! ? i : w), s);
        engine.halt(`more than ${maxInFlight} requests in flight at t=${now}s: service "${services[worst]!.name}" holds ${held[worst]} of them and cannot keep up with its traffic; give it more replicas or a queueLimit`);
        return;
      }
      observer.arrived(s, now);
      route(s, now, now, input, 0);
    },
    podReady(pod, s, gpuType, now) {
      inFlight = grown(inFlight, pod + 1, (n) => new Int32Array(n));
      routed = grown(routed, pod + 1, (n) => new Float64Array(n));
      if (serviceOfPod.length <= pod) serviceOfPod = grown(serviceOfPod, pod + 1, (n) => new Int32Array(n).fill(-1));
      serviceOfPod[pod] = s;
      if (!serverOf[s]!.addPod(pod, s, gpuType, now)) return;
      router.addReady(s, pod);
      hooks.ready?.(s, now);
    },
    podTerminating(pod, s, now) {
      router.removeReady(s, pod);
      down.delete(pod);
      return serverOf[s]!.drain(pod, now);
    },
    abortPod: (pod, s, now) => serverOf[s]!.abort(pod, now),
    podDown(pod, s, now) {
      down.add(pod);
      serverOf[s]!.abort(pod, now);
    },
    isDown: (pod) => down.has(pod),
    removeEndpoint: (pod, s) => router.removeReady(s, pod),
    readyPods: (s) => router.readyPods(s),
    inFlight: (pod) => inFlight[pod] ?? 0,
    routed: (pod) => routed[pod] ?? 0,
    queued: (pod) => serverOfPod(pod)?.queued(pod) ?? 0,
    busyArea: (pod) => serverOfPod(pod)?.busyArea(pod) ?? 0,
    slots: (s) => serverOf[s]!.slots(s),
    producesTokens: (s) => tokens[s]!,
    load: (pod) => serverOfPod(pod)?.load(pod) ?? NO_LOAD,
    summary: (pod, now) => serverOfPod(pod)?.summary(pod, now) ?? null,
    flush(now) {
      for (const server of servers) server.flush(now);
    },
  };
}
