/** Per-pod typed arrays of the serving plane and its servers, which grow as pods join. */

/** The array itself, or a copy at least `size` long (doubling) when it is too short. */
export function grown<A extends Float64Array | Int32Array | Uint8Array>(a: A, size: number, make: (n: number) => A): A {
  if (size <= a.length) return a;
  const b = make(Math.max(size, a.length * 2));
  b.set(a);
  return b;
}
