/**
 * A pod's prefix cache: which prompt blocks (by hash, as Mooncake's `hash_ids`) it holds, evicted
 * least-recently-used first. A request skips the prefill of its longest cached leading run.
 */
export interface PrefixCache {
  /** Leading hashes of `ids` present in the cache (touching them). */
  cachedPrefix(ids: Int32Array): number;
  /** Leading hashes present, without touching them (for routing decisions). */
  peekPrefix(ids: Int32Array): number;
  /** Records the first `count` hashes of `ids` as cached. */
  insert(ids: Int32Array, count: number): void;
  readonly size: number;
}

export function createPrefixCache(capacity: number): PrefixCache {
  return new LruPrefixCache(capacity);
}

/**
 * A class rather than an object literal: a literal's `size` getter is a new function per cache,
 * which gives every pod's cache its own hidden class (and megamorphic calls across pods).
 */
class LruPrefixCache implements PrefixCache {
  // A Map iterates in insertion order: re-inserting a key makes it the most recent.
  private readonly lru = new Map<number, true>();

  constructor(private readonly capacity: number) {}

  cachedPrefix(ids: Int32Array): number {
    const lru = this.lru;
    let n = 0;
    while (n < ids.length && lru.has(ids[n]!)) {
      lru.delete(ids[n]!);
      lru.set(ids[n]!, true);
      n++;
    }
    return n;
  }

  peekPrefix(ids: Int32Array): number {
    let n = 0;
    while (n < ids.length && this.lru.has(ids[n]!)) n++;
    return n;
  }

  insert(ids: Int32Array, count: number): void {
    if (this.capacity <= 0) return;
    const lru = this.lru;
    for (let i = 0; i < count && i < ids.length; i++) {
      lru.delete(ids[i]!);
      lru.set(ids[i]!, true);
    }
    while (lru.size > this.capacity) lru.delete(lru.keys().next().value!);
  }

  get size(): number {
    return this.lru.size;
  }
}
