/**
 * The future event list: a binary min-heap over typed arrays (struct-of-arrays), ordered by
 * (time, key) where key = priority × 2^44 + sequence number. No object is allocated per event.
 */

/** Sequence numbers stay below 2^44 so that priority × 2^44 + seq is exact in a float64 (< 2^53). */
export const SEQ_LIMIT = 2 ** 44;
/** Priorities are small integers; lower runs first among events at the same time. */
export const PRIORITY_LIMIT = 256;

export interface EventQueue {
  /** Number of pending events. */
  size: number;
  time: Float64Array;
  key: Float64Array;
  kind: Uint16Array;
  target: Int32Array;
}

export function createEventQueue(initialCapacity = 1024): EventQueue {
  const capacity = Math.max(16, initialCapacity);
  return {
    size: 0,
    time: new Float64Array(capacity),
    key: new Float64Array(capacity),
    kind: new Uint16Array(capacity),
    target: new Int32Array(capacity),
  };
}

function grow(q: EventQueue): void {
  const capacity = q.time.length * 2;
  const time = new Float64Array(capacity);
  const key = new Float64Array(capacity);
  const kind = new Uint16Array(capacity);
  const target = new Int32Array(capacity);
  time.set(q.time);
  key.set(q.key);
  kind.set(q.kind);
  target.set(q.target);
  q.time = time;
  q.key = key;
  q.kind = kind;
  q.target = target;
}

/** Inserts an event; sifts a hole up from the end instead of swapping. */
export function pushEvent(q: EventQueue, t: number, k: number, kind: number, target: number): void {
  if (q.size === q.time.length) grow(q);
  const time = q.time;
  const key = q.key;
  let i = q.size++;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pt = time[parent]!;
    if (pt < t || (pt === t && key[parent]! < k)) break;
    time[i] = pt;
    key[i] = key[parent]!;
    q.kind[i] = q.kind[parent]!;
    q.target[i] = q.target[parent]!;
    i = parent;
  }
  time[i] = t;
  key[i] = k;
  q.kind[i] = kind;
  q.target[i] = target;
}

/** Removes the earliest event (the root). The caller reads index 0 before calling this. */
export function popEvent(q: EventQueue): void {
  const n = --q.size;
  if (n === 0) return;
  const time = q.time;
  const key = q.key;
  const kinds = q.kind;
  const targets = q.target;
  // Move the last entry into the root's hole and sift it down.
  const t = time[n]!;
  const k = key[n]!;
  const kind = kinds[n]!;
  const target = targets[n]!;
  let i = 0;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= n) break;
    const right = child + 1;
    if (right < n) {
      const ct = time[child]!;
      const rt = time[right]!;
      if (rt < ct || (rt === ct && key[right]! < key[child]!)) child = right;
    }
    const ct = time[child]!;
    if (t < ct || (t === ct && k < key[child]!)) break;
    time[i] = ct;
    key[i] = key[child]!;
    kinds[i] = kinds[child]!;
    targets[i] = targets[child]!;
    i = child;
  }
  time[i] = t;
  key[i] = k;
  kinds[i] = kind;
  targets[i] = target;
}
