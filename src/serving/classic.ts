/**
 * The classic model server: each pod has `concurrency` slots and a FCFS queue bounded by
 * `queueLimit`; a request holds a slot for a service time drawn from its service's sampler
 * (or given by the traffic). It also integrates each pod's busy slots over time, for utilisation.
 * Pods join as they become Ready (`addPod`), under the cluster's dense pod ids.
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
}

/** The array itself, or a copy at least `size` long (doubling) when it is too short. */
function grown<A extends Float64Array | Int32Array>(a: A, size: number, make: (n: number) => A): A {
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
  };
}
