/**
 * The future event list: a binary min-heap over typed arrays (struct-of-arrays), ordered by
 * (time, key) where key = priority × 2^44 + sequence number. No object is allocated per event.
 * An entry may belong to a timer h: its target is then −(h + 1) (targets of other entries are
 * ≥ 0), and the heap keeps the entry's index in `pos[h]`, so that a timer's one pending event can
 * be moved or removed in place (decrease-key) instead of leaving a stale event behind.
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
  /** The event's target, or −(h + 1) for the event of timer h. */
  target: Int32Array;
  /** Heap index of each timer's pending entry, or −1 when it has none. */
  pos: Int32Array;
}

export function createEventQueue(initialCapacity = 1024): EventQueue {
  return new Queue(Math.max(16, initialCapacity));
}

/**
 * A class, not an object literal: creating a second literal of the same shape (the next run's
 * queue) made V8 drop every optimised function that had inlined the heap operations, so each
 * later run in a process compiled its hot path again; the fields of a class instance are set by
 * its constructor, which leaves optimised code alone.
 */
class Queue implements EventQueue {
  size = 0;
  time: Float64Array;
  key: Float64Array;
  kind: Uint16Array;
  target: Int32Array;
  pos: Int32Array;

  constructor(capacity: number) {
    this.time = new Float64Array(capacity);
    this.key = new Float64Array(capacity);
    this.kind = new Uint16Array(capacity);
    this.target = new Int32Array(capacity);
    this.pos = new Int32Array(16).fill(-1);
  }
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

/** A new timer handle `h` of the queue: room in `pos`, with no pending entry. */
export function addHandle(q: EventQueue, h: number): void {
  if (h >= q.pos.length) {
    const pos = new Int32Array(Math.max(h + 1, q.pos.length * 2)).fill(-1);
    pos.set(q.pos);
    q.pos = pos;
  }
  q.pos[h] = -1;
}

/** Places an entry in the hole at index i, moving it up past later parents. */
function siftUp(q: EventQueue, i: number, t: number, k: number, kind: number, target: number): void {
  const time = q.time;
  const key = q.key;
  const kinds = q.kind;
  const targets = q.target;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const pt = time[parent]!;
    if (pt < t || (pt === t && key[parent]! < k)) break;
    time[i] = pt;
    key[i] = key[parent]!;
    kinds[i] = kinds[parent]!;
    const tg = targets[parent]!;
    targets[i] = tg;
    if (tg < 0) q.pos[-tg - 1] = i;
    i = parent;
  }
  time[i] = t;
  key[i] = k;
  kinds[i] = kind;
  targets[i] = target;
  if (target < 0) q.pos[-target - 1] = i;
}

/** Places an entry in the hole at index i of a heap of n entries, moving it down past earlier children. */
function siftDown(q: EventQueue, i: number, n: number, t: number, k: number, kind: number, target: number): void {
  const time = q.time;
  const key = q.key;
  const kinds = q.kind;
  const targets = q.target;
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
    const tg = targets[child]!;
    targets[i] = tg;
    if (tg < 0) q.pos[-tg - 1] = i;
    i = child;
  }
  time[i] = t;
  key[i] = k;
  kinds[i] = kind;
  targets[i] = target;
  if (target < 0) q.pos[-target - 1] = i;
}

/**
 * Inserts an event (target −(h + 1) for the event of timer h); sifts a hole up from the end
 * instead of swapping. The loop is siftUp's, written out: the engine's hot path keeps it inline.
 */
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
    const tg = q.target[parent]!;
    q.target[i] = tg;
    if (tg < 0) q.pos[-tg - 1] = i;
    i = parent;
  }
  time[i] = t;
  key[i] = k;
  q.kind[i] = kind;
  q.target[i] = target;
  if (target < 0) q.pos[-target - 1] = i;
}

/** Removes the earliest event (the root): the last entry takes its place. The caller reads index 0 before calling this. */
export function popEvent(q: EventQueue): void {
  const n = --q.size;
  if (n > 0) replaceRoot(q, q.time[n]!, q.key[n]!, q.kind[n]!, q.target[n]!);
  else {
    const t0 = q.target[0]!;
    if (t0 < 0) q.pos[-t0 - 1] = -1;
  }
}

/**
 * Replaces the earliest event (the root) by a new one and sifts it down: a pop and a push in one
 * pass. The caller reads index 0 before calling this. The loop is siftDown's, written out.
 */
export function replaceRoot(q: EventQueue, t: number, k: number, kind: number, target: number): void {
  const time = q.time;
  const key = q.key;
  const kinds = q.kind;
  const targets = q.target;
  const t0 = targets[0]!;
  if (t0 < 0) q.pos[-t0 - 1] = -1;
  const n = q.size;
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
    const tg = targets[child]!;
    targets[i] = tg;
    if (tg < 0) q.pos[-tg - 1] = i;
    i = child;
  }
  time[i] = t;
  key[i] = k;
  kinds[i] = kind;
  targets[i] = target;
  if (target < 0) q.pos[-target - 1] = i;
}

/** Gives the entry at index i a new time and key, and moves it up or down to its place. */
export function moveEvent(q: EventQueue, i: number, t: number, k: number): void {
  const kind = q.kind[i]!;
  const target = q.target[i]!;
  const parent = (i - 1) >> 1;
  if (i > 0 && (t < q.time[parent]! || (t === q.time[parent]! && k < q.key[parent]!))) siftUp(q, i, t, k, kind, target);
  else siftDown(q, i, q.size, t, k, kind, target);
}

/** Removes the entry at index i. */
export function removeEvent(q: EventQueue, i: number): void {
  const gone = q.target[i]!;
  if (gone < 0) q.pos[-gone - 1] = -1;
  const n = --q.size;
  if (i === n) return;
  // The last entry fills the hole, then moves to its place from there.
  const t = q.time[n]!;
  const k = q.key[n]!;
  const target = q.target[n]!;
  q.time[i] = t;
  q.key[i] = k;
  q.kind[i] = q.kind[n]!;
  q.target[i] = target;
  if (target < 0) q.pos[-target - 1] = i;
  moveEvent(q, i, t, k);
}
