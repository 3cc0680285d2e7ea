import { describe, expect, test } from "vitest";
import { createStreams } from "../../engine/index.js";
import { createDiurnal, diurnalRate } from "./diurnal.js";

/** Arrivals of a process in [a, b) bins of width `bin` over [0, T). */
function counts(next: (t: number) => number, T: number, bin: number): number[] {
  const out = new Array<number>(Math.ceil(T / bin)).fill(0);
  for (let t = next(0); t < T; t = next(t)) out[Math.floor(t / bin)]!++;
  return out;
}

const within = (n: number, mean: number) => expect(Math.abs(n - mean), `count ${n}, expected ${mean.toFixed(1)}`).toBeLessThan(4 * Math.sqrt(mean));

describe("diurnal", () => {
  const spec = { mean: 5, amplitude: 0.8, period: 3600, phase: 900 };

  test("the rate is the mean at the phase, peaks a quarter period later and bottoms three quarters later", () => {
    const rate = diurnalRate(spec);
    expect(rate(900)).toBeCloseTo(5, 12);
    expect(rate(1800)).toBeCloseTo(9, 12);
    expect(rate(3600 + 900 + 2700)).toBeCloseTo(1, 12);
  });

  test("counts per half period follow the integrated rate (Poisson, within 4 sd)", () => {
    const p = createDiurnal(spec, createStreams(3)("t/d"));
    const halves = counts((t) => p.next(t), 4 * 3600, 1800);
    // Half periods start at 0, so they straddle the phase: integrate the sinusoid over each.
    const integral = (a: number, b: number) => spec.mean * (b - a) + ((spec.mean * spec.amplitude * spec.period) / (2 * Math.PI)) * (Math.cos((2 * Math.PI * (a - spec.phase)) / spec.period) - Math.cos((2 * Math.PI * (b - spec.phase)) / spec.period));
    halves.forEach((n, k) => within(n, integral(k * 1800, (k + 1) * 1800)));
    within(halves.reduce((a, b) => a + b, 0), spec.mean * 4 * 3600);
  });

  test("amplitude 0 is a constant-rate Poisson process", () => {
    const p = createDiurnal({ ...spec, amplitude: 0 }, createStreams(4)("t/d"));
    counts((t) => p.next(t), 3600, 600).forEach((n) => within(n, 3000));
  });
});
