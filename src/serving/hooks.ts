/**
 * What happens to a request that finds no pod, or loses its pod. The activator (Knative's
 * activator, the KEDA HTTP add-on's interceptor) holds requests while a service has no Ready pod,
 * at most `queueLimit` of them and each at most `timeout`, and sends them on when a pod becomes
 * Ready; a service's retry policy sends a cut request again after its back-off (Envoy retry_on
 * reset / connect-failure). Held and retried requests stay in flight, so nothing is lost.
 */
import type { Engine, HandlerTable } from "../engine/index.js";
import { Priority } from "../engine/index.js";
import type { RequestInput } from "./observer.js";

const HookEvent = { HoldExpired: "activator.hold-expired", RetryDue: "retry.due" } as const;
type HookEvent = (typeof HookEvent)[keyof typeof HookEvent];

/** A request in flight outside any pod: when its client first sent it, what it carries, and its try (0 for the first). */
export interface HeldRequest {
  readonly origin: number;
  readonly input: RequestInput;
  readonly attempt: number;
}

/** What the plane asks about requests it cannot place; each hook is optional. */
export interface RequestHooks {
  /** No pod is Ready: true when the request is held (it stays in flight) instead of rejected. */
  hold?(service: number, now: number, r: HeldRequest): boolean;
  /** The request's try was cut (its pod was lost): true when it will be tried again (it stays in flight). */
  retry?(service: number, now: number, r: HeldRequest): boolean;
  /** A pod of the service became Ready. */
  ready?(service: number, now: number): void;
}

/** How hooks hand requests back to the plane. */
export interface HookPort {
  /** Routes a held or retried request as if it arrived now. */
  dispatch(service: number, now: number, r: HeldRequest): void;
  /** A held request waited longer than the activator's timeout. */
  timedOut(service: number, origin: number, now: number): void;
}

/** A service's activator queue and retry policy (null: none). */
export interface HookSpec {
  readonly activator: { readonly queueLimit: number; readonly timeout: number } | null;
  readonly retry: { readonly attempts: number; readonly backoff: number } | null;
}

export interface ActivatorAndRetries extends RequestHooks {
  /** Requests the activator holds for each service now. */
  held(service: number): number;
  /** Per service: requests sent again after losing their pod, and requests the activator held (at some point). */
  readonly retried: Float64Array;
  readonly activated: Float64Array;
}

interface Parked extends HeldRequest {
  readonly service: number;
}

export function createRequestHooks(engine: Engine, specs: readonly HookSpec[], port: HookPort): ActivatorAndRetries {
  // Held requests per service in arrival order (ids), and every parked request by id.
  const queues: number[][] = specs.map(() => []);
  const parked = new Map<number, Parked>();
  let nextId = 0;
  const retried = new Float64Array(specs.length);
  const activated = new Float64Array(specs.length);
  const unpark = (id: number): Parked => {
    const p = parked.get(id)!;
    parked.delete(id);
    return p;
  };

  const handlers = {
    [HookEvent.HoldExpired]: (id: number, now: number) => {
      if (!parked.has(id)) return;
      const p = unpark(id);
      const q = queues[p.service]!;
      q.splice(q.indexOf(id), 1);
      port.timedOut(p.service, p.origin, now);
    },
    [HookEvent.RetryDue]: (id: number, now: number) => {
      const p = unpark(id);
      port.dispatch(p.service, now, p);
    },
  } satisfies HandlerTable<HookEvent>;
  const codes = engine.on(handlers, { [HookEvent.HoldExpired]: Priority.Departure, [HookEvent.RetryDue]: Priority.Arrival });

  return {
    hold(s, now, r) {
      const a = specs[s]!.activator;
      if (!a || queues[s]!.length >= a.queueLimit) return false;
      const id = nextId++;
      parked.set(id, { service: s, origin: r.origin, input: r.input, attempt: r.attempt });
      queues[s]!.push(id);
      activated[s]! += 1;
      engine.schedule(Math.max(now, r.origin + a.timeout), codes[HookEvent.HoldExpired], id);
      return true;
    },
    retry(s, now, r) {
      const policy = specs[s]!.retry;
      if (!policy || r.attempt >= policy.attempts) return false;
      const id = nextId++;
      parked.set(id, { service: s, origin: r.origin, input: r.input, attempt: r.attempt + 1 });
      retried[s]! += 1;
      engine.schedule(now + policy.backoff, codes[HookEvent.RetryDue], id);
      return true;
    },
    ready(s, now) {
      const q = queues[s]!;
      if (q.length === 0) return;
      for (const id of q.splice(0, q.length)) port.dispatch(s, now, unpark(id));
    },
    held: (s) => queues[s]!.length,
    retried,
    activated,
  };
}
