/**
 * The serving plane of a run: admission, routing to Ready pods, the model servers of each kind,
 * and the request table. Arrivals are routed to a pod of their service and admitted by its server;
 * the plane reports every outcome to its observer, and asks its hooks (activator, retries) about
 * requests it cannot place.
 */
import type { Engine, Stream, StreamName } from "../engine/index.js";
import type { ContainerExit } from "../cluster/index.js";
import { ADMITTED, RejectReason } from "./contract.js";
import type { BatchingSummary, ModelServer, PodLoad, ServedService, ServerEvents } from "./contract.js";
import type { HeldRequest, HookPort, RequestHooks } from "./hooks.js";
import type { RequestInput, RequestObserver, RequestOutcome, RequestRecord } from "./observer.js";
import { createRequestTable } from "./requests.js";
import type { RequestTable } from "./requests.js";
import { createRouter } from "./routing/index.js";
import type { Router, RoutingRegistry, RoutingSpec } from "./routing/index.js";
import { serverKinds } from "./servers/registry.js";
import type { ServerModel, ServerRegistry } from "./servers/registry.js";
import { grown } from "./grown.js";

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
  /** Why a pod of `service` on a node with `gpuType` GPUs cannot start its server (its model does not fit: OOMKilled), or null. */
  startFailure(service: number, gpuType: string | null): ContainerExit | null;
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

export function createServingPlane<H extends RequestHooks = RequestHooks>(o: ServingPlaneOptions<H>): ServingPlane<H> {
  return new Plane(o);
}

/**
 * The plane as a class rather than closures: every run in a process shares one optimised copy of
 * the per-request path (route, admission, outcomes), instead of code specialised to the first
 * run's closures. It is also the servers' `ServerEvents`.
 */
class Plane<H extends RequestHooks> implements ServingPlane<H>, ServerEvents {
  readonly requests: RequestTable;
  readonly hooks: H;
  private readonly engine: Engine;
  private readonly services: readonly ServiceServing<{ readonly kind: string }>[];
  private readonly observer: RequestObserver;
  private readonly maxInFlight: number;
  private inFlightOf = new Int32Array(64);
  private routedTo = new Float64Array(64);
  /** Service of each pod that became Ready (−1 before). */
  private serviceOfPod = new Int32Array(64).fill(-1);
  /** Pods whose machine is gone while they are still endpoints. */
  private readonly down = new Set<number>();
  /** The server of each service; one server per kind in use serves every service of that kind. */
  private readonly serverOf: ModelServer[] = [];
  private readonly servers: ModelServer[] = [];
  private readonly tokens: boolean[];
  private readonly router: Router;
  private readonly record: ((r: RequestRecord) => void) | null;

  constructor(o: ServingPlaneOptions<H>) {
    const { engine, services } = o;
    this.engine = engine;
    this.services = services;
    this.observer = o.observer;
    this.maxInFlight = o.maxInFlight;
    this.requests = createRequestTable(o.maxInFlight);
    const kinds: ServerRegistry = o.kinds ?? serverKinds;
    this.tokens = services.map((svc) => kinds[svc.model.kind]?.tokens === true);
    for (const [name, kind] of Object.entries(kinds)) {
      const mine: ServedService<{ readonly kind: string }>[] = [];
      services.forEach((svc, index) => svc.model.kind === name && mine.push({ index, name: svc.name, model: svc.model }));
      if (mine.length === 0) continue;
      const server = kind.create(mine, { engine, requests: this.requests, events: this, stream: (s, n) => o.stream(`serving/${services[s]!.name}/${n}`), warn: o.warn });
      this.servers.push(server);
      for (const svc of mine) this.serverOf[svc.index] = server;
    }
    services.forEach((svc, s) => {
      if (this.serverOf[s] === undefined) throw new Error(`service ${svc.name}: unknown model kind "${svc.model.kind}" (expected ${Object.keys(kinds).join(" | ")})`);
    });
    const kvUsage = (pod: number) => {
      const l = this.serverOfPod(pod)?.load(pod);
      return l !== undefined && l.kvCapacity > 0 ? l.kvUsed / l.kvCapacity : 0;
    };
    this.router = createRouter(
      services.map((svc) => svc.routing),
      services.map((svc) => o.stream(`routing/${svc.name}`)),
      {
        load: (pod) => this.inFlightOf[pod] ?? 0,
        queued: (pod) => this.serverOfPod(pod)?.queued(pod) ?? 0,
        kvUsage,
        prefixMatch: (pod, ids) => this.serverOfPod(pod)?.prefixMatch?.(pod, ids) ?? 0,
      },
      o.policies,
    );
    const port: HookPort = {
      dispatch: (s, now, r: HeldRequest) => {
        this.observer.withdrawn(s, now);
        this.route(s, now, r.origin, r.input, r.attempt);
      },
      timedOut: (s, origin, now) => {
        this.recordBare(s, -1, origin, null, "timedOut", -1, now);
        this.observer.timedOut(s, origin, now);
      },
    };
    this.record = o.record ?? null;
    this.hooks = o.hooks ? o.hooks(port) : ({} as H);
  }

