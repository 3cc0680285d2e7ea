/** Request handling of a run: admission, routing to Ready pods, model servers and request statistics. */
import type { ClassicServers, RequestTable, Router } from "../serving/index.js";
import { createClassicServers, createRandomRouter, createRequestTable } from "../serving/index.js";
import { createSampler } from "../engine/index.js";
import type { RequestAttrs } from "../traffic/index.js";
import { createServiceStats, RejectReason } from "./collect.js";
import type { ServiceStats } from "./collect.js";
import type { SimContext } from "./context.js";

export interface ServingSetup {
  readonly requests: RequestTable;
  readonly stats: ServiceStats;
  readonly router: Router;
  readonly servers: ClassicServers;
  /** A request for `service` arrives now with these attributes. */
  arrive(service: number, now: number, attrs: RequestAttrs): void;
  /** Pod `pod` of `service` is Ready: it joins its service's servers and endpoints. */
  podReady(pod: number, service: number, now: number): void;
  /** Pod `pod` of `service` is terminating: it leaves the endpoints; true while it still holds requests. */
  podTerminating(pod: number, service: number, now: number): boolean;
  /** The pod's grace period ended: its remaining requests fail. */
  abortPod(pod: number, now: number): void;
}

/** `drained(pod, now)` hears that a terminating pod has finished its last request. */
export function setupServing(cx: SimContext, maxInFlight: number, drained: (pod: number, now: number) => void): ServingSetup {
  const { engine, scenario } = cx;
  const services = scenario.services;
  const requests = createRequestTable(maxInFlight);
  const stats = createServiceStats(services.length, scenario.warmup);
  const router = createRandomRouter(services.length, services.map((svc) => cx.stream(`routing/${svc.name}`)));
  const samplers = services.map((svc) => createSampler(svc.model.serviceTime, cx.stream(`serving/${svc.name}/service-time`)));
  const servers = createClassicServers(engine, requests, samplers, {
    finished: (req, now) => stats.complete(requests.service[req]!, requests.arrival[req]!, requests.start[req]!, now),
    failed: (req, now) => stats.fail(requests.service[req]!, requests.arrival[req]!, now),
    drained,
  });

  return {
    requests,
    stats,
    router,
    servers,
    arrive(s, now, attrs) {
      if (requests.inUse >= maxInFlight) {
        engine.halt(
          `more than ${maxInFlight} requests in flight at t=${now}s: service "${services[s]!.name}" cannot keep up with its traffic; give it more replicas or a queueLimit`,
        );
        return;
      }
      stats.arrive(s, now);
      const pod = router.pick(s);
      if (pod < 0) return stats.reject(s, now, RejectReason.NoEndpoint);
      const req = requests.alloc(s, pod, now);
      requests.inputTokens[req] = attrs.inputTokens;
      requests.outputTokens[req] = attrs.outputTokens;
      requests.serviceTime[req] = attrs.serviceTime;
      requests.requestClass[req] = attrs.requestClass;
      requests.hashIds[req] = attrs.hashIds;
      if (servers.admit(req, now)) stats.admit(s, now);
      else {
        requests.release(req);
        stats.reject(s, now, RejectReason.QueueFull);
      }
    },
    podReady(pod, s, now) {
      const model = services[s]!.model;
      servers.addPod(pod, { service: s, concurrency: model.concurrency, queueLimit: model.queueLimit ?? Infinity }, now);
      router.addReady(s, pod);
    },
    podTerminating(pod, s, now) {
      router.removeReady(s, pod);
      return servers.drain(pod, now);
    },
    abortPod: (pod, now) => servers.abort(pod, now),
  };
}
