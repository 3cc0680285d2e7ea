/**
 * Requests in flight, in reusable slots (struct-of-arrays with a free list), so that memory
 * grows with the requests in flight, never with the requests simulated. The table holds every
 * field of a request: the common ones below, and the columns a model server declares for its own
 * per-request state (`columns`), which grow with the table.
 */
import type { RequestInput } from "./observer.js";

/** The typed arrays a column may be. */
export type ColumnType = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;
type Column = Float64Array | Int32Array | Uint8Array;

/** Live columns: the arrays are replaced when the table grows, so read them through this object, never keep one. */
export type Columns<S extends Readonly<Record<string, ColumnType>>> = { readonly [K in keyof S]: InstanceType<S[K]> };

export interface RequestTable {
  /** Slots in use. */
  readonly inUse: number;
  /** Slots allocated (in use or free); grows by doubling up to the limit, never shrinks. */
  readonly capacity: number;
  /** When the request reached its pod (this try; the queue's timeout and batching delay count from here). */
  readonly arrival: Float64Array;
  /** When the client first sent it (before an activator hold or a retry): latencies count from here. */
  readonly origin: Float64Array;
  /** Tries before this one (0 for the first). */
  readonly attempt: Int32Array;
  /** Time its service started (NaN while it waits). */
  readonly start: Float64Array;
  /** Time of its first output token (LLM requests; NaN before, and for requests that produce none). */
  readonly firstToken: Float64Array;
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
  /** Takes a free slot, or returns -1 when `limit` slots are in use. Attributes start empty; origin is the arrival. */
  alloc(service: number, pod: number, arrival: number): number;
  /** {@link alloc} with the request's first send (`origin`), its tries before this one and what the traffic gave of it. */
  allocRequest(service: number, pod: number, arrival: number, origin: number, attempt: number, input: RequestInput): number;
  release(slot: number): void;
  /** Adds per-request columns (a model server's own state); their values in a fresh slot are whatever the last user left. */
  columns<S extends Readonly<Record<string, ColumnType>>>(spec: S): Columns<S>;
}

/** What {@link RequestTable.alloc} writes of a request whose attributes are not known yet. */
const NO_ATTRIBUTES: RequestInput = { inputTokens: 0, outputTokens: 0, serviceTime: NaN, requestClass: -1, hashIds: null };

const BASE_COLUMNS = {
  arrival: Float64Array,
  origin: Float64Array,
  attempt: Int32Array,
  start: Float64Array,
  firstToken: Float64Array,
  service: Int32Array,
  pod: Int32Array,
  inputTokens: Int32Array,
  outputTokens: Int32Array,
  serviceTime: Float64Array,
  requestClass: Int32Array,
  live: Uint8Array,
} as const;

export function createRequestTable(limit: number, initialCapacity = 1024): RequestTable {
  return new Table(limit, Math.min(limit, Math.max(16, initialCapacity)));
}

/**
 * A class rather than closures, so that every run in a process shares one optimised alloc and
 * release. Its base columns are its own fields (assigned in `attach`, replaced in `grow`).
 */
class Table {
  inUse = 0;
  /**
   * Filled with null from the start, so that its elements kind is the same in every run: an array
   * that starts empty changes kind at its first store, and code optimised in an earlier run (for
   * the changed kind) would be thrown away at that store in the next.
   */
  readonly hashIds: (Int32Array | null)[];
  declare readonly arrival: Float64Array;
  declare readonly origin: Float64Array;
  declare readonly attempt: Int32Array;
  declare readonly start: Float64Array;
  declare readonly firstToken: Float64Array;
  declare readonly service: Int32Array;
  declare readonly pod: Int32Array;
  declare readonly inputTokens: Int32Array;
  declare readonly outputTokens: Int32Array;
  declare readonly serviceTime: Float64Array;
  declare readonly requestClass: Int32Array;
  declare readonly live: Uint8Array;
  /** Every group of columns (the table's own, then each server's), each with its spec. */
  private readonly groups: { target: Record<string, Column>; spec: Readonly<Record<string, ColumnType>> }[] = [];
  /** Free slots as a stack; slots at and above `fresh` have never been used. */
  private free: Int32Array;
  private freeTop = 0;
  private fresh = 0;

  constructor(
    private readonly limit: number,
    public capacity: number,
  ) {
    this.free = new Int32Array(capacity);
    this.hashIds = new Array<Int32Array | null>(capacity).fill(null);
    this.attach(this as unknown as Record<string, Column>, BASE_COLUMNS);
  }

  private attach(target: Record<string, Column>, spec: Readonly<Record<string, ColumnType>>): void {
    for (const [name, make] of Object.entries(spec)) target[name] = new make(this.capacity);
    this.groups.push({ target, spec });
  }

  private grow(): boolean {
    if (this.capacity >= this.limit) return false;
    const next = Math.min(this.limit, this.capacity * 2);
    for (const { target, spec } of this.groups) {
      for (const [name, make] of Object.entries(spec)) {
        const b = new make(next);
        b.set(target[name]!);
        target[name] = b;
      }
    }
    const f = new Int32Array(next);
    f.set(this.free);
    this.free = f;
    for (let i = this.capacity; i < next; i++) this.hashIds.push(null);
    this.capacity = next;
    return true;
  }

  alloc(svc: number, p: number, t: number): number {
    return this.allocRequest(svc, p, t, t, 0, NO_ATTRIBUTES);
  }

  allocRequest(svc: number, p: number, t: number, origin: number, attempt: number, input: RequestInput): number {
    const slot = this.take();
    if (slot < 0) return -1;
    this.arrival[slot] = t;
    this.origin[slot] = origin;
    this.attempt[slot] = attempt;
    this.start[slot] = NaN;
    this.firstToken[slot] = NaN;
    this.service[slot] = svc;
    this.pod[slot] = p;
    this.inputTokens[slot] = input.inputTokens;
    this.outputTokens[slot] = input.outputTokens;
    this.serviceTime[slot] = input.serviceTime;
    this.requestClass[slot] = input.requestClass;
    this.hashIds[slot] = input.hashIds;
    this.live[slot] = 1;
    this.inUse++;
    return slot;
  }

  /** A free slot (the most recently released first), or −1 when `limit` slots are in use. */
  private take(): number {
    if (this.freeTop > 0) return this.free[--this.freeTop]!;
    if (this.fresh === this.capacity && !this.grow()) return -1;
    return this.fresh++;
  }

  release(slot: number): void {
    this.hashIds[slot] = null;
    this.live[slot] = 0;
    this.free[this.freeTop++] = slot;
    this.inUse--;
  }

  columns<S extends Readonly<Record<string, ColumnType>>>(spec: S): Columns<S> {
    const target: Record<string, Column> = {};
    this.attach(target, spec);
    return target as Columns<S>;
  }
}
