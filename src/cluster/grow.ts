/** Typed arrays that grow by doubling: the storage of tables whose rows are added during a run. */

type Typed = Float64Array | Int32Array | Uint8Array;

/** A copy of `a` with room for `size` elements (new elements set to `fill`), or `a` itself when it is large enough. */
export function grown<A extends Typed>(a: A, size: number, fill = 0): A {
  if (size <= a.length) return a;
  const b = new (a.constructor as new (n: number) => A)(Math.max(size, a.length * 2, 8));
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
