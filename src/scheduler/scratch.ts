/**
 * Arrays that scheduling cycles reuse instead of allocating a few per decision (cycles of one
 * framework never overlap). Each typed-array call hands out an array of at least (float: exactly)
 * `n` elements; its contents are whatever the last cycle left unless the call says otherwise.
 */
import type { NodeView } from "../cluster/index.js";

export class Scratch {
  private readonly floats: Float64Array[] = [];
  private readonly ints: Int32Array[] = [];
  /**
   * The walk's list of feasible nodes: refilled from index 0 each cycle and cut to length at the
   * end (its storage stays), valid until the next cycle.
   */
  readonly views: NodeView[] = [];

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
