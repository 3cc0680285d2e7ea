/**
 * The classic model server: each pod has `concurrency` slots and a FCFS queue bounded by
 * `queueLimit`; a request holds a slot for a service time drawn from its service's sampler
 * (or given by the traffic). It also integrates each pod's busy slots over time, for utilisation.
 * Pods join as they become Ready (`addPod`), under the cluster's dense pod ids. A terminating pod
 * finishes what it holds (`drain`, then the observer hears `drained`), or loses it when its grace
 * period ends (`abort`: every request it holds is reported `failed`).
 */
import { Priority } from "../engine/index.js";
import type { Engine, HandlerTable } from "../engine/index.js";
import type { RequestTable } from "./requests.js";

export const ClassicEvent = { Finished: "request.finished" } as const;
export type ClassicEvent = (typeof ClassicEvent)[keyof typeof ClassicEvent];

export interface ClassicPodSpec {
  readonly service: number;
  readonly concurrency: number;
  /** Most waiting requests; Infinity for an unbounded queue. */
  readonly queueLimit: number;
}

export interface ClassicObserver {
  /** A request's service ended; its slot is still readable. */
  finished(req: number, now: number): void;
  /** A request was cut (its pod was aborted); its slot is still readable. */
  failed(req: number, now: number): void;
  /** A draining pod holds no more requests. */
  drained(pod: number, now: number): void;
}

export interface ClassicServers {
  /** Makes pod `pod` (a dense cluster id) a server of its service from `now` on. */
  addPod(pod: number, spec: ClassicPodSpec, now: number): void;
  /** Starts the request if a slot is free, else queues it; false if the queue is full (the caller rejects it). */
  admit(req: number, now: number): boolean;
  /** Busy slots, waiting requests and busy-slot-seconds (since the pod joined, up to the last `flush`) per pod; 0 for a pod that never joined. */
  busy(pod: number): number;
  queued(pod: number): number;
  busyArea(pod: number): number;
  /** Brings the busy areas up to `now`. */
  flush(now: number): void;
  /** The pod takes no new requests and finishes those it holds; false when it holds none. */
  drain(pod: number, now: number): boolean;
  /** Cuts every request the pod holds (each reported failed); the pod serves no more. */
  abort(pod: number, now: number): void;
}