  private serverOfPod(pod: number): ModelServer | undefined {
    return this.serverOf[this.serviceOfPod[pod] ?? -1];
  }

  private done(req: number): void {
    this.inFlightOf[this.requests.pod[req]!]! -= 1;
  }

  private inputOf(req: number): RequestInput {
    const r = this.requests;
    return { inputTokens: r.inputTokens[req]!, outputTokens: r.outputTokens[req]!, serviceTime: r.serviceTime[req]!, requestClass: r.requestClass[req]!, hashIds: r.hashIds[req] ?? null };
  }

  // ServerEvents: what the model servers report about a request.
  firstToken(req: number, now: number): void {
    const r = this.requests;
    r.firstToken[req] = now;
    this.observer.firstToken(r.service[req]!, r.origin[req]!, now);
  }

  finished(req: number, now: number): void {
    this.done(req);
    // Tested here rather than inside: a call that never runs costs the JIT no inlining budget.
    if (this.record !== null) this.recordOf(req, "completed", now);
    const r = this.requests;
    this.observer.completed(r.service[req]!, r.origin[req]!, r.start[req]!, r.firstToken[req]!, now, r.inputTokens[req]!, r.outputTokens[req]!);
  }

  failed(req: number, now: number): void {
    this.done(req);
    const r = this.requests;
    const s = r.service[req]!;
    if (this.hooks.retry?.(s, now, { origin: r.origin[req]!, input: this.inputOf(req), attempt: r.attempt[req]! })) return;
    this.recordOf(req, "failed", now);
    this.observer.failed(s, r.origin[req]!, now);
  }

  timedOut(req: number, now: number): void {
    this.done(req);
    this.recordOf(req, "timedOut", now);
    this.observer.timedOut(this.requests.service[req]!, this.requests.origin[req]!, now);
  }

  /** Hands a request that reached a server to the per-request log. */
  private recordOf(req: number, outcome: RequestOutcome, now: number): void {
    const r = this.requests;
    this.record?.({
      service: r.service[req]!,
      pod: r.pod[req]!,
      origin: r.origin[req]!,
      start: r.start[req]!,
      firstToken: r.firstToken[req]!,
      end: now,
      requestClass: r.requestClass[req]!,
      inputTokens: r.inputTokens[req]!,
      outputTokens: r.outputTokens[req]!,
      outcome,
      reason: -1,
    });
  }

  /** A request that ended without reaching a server (no pod, a dead pod, a full queue): what the traffic gave of it. */
  private recordBare(s: number, pod: number, origin: number, input: RequestInput | null, outcome: RequestOutcome, reason: number, now: number): void {
    this.record?.({ service: s, pod, origin, start: NaN, firstToken: NaN, end: now, requestClass: input?.requestClass ?? -1, inputTokens: input?.inputTokens ?? 0, outputTokens: input?.outputTokens ?? 0, outcome, reason });
  }

  drained(pod: number, now: number): void {
    this.observer.drained(pod, now);
  }

  /** Sends a request to a Ready pod, or holds, fails or rejects it; `origin` is when the client first sent it. */
  private route(s: number, now: number, origin: number, input: RequestInput, attempt: number): void {
    const pod = this.router.pick(s, input.hashIds);
    // The rare cases sit in their own methods, so that this one stays small enough to inline.
    if (pod < 0) return this.noEndpoint(s, now, origin, input, attempt);
    if (this.down.size > 0 && this.down.has(pod)) return this.deadEndpoint(s, pod, now, origin, input, attempt);
    this.routedTo[pod]! += 1;
    const req = this.requests.allocRequest(s, pod, now, origin, attempt, input);
    // Counted before admission: an LLM pod may finish a request within admit's own iteration.
    this.inFlightOf[pod]! += 1;
    this.observer.admitted(s, now);
    const verdict = this.serverOf[s]!.admit(req, now);
    if (verdict !== ADMITTED) this.refused(s, pod, req, verdict, now, origin, input);
  }

  /** The service has no Ready pod: the request is held (an activator) or rejected. */
  private noEndpoint(s: number, now: number, origin: number, input: RequestInput, attempt: number): void {
    if (this.hooks.hold?.(s, now, { origin, input, attempt })) return this.observer.admitted(s, now);
    this.recordBare(s, -1, origin, input, "rejected", RejectReason.NoEndpoint, now);
    this.observer.rejected(s, now, RejectReason.NoEndpoint, origin);
  }

