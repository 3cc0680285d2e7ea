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
import type { Engine, HandlerTable, KindCodes, Sampler } from "../../../engine/index.js";
import { createPodQueues } from "../../pod-queues.js";
import type { PodQueues } from "../../pod-queues.js";
import { createSharedGpu } from "../../perf/gpu-share.js";
import type { GpuWork, SharedGpu } from "../../perf/gpu-share.js";
import type { RequestTable } from "../../requests.js";
import { grown } from "../../grown.js";

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
  readonly serviceTime: Sampler;
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

export function createClassicServers(engine: Engine, requests: RequestTable, observer: ClassicObserver): ClassicServers {
  return new Classic(engine, requests, observer);
}

/** The columns the classic server keeps per request slot. */
interface BatchColumns {
  /** Requests of a batch are chained (next slot, −1 at the end); the finish event targets the head. */
  readonly batchNext: Int32Array;
  readonly gpuWork: Float64Array;
  readonly gpuCap: Float64Array;
}

/**
 * The servers as a class rather than closures: every run in a process shares one optimised copy
 * of the per-request path (admit, start, finish), instead of code specialised to the first run's
 * closures and thrown away once a second run builds its own.
 */
class Classic implements ClassicServers {
  private n = 0;
  private concurrency = new Int32Array(16);
  private queueLimit = new Float64Array(16);
  // Copies of spec fields (timeout, batching or not, sampler) for the per-request path: reading a literal built anew each run would lose optimised code at the next run.
  private timeout = new Float64Array(16);
  private batched = new Uint8Array(16);
  private readonly serviceTime: Sampler[] = [];
  private busyOf = new Int32Array(16);
  private busyAreaOf = new Float64Array(16);
  private lastChange = new Float64Array(16);
  private draining = new Uint8Array(16);
  /** Time of the pending batch.due event of each pod (NaN: none). */
  private batchDue = new Float64Array(16);
  private readonly specs: ClassicPodSpec[] = [];
  private readonly queues: PodQueues = createPodQueues();
  private readonly chain: BatchColumns;
  /** The shared GPU of each pod timed by GPU work, and the time of its pending gpu.done event (NaN: none). */
  private readonly gpus: (SharedGpu | undefined)[] = [];
  private gpuDue = new Float64Array(16);
  /** In-service requests of aborted pods: their slots wait for their (now void) finish events. */
  private readonly aborted = new Set<number>();
  private readonly abortedPods = new Set<number>();
  private readonly codes: KindCodes<ClassicEvent>;

  constructor(
    private readonly engine: Engine,
    private readonly requests: RequestTable,
    private readonly observer: ClassicObserver,
  ) {
    this.chain = requests.columns({ batchNext: Int32Array, gpuWork: Float64Array, gpuCap: Float64Array });
    const handlers = {
      [ClassicEvent.Finished]: (req: number, now: number) => this.onFinished(req, now),
      [ClassicEvent.GpuEnter]: (head: number, now: number) => this.onGpuEnter(head, now),
      [ClassicEvent.GpuDone]: (pod: number, now: number) => this.onGpuDone(pod, now),
      [ClassicEvent.BatchDue]: (pod: number, now: number) => this.onBatchDue(pod, now),
      [ClassicEvent.TimedOut]: (req: number, now: number) => this.onTimedOut(req, now),
    } satisfies HandlerTable<ClassicEvent>;
    this.codes = engine.on(handlers, {
      [ClassicEvent.Finished]: Priority.Departure,
      [ClassicEvent.BatchDue]: Priority.Control,
      [ClassicEvent.TimedOut]: Priority.Departure,
      [ClassicEvent.GpuEnter]: Priority.Departure,
      [ClassicEvent.GpuDone]: Priority.Departure,
    });
  }

  private account(pod: number, now: number): void {
    this.busyAreaOf[pod]! += this.busyOf[pod]! * (now - this.lastChange[pod]!);
    this.lastChange[pod] = now;
  }

  private start(req: number, pod: number, now: number): void {
    const requests = this.requests;
    requests.start[req] = now;
    this.chain.batchNext[req] = -1;
    // A service time given by the traffic (a trace) wins over the server's distribution and GPU.
    const given = requests.serviceTime[req]!;
    if (given !== given && this.gpus[pod] !== undefined) this.runOnGpu(req, pod, 1, now);
    else this.engine.schedule(now + (given === given ? given : this.serviceTime[pod]!.draw()), this.codes[ClassicEvent.Finished], req);
  }

  /** Moves the pod's one pending completion event to its GPU's next completion. */
  private reschedule(pod: number): void {
    const at = this.gpus[pod]!.nextAt();
    if (at === this.gpuDue[pod] || at === Infinity) return;
    this.gpuDue[pod] = at;
    this.engine.schedule(at, this.codes[ClassicEvent.GpuDone], pod);
  }

