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
  const ring: Int32Array[] = [];
  const head: number[] = [];
  const size: number[] = [];
  return {
    add(pod) {
      ring[pod] = new Int32Array(16);
      head[pod] = 0;
      size[pod] = 0;
    },
    length: (pod) => size[pod] ?? 0,
    front: (pod) => ring[pod]![head[pod]!]!,
    push(pod, req) {
      let buf = ring[pod]!;
      const len = size[pod]!;
      if (len === buf.length) {
        const bigger = new Int32Array(buf.length * 2);
        for (let i = 0; i < len; i++) bigger[i] = buf[(head[pod]! + i) % buf.length]!;
        ring[pod] = buf = bigger;
        head[pod] = 0;
      }
      buf[(head[pod]! + len) % buf.length] = req;
      size[pod] = len + 1;
    },
    pop(pod) {
      const buf = ring[pod]!;
      const h = head[pod]!;
      head[pod] = h + 1 === buf.length ? 0 : h + 1;
      size[pod]! -= 1;
      return buf[h]!;
    },
    remove(pod, req) {
      const buf = ring[pod]!;
      const len = size[pod]!;
      const h = head[pod]!;
      let i = 0;
      while (i < len && buf[(h + i) % buf.length] !== req) i++;
      if (i === len) return false;
      for (; i < len - 1; i++) buf[(h + i) % buf.length] = buf[(h + i + 1) % buf.length]!;
      size[pod] = len - 1;
      return true;
    },
  };
}
