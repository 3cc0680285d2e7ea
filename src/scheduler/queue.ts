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
  /** A pod failed to schedule at `now`: it waits in unschedulablePods. Returns its backoff expiry. */
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
  const where = new Map<number, QueueState>();
  const priority = new Map<number, number>();
  const stamp = new Map<number, number>();
  const seq = new Map<number, number>();
  const tries = new Map<number, number>();
  let counter = 0;
  const backoffDuration = (pod: number) => {
    let d = o.initialBackoff;
    for (let i = 1; i < (tries.get(pod) ?? 0); i++) {
      if (d > o.maxBackoff - d) return o.maxBackoff;
      d += d;
    }
    return d;
  };
  const expiry = (pod: number) => stamp.get(pod)! + backoffDuration(pod);
  const active = createHeap((a, b) => {
    const pa = priority.get(a)!;
    const pb = priority.get(b)!;
    if (pa !== pb) return pa > pb;
    const ta = stamp.get(a)!;
    const tb = stamp.get(b)!;
    return ta !== tb ? ta < tb : seq.get(a)! < seq.get(b)!;
  });
  const backoff = createHeap((a, b) => {
    const ea = expiry(a);
    const eb = expiry(b);
    return ea !== eb ? ea < eb : seq.get(a)! < seq.get(b)!;
  });
  const unschedulable = new Set<number>();
  const toActive = (pod: number) => {
    where.set(pod, QueueState.Active);
    active.push(pod);
  };

  return {
    get activeSize() {
      return active.size;
    },
    state: (pod) => where.get(pod) ?? QueueState.None,
    add(pod, p, now) {
      if (where.has(pod) && where.get(pod) !== QueueState.None) return;
      priority.set(pod, p);
      stamp.set(pod, now);
      seq.set(pod, counter++);
      toActive(pod);
    },
    pop() {
      const pod = active.pop();
      if (pod === undefined) return -1;
      where.set(pod, QueueState.InFlight);
      return pod;
    },
    failed(pod, now) {
      tries.set(pod, (tries.get(pod) ?? 0) + 1);
      stamp.set(pod, now);
      seq.set(pod, counter++);
      where.set(pod, QueueState.Unschedulable);
      unschedulable.add(pod);
      return expiry(pod);
    },
    moveAll(now) {
      const moved = [...unschedulable];
      unschedulable.clear();
      for (const pod of moved) {
        if (expiry(pod) > now) {
          where.set(pod, QueueState.Backoff);
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
        if (now - stamp.get(pod)! < maxWait) continue;
        unschedulable.delete(pod);
        if (expiry(pod) > now) {
          where.set(pod, QueueState.Backoff);
          backoff.push(pod);
        } else toActive(pod);
      }
    },
    remove(pod) {
      const s = where.get(pod);
      if (s === QueueState.Active) active.remove(pod);
      else if (s === QueueState.Backoff) backoff.remove(pod);
      else if (s === QueueState.Unschedulable) unschedulable.delete(pod);
      where.delete(pod);
      priority.delete(pod);
      stamp.delete(pod);
      seq.delete(pod);
      tries.delete(pod);
    },
    attempts: (pod) => tries.get(pod) ?? 0,
  };
}
