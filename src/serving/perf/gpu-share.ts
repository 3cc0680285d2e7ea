/**
 * A GPU as a shared device: processor sharing over the roofline. Every work item that runs on
 * one GPU (a classic batch of one model instance, an LLM iteration) has
 *   - `fixed` seconds that do not use the GPU's throughput (pre/post-processing, kernel launches,
 *     framework and server overhead): they overlap freely with other items' work;
 *   - `work`: GPU-seconds, the time its FLOPs and bytes take with the whole GPU to itself,
 *     max(FLOPs ÷ sustained FLOP/s, bytes ÷ bytes/s) at the calibrated efficiencies;
 *   - `cap` ≤ 1: the share of the GPU it can use on its own (a batch too small to fill the
 *     streaming multiprocessors runs at most at cap; alone it takes fixed + work ÷ cap).
 * Items in their GPU phase share the GPU max-min fairly (water-filling): each gets
 * min(cap, level) with the shares summing to at most 1. An item with share s does s × FLOPs ÷ work
 * FLOP/s, so the GPU's total FLOP/s never exceed its peak for the dtype, nor its bytes/s the
 * memory bandwidth, whatever the number of items; concurrency only helps by overlapping the fixed
 * costs and by filling what a small batch leaves idle.
 *
 * `createSharedGpu` keeps the items of one GPU for a discrete-event server: after each change
 * (add, remove, complete) the server reschedules one event at `nextAt()` (earlier events for this
 * GPU are stale), as the LLM cruise does for decode iterations.
 */

/** A work item's claim on a GPU. */
export interface GpuWork {
  /** Seconds outside the GPU's throughput (overlappable), spent before the GPU phase. */
  readonly fixed: number;
  /** GPU-seconds of work at the whole GPU. */
  readonly work: number;
  /** Largest share of the GPU the item uses on its own, in (0, 1]. */
  readonly cap: number;
  /** FLOPs (OPs for integer formats) the item computes. */
  readonly flops: number;
  /** Bytes the item moves to and from GPU memory. */
  readonly bytes: number;
}

/** Time of a work item alone on its GPU. */
export const aloneTime = (w: GpuWork): number => w.fixed + w.work / w.cap;

/**
 * Max-min fair shares of one GPU (water-filling) for items with the given caps: sets out[i] to
 * min(caps[i], level) with Σ out ≤ 1 and the level as high as it can be. Items with a larger cap
 * than the level get the level; the rest get their cap.
 */
export function fairShares(caps: ArrayLike<number>, n: number, out: Float64Array): void {
  let left = 1;
  let open = n;
  // Each pass fixes every item whose cap is below the current equal share; at most n passes.
  for (let i = 0; i < n; i++) out[i] = -1;
  for (let changed = true; changed && open > 0; ) {
    changed = false;
    const level = left / open;
    for (let i = 0; i < n; i++) {
      if (out[i]! < 0 && caps[i]! <= level) {
        out[i] = caps[i]!;
        left -= caps[i]!;
        open--;
        changed = true;
      }
    }
  }
  if (open > 0) {
    const level = left / open;
    for (let i = 0; i < n; i++) if (out[i]! < 0) out[i] = level;
  }
}

/** The items of one GPU in their GPU phase, with their remaining work. */
export interface SharedGpu {
  /** Items in their GPU phase. */
  readonly size: number;
  /** Starts the GPU phase of item `id` (unique among the items here) with `work` GPU-seconds and `cap`, at `now`. */
  add(id: number, work: number, cap: number, now: number): void;
  /** Takes item `id` off the GPU at `now` (finished or aborted); returns its remaining work (≈ 0 when it finished). */
  remove(id: number, now: number): number;
  /** Time the first item finishes under the current shares (Infinity when idle); valid until the next change. */
  nextAt(): number;
  /** Id of the item that finishes at nextAt() (−1 when idle). */
  nextId(): number;
  /** Current share of item `id` (0 when not here). */
  share(id: number): number;
  /** Ids of the items here, in the order they were added. */
  ids(): readonly number[];
}

export function createSharedGpu(): SharedGpu {
  return new Gpu();
}

/**
 * A class rather than an object literal of closures: a literal's `size` getter is a new function
 * per GPU, which gives every pod's GPU its own hidden class (and megamorphic calls across pods).
 */
class Gpu implements SharedGpu {
  private readonly itemIds: number[] = [];
  private remaining = new Float64Array(8);
  private caps = new Float64Array(8);
  private shares = new Float64Array(8);
  private last = 0;

  get size(): number {
    return this.itemIds.length;
  }

  private advance(now: number): void {
    if (now < this.last) throw new Error(`shared GPU: time went back from ${this.last} to ${now}`);
    const dt = now - this.last;
    const { itemIds, remaining, shares } = this;
    if (dt > 0) for (let i = 0; i < itemIds.length; i++) remaining[i] = Math.max(0, remaining[i]! - shares[i]! * dt);
    this.last = now;
  }

  private reshare(): void {
    fairShares(this.caps, this.itemIds.length, this.shares);
  }

  private grow(): void {
    if (this.itemIds.length < this.remaining.length) return;
    const n = this.remaining.length * 2;
    const r = new Float64Array(n);
    const c = new Float64Array(n);
    r.set(this.remaining);
    c.set(this.caps);
    this.remaining = r;
    this.caps = c;
    this.shares = new Float64Array(n);
  }

  add(id: number, work: number, cap: number, now: number): void {
    if (!(cap > 0 && cap <= 1)) throw new Error(`shared GPU: cap ${cap} of item ${id} is not in (0, 1]`);
    if (!(work >= 0)) throw new Error(`shared GPU: work ${work} of item ${id} is negative`);
    if (this.itemIds.indexOf(id) >= 0) throw new Error(`shared GPU: item ${id} added twice`);
    this.advance(now);
    this.grow();
    const n = this.itemIds.length;
    this.remaining[n] = work;
    this.caps[n] = cap;
    this.itemIds.push(id);
    this.reshare();
  }

  remove(id: number, now: number): number {
    const itemIds = this.itemIds;
    const i = itemIds.indexOf(id);
    if (i < 0) throw new Error(`shared GPU: item ${id} is not on this GPU`);
    this.advance(now);
    const left = this.remaining[i]!;
    itemIds.splice(i, 1);
    this.remaining.copyWithin(i, i + 1, itemIds.length + 1);
    this.caps.copyWithin(i, i + 1, itemIds.length + 1);
    this.reshare();
    return left;
  }

  nextAt(): number {
    const { itemIds, remaining, shares, last } = this;
    let at = Infinity;
    for (let i = 0; i < itemIds.length; i++) at = Math.min(at, last + remaining[i]! / shares[i]!);
    return at;
  }

  nextId(): number {
    const { itemIds, remaining, shares, last } = this;
    let at = Infinity;
    let id = -1;
    for (let i = 0; i < itemIds.length; i++) {
      const t = last + remaining[i]! / shares[i]!;
      if (t < at) {
        at = t;
        id = itemIds[i]!;
      }
    }
    return id;
  }

  share(id: number): number {
    const i = this.itemIds.indexOf(id);
    return i < 0 ? 0 : this.shares[i]!;
  }

  ids(): readonly number[] {
    return this.itemIds.slice();
  }
}
