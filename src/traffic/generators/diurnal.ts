import type { Stream } from "../../engine/index.js";
import { thinnedProcess } from "./process.js";
import type { ArrivalProcess } from "./process.js";
import { sinTurns } from "./sine.js";

export interface DiurnalSpec {
  /** Mean arrivals per second over a period. */
  readonly mean: number;
  /** Relative swing in [0, 1]. */
  readonly amplitude: number;
  readonly period: number;
  /** rate(phase) = mean, rising. */
  readonly phase: number;
}

/** rate(t) = mean × (1 + amplitude × sin(2π (t − phase) / period)). */
export const diurnalRate = (s: DiurnalSpec) => (t: number): number => s.mean * (1 + s.amplitude * sinTurns((t - s.phase) / s.period));

/** A sinusoidal day/night cycle, sampled by thinning under its peak rate. */
export function createDiurnal(s: DiurnalSpec, stream: Stream): ArrivalProcess {
  const bound = { max: s.mean * (1 + s.amplitude), until: Infinity };
  return thinnedProcess(diurnalRate(s), () => bound, stream);
}