/** The array itself, or a copy at least `size` long (doubling) when it is too short. */
function grown<A extends Float64Array | Int32Array | Uint8Array>(a: A, size: number, make: (n: number) => A): A {
  if (size <= a.length) return a;
  const b = make(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}

export function createClassicServers(engine: Engine, requests: RequestTable, samplers: readonly (() => number)[], observer: ClassicObserver): ClassicServers {
  let n = 0;
  let concurrency = new Int32Array(16);
  let queueLimit = new Float64Array(16);
  let serviceOf = new Int32Array(16);
  let busy = new Int32Array(16);
  let busyArea = new Float64Array(16);
  let lastChange = new Float64Array(16);
  let head = new Int32Array(16);
  let queued = new Int32Array(16);
  let draining = new Uint8Array(16);
  // In-service requests of aborted pods: their slots wait for their (now void) finish events.
  const aborted = new Set<number>();
  // One FCFS ring buffer of request slots per pod, grown by doubling.
  const ring: Int32Array[] = [];

  const account = (pod: number, now: number) => {
    busyArea[pod]! += busy[pod]! * (now - lastChange[pod]!);
    lastChange[pod] = now;
  };

  const start = (req: number, pod: number, now: number) => {
    requests.start[req] = now;
    // A service time given by the traffic (a trace) wins over the server's distribution.
    const given = requests.serviceTime[req]!;
    engine.schedule(now + (given === given ? given : samplers[serviceOf[pod]!]!()), codes[ClassicEvent.Finished], req);
  };

  const enqueue = (pod: number, req: number) => {
    let buf = ring[pod]!;
    const len = queued[pod]!;
    if (len === buf.length) {
      const bigger = new Int32Array(buf.length * 2);
      for (let i = 0; i < len; i++) bigger[i] = buf[(head[pod]! + i) % buf.length]!;
      ring[pod] = buf = bigger;
      head[pod] = 0;
    }
    buf[(head[pod]! + len) % buf.length] = req;
    queued[pod] = len + 1;
  };

  const handlers = {
    [ClassicEvent.Finished]: (req: number, now: number) => {
      if (aborted.size > 0 && aborted.delete(req)) return requests.release(req);
      const pod = requests.pod[req]!;
      observer.finished(req, now);
      requests.release(req);
      if (queued[pod]! > 0) {
        const buf = ring[pod]!;
        const h = head[pod]!;
        const next = buf[h]!;
        head[pod] = h + 1 === buf.length ? 0 : h + 1;
        queued[pod]! -= 1;
        start(next, pod, now);
      } else {
        account(pod, now);
        busy[pod]! -= 1;
        if (draining[pod] === 1 && busy[pod] === 0) observer.drained(pod, now);
      }
    },
  } satisfies HandlerTable<ClassicEvent>;
  const codes = engine.on(handlers, { [ClassicEvent.Finished]: Priority.Departure });

  return {
    addPod(pod, spec, now) {
      if (ring[pod] !== undefined) throw new Error(`pod ${pod} joined twice`);
      n = Math.max(n, pod + 1);
      concurrency = grown(concurrency, n, (k) => new Int32Array(k));
      queueLimit = grown(queueLimit, n, (k) => new Float64Array(k));
      serviceOf = grown(serviceOf, n, (k) => new Int32Array(k));
      busy = grown(busy, n, (k) => new Int32Array(k));
      busyArea = grown(busyArea, n, (k) => new Float64Array(k));
      lastChange = grown(lastChange, n, (k) => new Float64Array(k));
      head = grown(head, n, (k) => new Int32Array(k));
      queued = grown(queued, n, (k) => new Int32Array(k));
      draining = grown(draining, n, (k) => new Uint8Array(k));
      concurrency[pod] = spec.concurrency;
      queueLimit[pod] = spec.queueLimit;
      serviceOf[pod] = spec.service;
      lastChange[pod] = now;
      ring[pod] = new Int32Array(16);
    },
    admit(req, now) {
      const pod = requests.pod[req]!;
      if (busy[pod]! < concurrency[pod]!) {
        account(pod, now);
        busy[pod]! += 1;
        start(req, pod, now);
        return true;
      }
      if (queued[pod]! >= queueLimit[pod]!) return false;
      enqueue(pod, req);
      return true;
    },
    busy: (pod) => (pod < n ? busy[pod]! : 0),
    queued: (pod) => (pod < n ? queued[pod]! : 0),
    busyArea: (pod) => (pod < n ? busyArea[pod]! : 0),
    flush(now) {
      for (let pod = 0; pod < n; pod++) account(pod, now);
    },
    drain(pod, now) {
      if (pod >= n || ring[pod] === undefined) return false;
      account(pod, now);
      draining[pod] = 1;
      return busy[pod]! + queued[pod]! > 0;
    },
    abort(pod, now) {
      if (pod >= n || ring[pod] === undefined) return;
      const buf = ring[pod]!;
      for (let i = 0; i < queued[pod]!; i++) {
        const req = buf[(head[pod]! + i) % buf.length]!;
        observer.failed(req, now);
        requests.release(req);
      }
      queued[pod] = 0;
      for (let req = 0; req < requests.capacity; req++) {
        if (requests.live[req] === 1 && requests.pod[req] === pod && !aborted.has(req) && requests.start[req] === requests.start[req]) {
          observer.failed(req, now);
          aborted.add(req);
        }
      }
      account(pod, now);
      busy[pod] = 0;
      draining[pod] = 0;
    },
  };
}
