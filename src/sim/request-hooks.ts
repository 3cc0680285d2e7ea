/**
 * What happens to a request that finds no pod, or loses its pod. The activator (Knative's
 * activator, the KEDA HTTP add-on's interceptor) holds requests while a service has no Ready pod,
 * at most `queueLimit` of them and each at most `timeout`, and sends them on when a pod becomes
 * Ready; a service's retry policy sends a cut request again after its back-off (Envoy retry_on
 * reset / connect-failure). Held and retried requests stay in flight, so nothing is lost.
 */
import type { HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { RequestAttrs } from "../traffic/index.js";
import type { SimContext } from "./context.js";
import type { ServingSetup } from "./serving-setup.js";

const HookEvent = { HoldExpired: "activator.hold-expired", RetryDue: "retry.due" } as const;
type HookEvent = (typeof HookEvent)[keyof typeof HookEvent];

interface Parked {
  readonly service: number;
  readonly arrival: number;
  readonly attrs: RequestAttrs;
  readonly attempt: number;
}

export interface RequestHooks {
  /** Requests the activator holds for each service now. */
  held(service: number): number;
  /** Per service: requests sent again after losing their pod, and requests the activator held (at some point). */
  readonly retried: Float64Array;
  readonly activated: Float64Array;
}

export function setupRequestHooks(cx: SimContext, serving: ServingSetup, isDown: (pod: number) => boolean): RequestHooks {
  const { engine, scenario } = cx;
  const services = scenario.services;
  const activator = services.map((svc) => svc.activator ?? (svc.autoscaling?.kind === "keda" ? { queueLimit: 10_000, timeout: 300 } : null));
  const retry = services.map((svc) => svc.retry ?? null);
  // Held requests per service in arrival order (ids), and every parked request by id.
  const queues: number[][] = services.map(() => []);
  const parked = new Map<number, Parked>();
  let nextId = 0;
  const retried = new Float64Array(services.length);
  const activated = new Float64Array(services.length);

  const handlers = {
    [HookEvent.HoldExpired]: (id: number, now: number) => {
      const p = parked.get(id);
      if (!p) return;
      parked.delete(id);
      const q = queues[p.service]!;
      q.splice(q.indexOf(id), 1);
      serving.stats.timeout(p.service, p.arrival, now);
    },
    [HookEvent.RetryDue]: (id: number, now: number) => {
      const p = parked.get(id)!;
      parked.delete(id);
      serving.dispatch(p.service, now, p.arrival, p.attrs, p.attempt);
    },
  } satisfies HandlerTable<HookEvent>;
  const codes = engine.on(handlers, { [HookEvent.HoldExpired]: Priority.Departure, [HookEvent.RetryDue]: Priority.Arrival });

  serving.setHooks({
    hold(s, now, arrival, attrs, attempt) {
      const a = activator[s];
      if (!a || queues[s]!.length >= a.queueLimit) return false;
      const id = nextId++;
      parked.set(id, { service: s, arrival, attrs, attempt });
      queues[s]!.push(id);
      activated[s]! += 1;
      engine.schedule(Math.max(now, arrival + a.timeout), codes[HookEvent.HoldExpired], id);
      return true;
    },
    retry(s, now, arrival, attrs, attempt) {
      const r = retry[s];
      if (!r || attempt >= r.attempts) return false;
      const id = nextId++;
      parked.set(id, { service: s, arrival, attrs, attempt: attempt + 1 });
      retried[s]! += 1;
      engine.schedule(now + r.backoff, codes[HookEvent.RetryDue], id);
      return true;
    },
    ready(s, now) {
      const q = queues[s]!;
      if (q.length === 0) return;
      const ids = q.splice(0, q.length);
      for (const id of ids) {
        const p = parked.get(id)!;
        parked.delete(id);
        serving.dispatch(s, now, p.arrival, p.attrs, p.attempt);
      }
    },
    isDown,
  });
  return { held: (s) => queues[s]!.length, retried, activated };
}
