/**
 * The scheduling queue (pkg/scheduler/backend/queue/scheduling_queue.go PriorityQueue): activeQ
 * ordered by PrioritySort (higher priority first, then the earlier queue timestamp); pods that
 * failed wait in unschedulablePods until the cluster changes, then go to backoffQ while their
 * backoff (initial × 2^(attempts−1), capped) runs, else straight back to activeQ.
 */

/** A binary min-heap of ids under a comparator. */
export function createHeap(less: (a: number, b: number) => boolean) {
  const items: number[] = [];
  const swap = (i: number, j: number) => ([items[i], items[j]] = [items[j]!, items[i]!]);
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!less(items[i]!, items[parent]!)) break;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < items.length && less(items[l]!, items[m]!)) m = l;
      if (r < items.length && less(items[r]!, items[m]!)) m = r;
      if (m === i) break;
      swap(i, m);
      i = m;
    }
  };
  return {
    get size() {
      return items.length;
    },
    peek: (): number | undefined => items[0],
    push(x: number) {
      items.push(x);
      up(items.length - 1);
    },
    pop(): number | undefined {
      const top = items[0];
      const last = items.pop();
      if (items.length > 0 && last !== undefined) {
        items[0] = last;
        down(0);
      }
      return top;
    },
    remove(x: number): boolean {
      const i = items.indexOf(x);
      if (i < 0) return false;
      const last = items.pop()!;
      if (i < items.length) {
        items[i] = last;
        up(i);
        down(i);
      }
      return true;
    },
  };
}

export const QueueState = { None: 0, Active: 1, Backoff: 2, Unschedulable: 3, InFlight: 4 } as const;
export type QueueState = (typeof QueueState)[keyof typeof QueueState];

export interface QueueOptions {
  readonly initialBackoff: number;
  readonly maxBackoff: number;
}

export interface SchedulingQueue {
  readonly activeSize: number;
  /** Where the pod is. */
  state(pod: number): QueueState;
  /** A new pod (or one whose nomination was cleared) enters activeQ. */
  add(pod: number, priority: number, now: number): void;
  /** The next pod to schedule (it is then in flight), or -1. */
  pop(): number;
  /**
   * A pod failed to schedule at `now`: it waits in unschedulablePods, or in backoffQ if the cluster
   * changed while it was being scheduled (upstream's moveRequestCycle). Returns its backoff expiry.
   */
  failed(pod: number, now: number): number;
  /** A cluster change: unschedulable pods go to backoffQ or, with their backoff over, to activeQ. Returns how many moved. */
  moveAll(now: number): number;
  /** Moves pods whose backoff ended by `now` to activeQ; returns the next expiry (Infinity when none). */
  flushBackoff(now: number): number;
  /** Moves pods unschedulable for longer than `maxWait` (flushUnschedulablePodsLeftover). */
  flushLeftover(now: number, maxWait: number): void;
  /** The pod leaves the queue (bound or deleted). */
  remove(pod: number): void;
  /** Failed attempts so far. */
  attempts(pod: number): number;
}

export function createSchedulingQueue(o: QueueOptions): SchedulingQueue {
  // Per pod id (dense), grown on demand.
  let where = new Uint8Array(64);
  let priority = new Int32Array(64);
  let stamp = new Float64Array(64);
  let seq = new Float64Array(64);
  let tries = new Int32Array(64);
  let poppedIn = new Float64Array(64);
  // schedulingCycle counts pops; moveRequestCycle is the cycle of the last cluster change.
  let schedulingCycle = 0;
  let moveRequestCycle = -1;
  const fit = (pod: number) => {
    if (pod < where.length) return;
    const n = Math.max(pod + 1, where.length * 2);
    const grow = <A extends Uint8Array | Int32Array | Float64Array>(a: A, make: (k: number) => A): A => {
      const b = make(n);
      b.set(a);
      return b;
    };
    where = grow(where, (k) => new Uint8Array(k));
    priority = grow(priority, (k) => new Int32Array(k));
    stamp = grow(stamp, (k) => new Float64Array(k));
    seq = grow(seq, (k) => new Float64Array(k));
    tries = grow(tries, (k) => new Int32Array(k));
    poppedIn = grow(poppedIn, (k) => new Float64Array(k));
  };
  let counter = 0;
  const backoffDuration = (pod: number) => {
    let d = o.initialBackoff;
    for (let i = 1; i < tries[pod]!; i++) {
      if (d > o.maxBackoff - d) return o.maxBackoff;
      d += d;
    }
    return d;
  };
  const expiry = (pod: number) => stamp[pod]! + backoffDuration(pod);
  const active = createHeap((a, b) => {
    const pa = priority[a]!;
    const pb = priority[b]!;
    if (pa !== pb) return pa > pb;
    const ta = stamp[a]!;
    const tb = stamp[b]!;
    return ta !== tb ? ta < tb : seq[a]! < seq[b]!;
  });
  const backoff = createHeap((a, b) => {
    const ea = expiry(a);
    const eb = expiry(b);
    return ea !== eb ? ea < eb : seq[a]! < seq[b]!;
  });
  const unschedulable = new Set<number>();
  const toActive = (pod: number) => {
    where[pod] = QueueState.Active;
    active.push(pod);
  };

  return {
    get activeSize() {
      return active.size;
    },
    state: (pod) => (pod < where.length ? (where[pod] as QueueState) : QueueState.None),
    add(pod, p, now) {
      fit(pod);
      if (where[pod] !== QueueState.None) return;
      priority[pod] = p;
      stamp[pod] = now;
      seq[pod] = counter++;
      toActive(pod);
    },
    pop() {
      const pod = active.pop();
      if (pod === undefined) return -1;
      where[pod] = QueueState.InFlight;
      poppedIn[pod] = ++schedulingCycle;
      return pod;
    },
    failed(pod, now) {
      fit(pod);
      tries[pod]! += 1;
      stamp[pod] = now;
      seq[pod] = counter++;
      if (moveRequestCycle >= poppedIn[pod]!) {
        where[pod] = QueueState.Backoff;
        backoff.push(pod);
      } else {
        where[pod] = QueueState.Unschedulable;
        unschedulable.add(pod);
      }
      return expiry(pod);
    },
    moveAll(now) {
      moveRequestCycle = schedulingCycle;
      const moved = [...unschedulable];
      unschedulable.clear();
      for (const pod of moved) {
        if (expiry(pod) > now) {
          where[pod] = QueueState.Backoff;
          backoff.push(pod);
        } else toActive(pod);
      }
      return moved.length;
    },
    flushBackoff(now) {
      for (let pod = backoff.peek(); pod !== undefined && expiry(pod) <= now; pod = backoff.peek()) toActive(backoff.pop()!);
      const next = backoff.peek();
      return next === undefined ? Infinity : expiry(next);
    },
    flushLeftover(now, maxWait) {
      for (const pod of [...unschedulable]) {
        if (now - stamp[pod]! < maxWait) continue;
        unschedulable.delete(pod);
        if (expiry(pod) > now) {
          where[pod] = QueueState.Backoff;
          backoff.push(pod);
        } else toActive(pod);
      }
    },
    remove(pod) {
      if (pod >= where.length) return;
      const s = where[pod];
      if (s === QueueState.Active) active.remove(pod);
      else if (s === QueueState.Backoff) backoff.remove(pod);
      else if (s === QueueState.Unschedulable) unschedulable.delete(pod);
      where[pod] = QueueState.None;
      tries[pod] = 0;
    },
    attempts: (pod) => (pod < tries.length ? tries[pod]! : 0),
  };
}