  /** The batch headed by `head` ends its fixed time and starts its GPU work. */
  private enterGpu(head: number, pod: number, now: number): void {
    this.gpus[pod]!.add(head, this.chain.gpuWork[head]!, this.chain.gpuCap[head]!, now);
    this.reschedule(pod);
  }

  /** Starts the batch headed by `head` (`items` requests) on the pod's shared GPU: fixed time first, then GPU work. */
  private runOnGpu(head: number, pod: number, items: number, now: number): void {
    const w = this.specs[pod]!.gpuWork!(items);
    this.chain.gpuWork[head] = w.work;
    this.chain.gpuCap[head] = w.cap;
    if (w.fixed > 0) this.engine.schedule(now + w.fixed, this.codes[ClassicEvent.GpuEnter], head);
    else this.enterGpu(head, pod, now);
  }

  /** Starts a batch of the `size` oldest queued requests on a free instance. */
  private startBatch(pod: number, size: number, now: number): void {
    const b = this.specs[pod]!.batching!;
    const { requests, queues, chain } = this;
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
    this.account(pod, now);
    this.busyOf[pod]! += 1;
    if (this.gpus[pod] !== undefined) this.runOnGpu(head, pod, size, now);
    else this.engine.schedule(now + b.batchTime(size), this.codes[ClassicEvent.Finished], head);
  }

  /** With batching: start what a free instance may start now, or arrange to look again when the oldest request's delay expires. */
  private dispatch(pod: number, now: number): void {
    const b = this.specs[pod]!.batching!;
    const queues = this.queues;
    while (this.busyOf[pod]! < this.concurrency[pod]! && queues.length(pod) > 0) {
      const oldest = this.requests.arrival[queues.front(pod)]!;
      if (queues.length(pod) >= b.maxBatchSize || now >= oldest + b.maxQueueDelay) this.startBatch(pod, Math.min(b.maxBatchSize, queues.length(pod)), now);
      else {
        const due = oldest + b.maxQueueDelay;
        if (this.batchDue[pod] !== due) {
          this.batchDue[pod] = due;
          this.engine.schedule(due, this.codes[ClassicEvent.BatchDue], pod);
        }
        return;
      }
    }
  }

  /** An instance of `pod` became free at `now`. */
  private freed(pod: number, now: number): void {
    const queues = this.queues;
    if (this.batched[pod] === 1) return this.freedBatching(pod, now);
    if (queues.length(pod) > 0) return this.start(queues.pop(pod), pod, now);
    this.account(pod, now);
    this.busyOf[pod]! -= 1;
    if (this.draining[pod] === 1 && this.busyOf[pod] === 0 && queues.length(pod) === 0) this.observer.drained(pod, now);
  }

  /** {@link freed} with batching: the instance may take the next batch. */
  private freedBatching(pod: number, now: number): void {
    this.account(pod, now);
    this.busyOf[pod]! -= 1;
    this.dispatch(pod, now);
    if (this.draining[pod] === 1 && this.busyOf[pod] === 0 && this.queues.length(pod) === 0) this.observer.drained(pod, now);
  }

  /** Every request of the batch headed by `head` finished; its instance is free. */
  private finishBatch(head: number, now: number): void {
    const requests = this.requests;
    const pod = requests.pod[head]!;
    for (let r = head; r >= 0; ) {
      const next = this.chain.batchNext[r]!;
      this.observer.finished(r, now);
      requests.release(r);
      r = next;
    }
    this.freed(pod, now);
  }

  /** Releases the slots of a batch of an aborted pod (its requests were reported failed already). */
  private releaseAborted(head: number): void {
    for (let r = head; r >= 0; r = this.chain.batchNext[r]!) {
      this.aborted.delete(r);
      this.requests.release(r);
    }
  }

  private onFinished(req: number, now: number): void {
    // The pod was aborted: its in-service requests were reported failed already.
    if (this.aborted.size > 0 && this.aborted.has(req)) this.releaseAborted(req);
    else this.finishBatch(req, now);
  }

  private onGpuEnter(head: number, now: number): void {
    if (this.aborted.size > 0 && this.aborted.has(head)) this.releaseAborted(head);
    else this.enterGpu(head, this.requests.pod[head]!, now);
  }

  private onGpuDone(pod: number, now: number): void {
    // Each change of the GPU's items moves the completion; only the current one counts.
    if (this.gpuDue[pod] !== now) return;
    this.gpuDue[pod] = NaN;
    const gpu = this.gpus[pod]!;
    const head = gpu.nextId();
    gpu.remove(head, now);
    this.finishBatch(head, now);
    this.reschedule(pod);
  }

