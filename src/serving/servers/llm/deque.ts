/** A double-ended queue of request slots (a ring buffer that doubles when full). */
export interface Deque {
  readonly length: number;
  front(): number;
  /** The i-th element from the front (0 ≤ i < length). */
  at(i: number): number;
  pushBack(x: number): void;
  pushFront(x: number): void;
  popFront(): number;
  /** Removes `x` wherever it is (O(length)); false when it is not there. */
  remove(x: number): boolean;
}

export function createDeque(): Deque {
  return new RingDeque();
}

/**
 * A class rather than an object literal of closures: a literal's getter is a new function per
 * deque, which gives every deque its own hidden class, so that reading `length` across a run's
 * pods went through the megamorphic inline cache. One class keeps one shape and one copy of code.
 */
class RingDeque implements Deque {
  private buf = new Int32Array(16);
  private head = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  private grow(): void {
    const buf = this.buf;
    const next = new Int32Array(buf.length * 2);
    for (let i = 0; i < this.size; i++) next[i] = buf[(this.head + i) % buf.length]!;
    this.buf = next;
    this.head = 0;
  }

  front(): number {
    return this.buf[this.head]!;
  }

  at(i: number): number {
    return this.buf[(this.head + i) % this.buf.length]!;
  }

  pushBack(x: number): void {
    if (this.size === this.buf.length) this.grow();
    const buf = this.buf;
    buf[(this.head + this.size) % buf.length] = x;
    this.size++;
  }

  pushFront(x: number): void {
    if (this.size === this.buf.length) this.grow();
    const buf = this.buf;
    this.head = (this.head - 1 + buf.length) % buf.length;
    buf[this.head] = x;
    this.size++;
  }

  popFront(): number {
    const buf = this.buf;
    const x = buf[this.head]!;
    this.head = (this.head + 1) % buf.length;
    this.size--;
    return x;
  }

  remove(x: number): boolean {
    const buf = this.buf;
    const head = this.head;
    const length = this.size;
    let i = 0;
    while (i < length && buf[(head + i) % buf.length] !== x) i++;
    if (i === length) return false;
    for (; i < length - 1; i++) buf[(head + i) % buf.length] = buf[(head + i + 1) % buf.length]!;
    this.size--;
    return true;
  }
}
