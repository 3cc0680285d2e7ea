/**
 * Request handling of a run: the serving plane of the scenario's services (their model servers,
 * routing, activator and retries), observed by the request statistics.
 */
import { workloadAutoscalers } from "../autoscaling/index.js";
import type { WorkloadAutoscalerRegistry } from "../autoscaling/index.js";
import { createServiceStats } from "../metrics/index.js";
import type { ServiceStats, StatsSink } from "../metrics/index.js";
import type { Service } from "../scenario/index.js";
import { createRequestHooks, createServingPlane, REJECT_REASONS } from "../serving/index.js";
import type { ActivatorAndRetries, HookSpec, RejectReason, RequestObserver, RequestRecord, RoutingRegistry, ServerRegistry, ServingPlane } from "../serving/index.js";
import type { SimContext } from "./context.js";

export interface ServingSetup {
  readonly plane: ServingPlane<ActivatorAndRetries>;
  readonly stats: ServiceStats;
}

/** The activator holds requests of services that ask for it, and of those whose autoscaler brings one (scale to zero). */
const hookSpec = (svc: Service): HookSpec => ({
  activator: svc.activator ?? (svc.autoscaling && (workloadAutoscalers as WorkloadAutoscalerRegistry)[svc.autoscaling.kind]?.activator) ?? null,
  retry: svc.retry ?? null,
});

/** The registries a run's serving plane takes its server kinds and routing policies from. */
export interface ServingRegistries {
  readonly serverKinds?: ServerRegistry;
  readonly routingPolicies?: RoutingRegistry;
}

/** The plane's observer: every outcome goes to the request statistics (a class, shared by every run in a process). */
class StatsObserver implements RequestObserver {
  constructor(
    private readonly stats: ServiceStats,
    private readonly onDrained: (pod: number, now: number) => void,
  ) {}
  arrived(s: number, now: number): void {
    this.stats.arrive(s, now);
  }
  admitted(s: number, now: number): void {
    this.stats.admit(s, now);
  }
  withdrawn(s: number, now: number): void {
    this.stats.unadmit(s, now);
  }
  rejected(s: number, now: number, reason: RejectReason, origin: number): void {
    this.stats.reject(s, now, reason, origin);
  }
  firstToken(s: number, origin: number, now: number): void {
    this.stats.firstToken(s, origin, now);
  }
  completed(s: number, origin: number, start: number, firstToken: number, now: number, inputTokens: number, outputTokens: number): void {
    this.stats.complete(s, origin, start, firstToken, now, inputTokens, outputTokens);
  }
  failed(s: number, origin: number, now: number): void {
    this.stats.fail(s, origin, now);
  }
  timedOut(s: number, origin: number, now: number): void {
    this.stats.timeout(s, origin, now);
  }
  drained(pod: number, now: number): void {
    this.onDrained(pod, now);
  }
}

/** `drained(pod, now)` hears that a terminating pod has finished its last request. */
export function setupServing(cx: SimContext, o: ServingRegistries & { readonly maxInFlight: number; readonly record?: (r: RequestRecord) => void }, drained: (pod: number, now: number) => void, sink?: StatsSink): ServingSetup {
  const { engine, scenario } = cx;
  const services = scenario.services;
  const stats = createServiceStats(services.length, scenario.warmup, REJECT_REASONS.length, sink);
  const observer = new StatsObserver(stats, drained);
  const plane = createServingPlane({
    engine,
    services: services.map((svc) => ({ name: svc.name, model: svc.model, routing: svc.routing })),
    maxInFlight: o.maxInFlight,
    observer,
    stream: cx.stream,
    warn: cx.warn,
    hooks: (port) => createRequestHooks(engine, services.map(hookSpec), port),
    ...(o.serverKinds ? { kinds: o.serverKinds } : {}),
    ...(o.routingPolicies ? { policies: o.routingPolicies } : {}),
    ...(o.record ? { record: o.record } : {}),
  });
  return { plane, stats };
}
