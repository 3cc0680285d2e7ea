/**
 * Table-driven step times from measured per-layer kernel profiles (Vidur, shared/data/profiling):
 * where a profile covers the model, GPU and tensor parallelism (16-bit weights), the non-attention
 * part of an iteration is read from it by token count; attention, the LM head, communication and
 * overheads stay on the roofline.
 */
import { vidurProfiles } from "./data/vidur-profiles.data.js";

/** One profile: per-layer and embedding times (ms) at the measured token counts (ascending). */
export interface ProfileTable {
  readonly gpu: string;
  readonly model: string;
  readonly tensorParallel: number;
  readonly tokens: readonly number[];
  readonly layerMs: readonly number[];
  readonly embeddingMs: readonly number[];
}

export function findProfile(gpu: string, model: string, tensorParallel: number, tables: readonly ProfileTable[] = vidurProfiles): ProfileTable | undefined {
  return tables.find((t) => t.gpu === gpu && t.model === model && t.tensorParallel === tensorParallel);
}

/**
 * Piecewise-linear reading of `values` at `x` (seconds from ms). Above the table it extends the
 * secant from the measured count nearest half the largest to the largest (the last segments are
 * too short and noisy to extrapolate: the tables repeat their last count, 4096).
 */
export function interpolate(xs: readonly number[], values: readonly number[], x: number): number {
  const n = xs.length;
  if (x <= xs[0]!) return values[0]! / 1000;
  const last = n - 1;
  if (x >= xs[last]!) {
    let mid = 0;
    while (mid < last && xs[mid]! < xs[last]! / 2) mid++;
    const slope = mid < last && xs[mid]! < xs[last]! ? (values[last]! - values[mid]!) / (xs[last]! - xs[mid]!) : 0;
    return Math.max(values[last]!, values[last]! + slope * (x - xs[last]!)) / 1000;
  }
  let hi = 1;
  while (hi < last && xs[hi]! < x) hi++;
  const lo = hi - 1;
  const slope = xs[hi]! > xs[lo]! ? (values[hi]! - values[lo]!) / (xs[hi]! - xs[lo]!) : 0;
  return Math.max(0, values[lo]! + slope * (x - xs[lo]!)) / 1000;
}
