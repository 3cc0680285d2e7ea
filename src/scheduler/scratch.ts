/**
 * Typed arrays that scheduling cycles reuse instead of allocating a few per decision (cycles of
 * one framework never overlap). Each call hands out a view of exactly `n` elements; its contents
 * are whatever the last cycle left unless the call says otherwise.
 */
export class Scratch {
  private readonly floats: Float64Array[] = [];
  private readonly ints: Int32Array[] = [];

  /** Float slot `slot`, `n` long; zeroed when `zero`. */
  float(slot: number, n: number, zero: boolean): Float64Array {
    let b = this.floats[slot];
    if (b === undefined || b.length < n) this.floats[slot] = b = new Float64Array(Math.max(n, 2 * (b?.length ?? 0), 64));
    const v = b.subarray(0, n);
    if (zero) v.fill(0);
    return v;
  }

  /** Integer slot `slot`, at least `n` long (not zeroed). */
  int(slot: number, n: number): Int32Array {
    let b = this.ints[slot];
    if (b === undefined || b.length < n) this.ints[slot] = b = new Int32Array(Math.max(n, 2 * (b?.length ?? 0), 64));
    return b;
  }
}