  /** The connection to a dead machine fails: counted as a failed try. */
  private deadEndpoint(s: number, pod: number, now: number, origin: number, input: RequestInput, attempt: number): void {
    this.observer.admitted(s, now);
    if (!this.hooks.retry?.(s, now, { origin, input, attempt })) {
      this.recordBare(s, pod, origin, input, "failed", -1, now);
      this.observer.failed(s, origin, now);
    }
  }

  /** The pod's server refused the request (`verdict`): it leaves flight, rejected. */
  private refused(s: number, pod: number, req: number, verdict: RejectReason, now: number, origin: number, input: RequestInput): void {
    this.inFlightOf[pod]! -= 1;
    this.observer.withdrawn(s, now);
    this.requests.release(req);
    this.recordBare(s, pod, origin, input, "rejected", verdict, now);
    this.observer.rejected(s, now, verdict, origin);
  }

  /** A method on the class (the traffic calls it on the plane): one call target for every run in a process. */
  arrive(s: number, now: number, input: RequestInput): void {
    if (this.requests.inUse >= this.maxInFlight) return this.overLimit(s, now);
    this.observer.arrived(s, now);
    this.route(s, now, now, input, 0);
  }

  /** Halts the run: too many requests in flight. */
  private overLimit(s: number, now: number): void {
    // Blame the service that holds the most of them, not the one whose arrival hit the cap.
    const held = new Float64Array(this.services.length);
    for (let pod = 0; pod < this.serviceOfPod.length; pod++) if (this.serviceOfPod[pod]! >= 0) held[this.serviceOfPod[pod]!]! += this.inFlightOf[pod] ?? 0;
    const worst = held.reduce((w, n, i) => (n > held[w]! ? i : w), s);
    this.engine.halt(`more than ${this.maxInFlight} requests in flight at t=${now}s: service "${this.services[worst]!.name}" holds ${held[worst]} of them and cannot keep up with its traffic; give it more replicas or a queueLimit`);
  }

  podReady(pod: number, s: number, gpuType: string | null, now: number): void {
    this.inFlightOf = grown(this.inFlightOf, pod + 1, (n) => new Int32Array(n));
    this.routedTo = grown(this.routedTo, pod + 1, (n) => new Float64Array(n));
    if (this.serviceOfPod.length <= pod) this.serviceOfPod = grown(this.serviceOfPod, pod + 1, (n) => new Int32Array(n).fill(-1));
    this.serviceOfPod[pod] = s;
    if (!this.serverOf[s]!.addPod(pod, s, gpuType, now)) return;
    this.router.addReady(s, pod);
    this.hooks.ready?.(s, now);
  }

  podTerminating(pod: number, s: number, now: number): boolean {
    this.router.removeReady(s, pod);
    this.down.delete(pod);
    return this.serverOf[s]!.drain(pod, now);
  }

  abortPod(pod: number, s: number, now: number): void {
    this.serverOf[s]!.abort(pod, now);
  }

  podDown(pod: number, s: number, now: number): void {
    this.down.add(pod);
    this.serverOf[s]!.abort(pod, now);
  }

  isDown(pod: number): boolean {
    return this.down.has(pod);
  }

  removeEndpoint(pod: number, s: number): void {
    this.router.removeReady(s, pod);
  }

  // The cold queries below are arrow properties: the metrics and controllers take them detached.
  readonly readyPods = (s: number): readonly number[] => {
    return this.router.readyPods(s);
  };

  readonly inFlight = (pod: number): number => {
    return this.inFlightOf[pod] ?? 0;
  };

  startFailure(s: number, gpuType: string | null): ContainerExit | null {
    return this.serverOf[s]!.startFailure?.(s, gpuType) ?? null;
  }

  readonly routed = (pod: number): number => {
    return this.routedTo[pod] ?? 0;
  };

  readonly queued = (pod: number): number => {
    return this.serverOfPod(pod)?.queued(pod) ?? 0;
  };

  readonly busyArea = (pod: number): number => {
    return this.serverOfPod(pod)?.busyArea(pod) ?? 0;
  };

  readonly slots = (s: number): number => {
    return this.serverOf[s]!.slots(s);
  };

  producesTokens(s: number): boolean {
    return this.tokens[s]!;
  }

  readonly load = (pod: number): PodLoad => {
    return this.serverOfPod(pod)?.load(pod) ?? NO_LOAD;
  };

  summary(pod: number, now: number): BatchingSummary | null {
    return this.serverOfPod(pod)?.summary(pod, now) ?? null;
  }

  readonly flush = (now: number): void => {
    for (const server of this.servers) server.flush(now);
  };
}
