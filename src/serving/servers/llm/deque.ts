/** A double-ended queue of request slots (a ring buffer that doubles when full). */
export interface Deque {
  readonly length: number;
  front(): number;
  pushBack(x: number): void;
  pushFront(x: number): void;
  popFront(): number;
  /** Removes `x` wherever it is (O(length)); false when it is not there. */
  remove(x: number): boolean;
}

export function createDeque(): Deque {
  let buf = new Int32Array(16);
  let head = 0;
  let length = 0;
  const grow = () => {
    const next = new Int32Array(buf.length * 2);
    for (let i = 0; i < length; i++) next[i] = buf[(head + i) % buf.length]!;
    buf = next;
    head = 0;
  };
  return {
    get length() {
      return length;
    },
    front: () => buf[head]!,
    pushBack(x) {
      if (length === buf.length) grow();
      buf[(head + length) % buf.length] = x;
      length++;
    },
    pushFront(x) {
      if (length === buf.length) grow();
      head = (head - 1 + buf.length) % buf.length;
      buf[head] = x;
      length++;
    },
    popFront() {
      const x = buf[head]!;
      head = (head + 1) % buf.length;
      length--;
      return x;
    },
    remove(x) {
      let i = 0;
      while (i < length && buf[(head + i) % buf.length] !== x) i++;
      if (i === length) return false;
      for (; i < length - 1; i++) buf[(head + i) % buf.length] = buf[(head + i + 1) % buf.length]!;
      length--;
      return true;
    },
  };
}
