/**
 * Requests in flight, in reusable slots (struct-of-arrays with a free list), so that memory
 * grows with the requests in flight, never with the requests simulated.
 */

export interface RequestTable {
  /** Slots in use. */
  readonly inUse: number;
  /** Slots allocated (in use or free); grows by doubling up to the limit, never shrinks. */
  readonly capacity: number;
  /** Arrival time of the request in each slot. */
  readonly arrival: Float64Array;
  /** Time its service started (NaN while it waits). */
  readonly start: Float64Array;
  readonly service: Int32Array;
  readonly pod: Int32Array;
  /** Prompt and output tokens (LLM requests; 0 otherwise). */
  readonly inputTokens: Int32Array;
  readonly outputTokens: Int32Array;
  /** Service time given by the traffic (a trace column), or NaN when the server draws it. */
  readonly serviceTime: Float64Array;
  /** Request class from the traffic, or −1. */
  readonly requestClass: Int32Array;
  /** Prefix-cache block hashes of the prompt, or null. */
  readonly hashIds: (Int32Array | null)[];
  /** 1 for slots in use. */
  readonly live: Uint8Array;
  /** Takes a free slot, or returns -1 when `limit` slots are in use. Attributes start empty. */
  alloc(service: number, pod: number, arrival: number): number;
  release(slot: number): void;
}

export function createRequestTable(limit: number, initialCapacity = 1024): RequestTable {
  let capacity = Math.min(limit, Math.max(16, initialCapacity));
  let arrival = new Float64Array(capacity);
  let start = new Float64Array(capacity);
  let service = new Int32Array(capacity);
  let pod = new Int32Array(capacity);
  let inputTokens = new Int32Array(capacity);
  let outputTokens = new Int32Array(capacity);
  let serviceTime = new Float64Array(capacity);
  let requestClass = new Int32Array(capacity);
  let live = new Uint8Array(capacity);
  const hashIds: (Int32Array | null)[] = [];
  // Free slots as a stack; slots above `fresh` have never been used.
  let free = new Int32Array(capacity);
  let freeTop = 0;
  let fresh = 0;
  let inUse = 0;

  const grow = (): boolean => {
    if (capacity >= limit) return false;
    const next = Math.min(limit, capacity * 2);
    const copy = <A extends Float64Array | Int32Array | Uint8Array>(a: A, make: (n: number) => A): A => {
      const b = make(next);
      b.set(a);
      return b;
    };
    arrival = copy(arrival, (n) => new Float64Array(n));
    start = copy(start, (n) => new Float64Array(n));
    service = copy(service, (n) => new Int32Array(n));
    pod = copy(pod, (n) => new Int32Array(n));
    inputTokens = copy(inputTokens, (n) => new Int32Array(n));
    outputTokens = copy(outputTokens, (n) => new Int32Array(n));
    serviceTime = copy(serviceTime, (n) => new Float64Array(n));
    requestClass = copy(requestClass, (n) => new Int32Array(n));
    live = copy(live, (n) => new Uint8Array(n));
    free = copy(free, (n) => new Int32Array(n));
    capacity = next;
    table.capacity = capacity;
    table.arrival = arrival;
    table.start = start;
    table.service = service;
    table.pod = pod;
    table.inputTokens = inputTokens;
    table.outputTokens = outputTokens;
    table.serviceTime = serviceTime;
    table.requestClass = requestClass;
    table.live = live;
    return true;
  };

  const table = {
    inUse: 0,
    capacity,
    arrival,
    start,
    service,
    pod,
    inputTokens,
    outputTokens,
    serviceTime,
    requestClass,
    hashIds,
    live,
    alloc(svc: number, p: number, t: number): number {
      let slot: number;
      if (freeTop > 0) slot = free[--freeTop]!;
      else {
        if (fresh === capacity && !grow()) return -1;
        slot = fresh++;
      }
      arrival[slot] = t;
      start[slot] = NaN;
      service[slot] = svc;
      pod[slot] = p;
      inputTokens[slot] = 0;
      outputTokens[slot] = 0;
      serviceTime[slot] = NaN;
      requestClass[slot] = -1;
      hashIds[slot] = null;
      live[slot] = 1;
      table.inUse = ++inUse;
      return slot;
    },
    release(slot: number): void {
      hashIds[slot] = null;
      live[slot] = 0;
      free[freeTop++] = slot;
      table.inUse = --inUse;
    },
  };
  return table;
}
