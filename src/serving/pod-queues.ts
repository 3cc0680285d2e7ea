/** One FCFS queue of request slots per pod: ring buffers that double when full. */
export interface PodQueues {
  add(pod: number): void;
  length(pod: number): number;
  front(pod: number): number;
  push(pod: number, req: number): void;
  pop(pod: number): number;
  /** Removes `req` wherever it waits (timeouts; O(queue length)); false when it is not queued. */
  remove(pod: number, req: number): boolean;
}

export function createPodQueues(): PodQueues {
  return new RingQueues();
}

/** A class rather than closures, so that every run in a process shares one optimised push and pop. */
class RingQueues implements PodQueues {
  private readonly ring: Int32Array[] = [];
  private readonly head: number[] = [];
  private readonly size: number[] = [];

  add(pod: number): void {
    this.ring[pod] = new Int32Array(16);
    this.head[pod] = 0;
    this.size[pod] = 0;
  }

  length(pod: number): number {
    return this.size[pod] ?? 0;
  }

  front(pod: number): number {
    return this.ring[pod]![this.head[pod]!]!;
  }

  push(pod: number, req: number): void {
    let buf = this.ring[pod]!;
    const len = this.size[pod]!;
    if (len === buf.length) {
      const bigger = new Int32Array(buf.length * 2);
      for (let i = 0; i < len; i++) bigger[i] = buf[(this.head[pod]! + i) % buf.length]!;
      this.ring[pod] = buf = bigger;
      this.head[pod] = 0;
    }
    buf[(this.head[pod]! + len) % buf.length] = req;
    this.size[pod] = len + 1;
  }

  pop(pod: number): number {
    const buf = this.ring[pod]!;
    const h = this.head[pod]!;
    this.head[pod] = h + 1 === buf.length ? 0 : h + 1;
    this.size[pod]! -= 1;
    return buf[h]!;
  }

  remove(pod: number, req: number): boolean {
    const buf = this.ring[pod]!;
    const len = this.size[pod]!;
    const h = this.head[pod]!;
    let i = 0;
    while (i < len && buf[(h + i) % buf.length] !== req) i++;
    if (i === len) return false;
    for (; i < len - 1; i++) buf[(h + i) % buf.length] = buf[(h + i + 1) % buf.length]!;
    this.size[pod] = len - 1;
    return true;
  }
}
