/**
 * The classic model server. Each pod runs `concurrency` instances over one FCFS queue bounded by
 * `queueLimit`. Without batching an instance serves one request for a drawn (or traffic-given)
 * service time. With dynamic batching (Triton's dynamic batcher) a free instance takes up to
 * `maxBatchSize` queued requests, waiting at most `maxQueueDelay` after the oldest one arrived
 * for the batch to fill; the batch takes `batchTime(size)`. A request still queued `timeout`
 * after arriving leaves, timed out. Pods join when Ready (`addPod`); a terminating pod finishes
 * what it holds (`drain`, then `drained`) or loses it when its grace period ends (`abort`).
 *
 * A pod timed by its model's roofline (`gpuWork`) runs its instances on one shared GPU
 * (../../perf/gpu-share.ts): a batch (or a lone request) spends its fixed time, overlapping
 * freely with the others, then enters the GPU, whose throughput the batches in their GPU phase
 * share max-min fairly; it finishes when its work is done. Each pod has one pending completion
 * event, moved to the GPU's next completion whenever a batch enters or leaves.
 */
import { Priority } from "../../../engine/index.js";
import type { Engine, HandlerTable } from "../../../engine/index.js";
import { createPodQueues } from "../../pod-queues.js";
import { createSharedGpu } from "../../perf/gpu-share.js";
import type { GpuWork, SharedGpu } from "../../perf/gpu-share.js";
import type { RequestTable } from "../../requests.js";

export const ClassicEvent = {
  Finished: "request.finished",
  BatchDue: "batch.due",
  TimedOut: "request.timed-out",
  GpuEnter: "batch.gpu-enter",
  GpuDone: "gpu.done",
} as const;
export type ClassicEvent = (typeof ClassicEvent)[keyof typeof ClassicEvent];

export interface ClassicPodSpec {
  readonly service: number;
  /** Instances: requests (or batches) served at once. */
  readonly concurrency: number;
  /** Most waiting requests; Infinity for an unbounded queue. */
  readonly queueLimit: number;
  /** Seconds a request may wait in the queue before it times out; Infinity for none. */
  readonly timeout: number;
  /** Draws one request's service time (used without batching, when the traffic gives none). */
  readonly serviceTime: () => number;
  /** Dynamic batching, or null to serve requests one by one. */
  readonly batching: { readonly maxBatchSize: number; readonly maxQueueDelay: number; readonly batchTime: (items: number) => number } | null;
  /**
   * The GPU work of a batch of `items` (1 without batching) on the pod's GPU, which its instances
   * share; when given, it times the batches and requests instead of `batchTime` and
   * `serviceTime` (a service time the traffic gives still wins). Null: times are given.
   */
  readonly gpuWork?: ((items: number) => GpuWork) | null;
}

export interface ClassicObserver {
  /** A request's service ended; its slot is still readable. */
  finished(req: number, now: number): void;
  /** A request was cut (its pod was aborted); its slot is still readable. */
  failed(req: number, now: number): void;
  /** A request waited longer than the timeout and left; its slot is still readable. */
  timedOut(req: number, now: number): void;
  /** A draining pod holds no more requests. */
  drained(pod: number, now: number): void;
}

