/**
 * The classic model server: each pod has `concurrency` slots and a FCFS queue bounded by
 * `queueLimit`; a request holds a slot for a service time drawn from its service's sampler.
 * It also integrates each pod's busy slots over time, for utilisation.
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
  /** Starts the request if a slot is free, else queues it; false if the queue is full (the caller rejects it). */
  admit(req: number, now: number): boolean;
  readonly busy: Int32Array;
  readonly queued: Int32Array;
  /** Busy-slot-seconds per pod since time 0, up to the last `flush`. */
  readonly busyArea: Float64Array;
  /** Brings the busy areas up to `now`. */
  flush(now: number): void;
}

export function createClassicServers(
  engine: Engine,
  requests: RequestTable,
  pods: readonly ClassicPodSpec[],
  samplers: readonly (() => number)[],
  observer: ClassicObserver,
): ClassicServers {
  const n = pods.length;
  const concurrency = Int32Array.from(pods.map((p) => p.concurrency));
  const queueLimit = Float64Array.from(pods.map((p) => p.queueLimit));
  const podSampler = pods.map((p) => samplers[p.service]!);
  const busy = new Int32Array(n);
  const busyArea = new Float64Array(n);
  const lastChange = new Float64Array(n);
  // One FCFS ring buffer of request slots per pod, grown by doubling.
  const ring: Int32Array[] = pods.map(() => new Int32Array(16));
  const head = new Int32Array(n);
  const queued = new Int32Array(n);

  const account = (pod: number, now: number) => {
    busyArea[pod]! += busy[pod]! * (now - lastChange[pod]!);
    lastChange[pod] = now;
  };

  const start = (req: number, pod: number, now: number) => {
    requests.start[req] = now;
    engine.schedule(now + podSampler[pod]!(), codes[ClassicEvent.Finished], req);
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
    busy,
    queued,
    busyArea,
    flush(now) {
      for (let pod = 0; pod < n; pod++) account(pod, now);
    },
  };
}
