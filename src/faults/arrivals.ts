/**
 * When random faults strike: a Poisson process whose rate is the number of things that can fail
 * (nodes, pods, zones, or 1 for the registry) divided by each one's mean time between failures.
 */
import type { Stream } from "../engine/index.js";

/** Seconds to the next fault among `targets` things with the given MTBF each (Infinity when there is nothing to fail). */
export function faultGap(stream: Stream, mtbf: number, targets: number): number {
  return targets > 0 ? stream.exponential(mtbf / targets) : Infinity;
}

/** `count` distinct picks among `n` candidates (all of them when n ≤ count), in draw order. */
export function pickDistinct(stream: Stream, n: number, count: number): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  while (out.length < count && pool.length > 0) out.push(pool.splice(stream.int(pool.length), 1)[0]!);
  return out;
}