export interface ClassicServers {
  /** Makes pod `pod` (a dense cluster id) a server of its service from `now` on. */
  addPod(pod: number, spec: ClassicPodSpec, now: number): void;
  /** Starts the request if an instance is free, else queues it; false if the queue is full (the caller rejects it). */
  admit(req: number, now: number): boolean;
  /** Busy instances, waiting requests and busy-instance-seconds (since the pod joined, up to the last `flush`); 0 for a pod that never joined. */
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

export function createClassicServers(engine: Engine, requests: RequestTable, observer: ClassicObserver): ClassicServers {
  let n = 0;
  let concurrency = new Int32Array(16);
  let queueLimit = new Float64Array(16);
  let busy = new Int32Array(16);
  let busyArea = new Float64Array(16);
  let lastChange = new Float64Array(16);
  let draining = new Uint8Array(16);
  /** Time of the pending batch.due event of each pod (NaN: none). */
  let batchDue = new Float64Array(16);
  const specs: ClassicPodSpec[] = [];
  const queues = createPodQueues();
  // Requests of a batch are chained (next slot, −1 at the end); the finish event targets the head.
  const chain = requests.columns({ batchNext: Int32Array, gpuWork: Float64Array, gpuCap: Float64Array });
  /** The shared GPU of each pod timed by GPU work, and the time of its pending gpu.done event (NaN: none). */
  const gpus: (SharedGpu | undefined)[] = [];
  let gpuDue = new Float64Array(16);
  // In-service requests of aborted pods: their slots wait for their (now void) finish events.
  const aborted = new Set<number>();
  const abortedPods = new Set<number>();

  const account = (pod: number, now: number) => {
    busyArea[pod]! += busy[pod]! * (now - lastChange[pod]!);
    lastChange[pod] = now;
  };

  const start = (req: number, pod: number, now: number) => {
    requests.start[req] = now;
    chain.batchNext[req] = -1;
    // A service time given by the traffic (a trace) wins over the server's distribution and GPU.
    const given = requests.serviceTime[req]!;
    if (given !== given && gpus[pod] !== undefined) runOnGpu(req, pod, 1, now);
    else engine.schedule(now + (given === given ? given : specs[pod]!.serviceTime()), codes[ClassicEvent.Finished], req);
  };

  /** Moves the pod's one pending completion event to its GPU's next completion. */
  const reschedule = (pod: number) => {
    const at = gpus[pod]!.nextAt();
    if (at === gpuDue[pod] || at === Infinity) return;
    gpuDue[pod] = at;
    engine.schedule(at, codes[ClassicEvent.GpuDone], pod);
  };

  /** The batch headed by `head` ends its fixed time and starts its GPU work. */
  const enterGpu = (head: number, pod: number, now: number) => {
    gpus[pod]!.add(head, chain.gpuWork[head]!, chain.gpuCap[head]!, now);
    reschedule(pod);
  };

  /** Starts the batch headed by `head` (`items` requests) on the pod's shared GPU: fixed time first, then GPU work. */
  const runOnGpu = (head: number, pod: number, items: number, now: number) => {
    const w = specs[pod]!.gpuWork!(items);
    chain.gpuWork[head] = w.work;
    chain.gpuCap[head] = w.cap;
    if (w.fixed > 0) engine.schedule(now + w.fixed, codes[ClassicEvent.GpuEnter], head);
    else enterGpu(head, pod, now);
  };

  /** Starts a batch of the `size` oldest queued requests on a free instance. */
  const startBatch = (pod: number, size: number, now: number) => {
    const b = specs[pod]!.batching!;
    const head = queues.pop(pod);
    let tail = head;
    requests.start[head] = now;
    for (let i = 1; i < size; i++) {
      const req = queues.pop(pod);
      requests.start[req] = now;
      chain.batchNext[tail] = req;
      tail = req;
    }
    chain.batchNext[tail] = -1;
    account(pod, now);
    busy[pod]! += 1;
    if (gpus[pod] !== undefined) runOnGpu(head, pod, size, now);
    else engine.schedule(now + b.batchTime(size), codes[ClassicEvent.Finished], head);
  };

  /** With batching: start what a free instance may start now, or arrange to look again when the oldest request's delay expires. */
  const dispatch = (pod: number, now: number) => {
    const b = specs[pod]!.batching!;
    while (busy[pod]! < concurrency[pod]! && queues.length(pod) > 0) {
      const oldest = requests.arrival[queues.front(pod)]!;
      if (queues.length(pod) >= b.maxBatchSize || now >= oldest + b.maxQueueDelay) startBatch(pod, Math.min(b.maxBatchSize, queues.length(pod)), now);
      else {
        const due = oldest + b.maxQueueDelay;
        if (batchDue[pod] !== due) {
          batchDue[pod] = due;
          engine.schedule(due, codes[ClassicEvent.BatchDue], pod);
        }
        return;
      }
    }
  };

  /** An instance of `pod` became free at `now`. */
  const freed = (pod: number, now: number) => {
    if (specs[pod]!.batching !== null) {
      account(pod, now);
      busy[pod]! -= 1;
      dispatch(pod, now);
    } else if (queues.length(pod) > 0) {
      start(queues.pop(pod), pod, now);
      return;
    } else {
      account(pod, now);
      busy[pod]! -= 1;
    }
    if (draining[pod] === 1 && busy[pod] === 0 && queues.length(pod) === 0) observer.drained(pod, now);
  };

  /** Every request of the batch headed by `head` finished; its instance is free. */
  const finishBatch = (head: number, now: number) => {
    const pod = requests.pod[head]!;
    for (let r = head; r >= 0; ) {
      const next = chain.batchNext[r]!;
      observer.finished(r, now);
      requests.release(r);
      r = next;
    }
    freed(pod, now);
  };

  /** Releases the slots of a batch of an aborted pod (its requests were reported failed already). */
  const releaseAborted = (head: number) => {
    for (let r = head; r >= 0; r = chain.batchNext[r]!) {
      aborted.delete(r);
      requests.release(r);
    }
  };

  const handlers = {
    [ClassicEvent.Finished]: (req: number, now: number) => {
      // The pod was aborted: its in-service requests were reported failed already.
      if (aborted.size > 0 && aborted.has(req)) releaseAborted(req);
      else finishBatch(req, now);
    },
    [ClassicEvent.GpuEnter]: (head: number, now: number) => {
      if (aborted.size > 0 && aborted.has(head)) releaseAborted(head);
      else enterGpu(head, requests.pod[head]!, now);
    },
    [ClassicEvent.GpuDone]: (pod: number, now: number) => {
      // Each change of the GPU's items moves the completion; only the current one counts.
      if (gpuDue[pod] !== now) return;
      gpuDue[pod] = NaN;
      const gpu = gpus[pod]!;
      const head = gpu.nextId();
      gpu.remove(head, now);
      finishBatch(head, now);
      reschedule(pod);
    },
    [ClassicEvent.BatchDue]: (pod: number, now: number) => {
      // A later arrival may have moved the due time; only the current one counts.
      if (batchDue[pod] !== now) return;
      batchDue[pod] = NaN;
      dispatch(pod, now);
    },
    [ClassicEvent.TimedOut]: (req: number, now: number) => {
      // Stale when the request started, or when the slot now holds a later request.
      if (requests.live[req] !== 1 || requests.start[req] === requests.start[req]) return;
      const pod = requests.pod[req]!;
      // The slot may now hold a request of another service, at a pod this server does not run.
      const spec = specs[pod];
      if (spec === undefined || requests.arrival[req]! + spec.timeout !== now || !queues.remove(pod, req)) return;
      observer.timedOut(req, now);
      requests.release(req);
      if (draining[pod] === 1 && busy[pod] === 0 && queues.length(pod) === 0) observer.drained(pod, now);
    },
  } satisfies HandlerTable<ClassicEvent>;
  const codes = engine.on(handlers, {
    [ClassicEvent.Finished]: Priority.Departure,
    [ClassicEvent.BatchDue]: Priority.Control,
    [ClassicEvent.TimedOut]: Priority.Departure,
    [ClassicEvent.GpuEnter]: Priority.Departure,
    [ClassicEvent.GpuDone]: Priority.Departure,
  });

  return {
    addPod(pod, spec, now) {
      // An aborted pod may join again: its container restarted (CrashLoopBackOff).
      if (specs[pod] !== undefined && !abortedPods.delete(pod)) throw new Error(`pod ${pod} joined twice`);
      n = Math.max(n, pod + 1);
      concurrency = grown(concurrency, n, (k) => new Int32Array(k));
      queueLimit = grown(queueLimit, n, (k) => new Float64Array(k));
      busy = grown(busy, n, (k) => new Int32Array(k));
      busyArea = grown(busyArea, n, (k) => new Float64Array(k));
      lastChange = grown(lastChange, n, (k) => new Float64Array(k));
      draining = grown(draining, n, (k) => new Uint8Array(k));
      batchDue = grown(batchDue, n, (k) => new Float64Array(k).fill(NaN));
      gpuDue = grown(gpuDue, n, (k) => new Float64Array(k).fill(NaN));
      gpus[pod] = spec.gpuWork ? createSharedGpu() : undefined;
      gpuDue[pod] = NaN;
      concurrency[pod] = spec.concurrency;
      queueLimit[pod] = spec.queueLimit;
      lastChange[pod] = now;
      batchDue[pod] = NaN;
      specs[pod] = spec;
      queues.add(pod);
    },
    admit(req, now) {
      const pod = requests.pod[req]!;
      const spec = specs[pod]!;
      if (spec.batching === null && busy[pod]! < concurrency[pod]!) {
        account(pod, now);
        busy[pod]! += 1;
        start(req, pod, now);
        return true;
      }
      if (queues.length(pod) >= queueLimit[pod]!) return false;
      queues.push(pod, req);
      if (spec.timeout !== Infinity) engine.schedule(now + spec.timeout, codes[ClassicEvent.TimedOut], req);
      if (spec.batching !== null) dispatch(pod, now);
      return true;
    },
    busy: (pod) => (pod < n ? busy[pod]! : 0),
    queued: (pod) => (pod < n ? queues.length(pod) : 0),
    busyArea: (pod) => (pod < n ? busyArea[pod]! : 0),
    flush(now) {
      for (let pod = 0; pod < n; pod++) account(pod, now);
    },
    drain(pod, now) {
      if (pod >= n || specs[pod] === undefined) return false;
      account(pod, now);
      draining[pod] = 1;
      return busy[pod]! + queues.length(pod) > 0;
    },
    abort(pod, now) {
      if (pod >= n || specs[pod] === undefined) return;
      while (queues.length(pod) > 0) {
        const req = queues.pop(pod);
        observer.failed(req, now);
        requests.release(req);
      }
      for (let req = 0; req < requests.capacity; req++) {
        if (requests.live[req] === 1 && requests.pod[req] === pod && !aborted.has(req) && requests.start[req] === requests.start[req]) {
          observer.failed(req, now);
          aborted.add(req);
        }
      }
      // Batches in their GPU phase have no event of their own left: their slots are free now.
      for (const head of gpus[pod]?.ids() ?? []) releaseAborted(head);
      if (gpus[pod] !== undefined) gpus[pod] = createSharedGpu();
      gpuDue[pod] = NaN;
      account(pod, now);
      busy[pod] = 0;
      draining[pod] = 0;
      batchDue[pod] = NaN;
      abortedPods.add(pod);
    },
  };
}