  private onBatchDue(pod: number, now: number): void {
    // A later arrival may have moved the due time; only the current one counts.
    if (this.batchDue[pod] !== now) return;
    this.batchDue[pod] = NaN;
    this.dispatch(pod, now);
  }

  private onTimedOut(req: number, now: number): void {
    const requests = this.requests;
    // Stale when the request started, or when the slot now holds a later request.
    if (requests.live[req] !== 1 || requests.start[req] === requests.start[req]) return;
    const pod = requests.pod[req]!;
    // The slot may now hold a request of another service, at a pod this server does not run.
    if (this.specs[pod] === undefined || requests.arrival[req]! + this.timeout[pod]! !== now || !this.queues.remove(pod, req)) return;
    this.observer.timedOut(req, now);
    requests.release(req);
    if (this.draining[pod] === 1 && this.busyOf[pod] === 0 && this.queues.length(pod) === 0) this.observer.drained(pod, now);
  }

  addPod(pod: number, spec: ClassicPodSpec, now: number): void {
    // An aborted pod may join again: its container restarted (CrashLoopBackOff).
    if (this.specs[pod] !== undefined && !this.abortedPods.delete(pod)) throw new Error(`pod ${pod} joined twice`);
    const n = (this.n = Math.max(this.n, pod + 1));
    this.concurrency = grown(this.concurrency, n, (k) => new Int32Array(k));
    this.queueLimit = grown(this.queueLimit, n, (k) => new Float64Array(k));
    this.timeout = grown(this.timeout, n, (k) => new Float64Array(k));
    this.batched = grown(this.batched, n, (k) => new Uint8Array(k));
    this.busyOf = grown(this.busyOf, n, (k) => new Int32Array(k));
    this.busyAreaOf = grown(this.busyAreaOf, n, (k) => new Float64Array(k));
    this.lastChange = grown(this.lastChange, n, (k) => new Float64Array(k));
    this.draining = grown(this.draining, n, (k) => new Uint8Array(k));
    this.batchDue = grown(this.batchDue, n, (k) => new Float64Array(k).fill(NaN));
    this.gpuDue = grown(this.gpuDue, n, (k) => new Float64Array(k).fill(NaN));
    this.gpus[pod] = spec.gpuWork ? createSharedGpu() : undefined;
    this.gpuDue[pod] = NaN;
    this.concurrency[pod] = spec.concurrency;
    this.queueLimit[pod] = spec.queueLimit;
    this.timeout[pod] = spec.timeout;
    this.batched[pod] = spec.batching === null ? 0 : 1;
    this.serviceTime[pod] = spec.serviceTime;
    this.lastChange[pod] = now;
    this.batchDue[pod] = NaN;
    this.specs[pod] = spec;
    this.queues.add(pod);
  }

  admit(req: number, now: number): boolean {
    const pod = this.requests.pod[req]!;
    const batched = this.batched[pod] === 1;
    if (!batched && this.busyOf[pod]! < this.concurrency[pod]!) {
      this.account(pod, now);
      this.busyOf[pod]! += 1;
      this.start(req, pod, now);
      return true;
    }
    const queues = this.queues;
    if (queues.length(pod) >= this.queueLimit[pod]!) return false;
    queues.push(pod, req);
    const timeout = this.timeout[pod]!;
    if (timeout !== Infinity) this.engine.schedule(now + timeout, this.codes[ClassicEvent.TimedOut], req);
    if (batched) this.dispatch(pod, now);
    return true;
  }

  busy(pod: number): number {
    return pod < this.n ? this.busyOf[pod]! : 0;
  }

  queued(pod: number): number {
    return pod < this.n ? this.queues.length(pod) : 0;
  }

  busyArea(pod: number): number {
    return pod < this.n ? this.busyAreaOf[pod]! : 0;
  }

  flush(now: number): void {
    for (let pod = 0; pod < this.n; pod++) this.account(pod, now);
  }

  drain(pod: number, now: number): boolean {
    if (pod >= this.n || this.specs[pod] === undefined) return false;
    this.account(pod, now);
    this.draining[pod] = 1;
    return this.busyOf[pod]! + this.queues.length(pod) > 0;
  }

  abort(pod: number, now: number): void {
    if (pod >= this.n || this.specs[pod] === undefined) return;
    const { requests, queues, observer, aborted } = this;
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
    for (const head of this.gpus[pod]?.ids() ?? []) this.releaseAborted(head);
    if (this.gpus[pod] !== undefined) this.gpus[pod] = createSharedGpu();
    this.gpuDue[pod] = NaN;
    this.account(pod, now);
    this.busyOf[pod] = 0;
    this.draining[pod] = 0;
    this.batchDue[pod] = NaN;
    this.abortedPods.add(pod);
  }
}
