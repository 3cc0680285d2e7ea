import { describe, expect, test } from "vitest";
import { createStreams } from "../../engine/index.js";
import { confidenceInterval } from "../../../test/support/scenarios.js";
import { createMmpp, mmppStationaryRate } from "./mmpp.js";

const low = { rate: 2, meanDuration: 60 };
const high = { rate: 30, meanDuration: 15 };

describe("mmpp", () => {
  test("the stationary rate weighs each state's rate by its share of time", () => {
    expect(mmppStationaryRate(low, high)).toBeCloseTo((2 * 60 + 30 * 15) / 75, 12);
  });

  test("the long-run arrival rate matches the stationary rate (99.9% confidence over 20 seeds)", () => {
    const T = 30_000;
    const rates = Array.from({ length: 20 }, (_, seed) => {
      const p = createMmpp(low, high, createStreams(seed)("t/m"));
      let n = 0;
      for (let t = p.next(0); t < T; t = p.next(t)) n++;
      return n / T;
    });
    const { mean, halfWidth } = confidenceInterval(rates, 0.999);
    expect(Math.abs(mean - mmppStationaryRate(low, high))).toBeLessThan(halfWidth);
    expect(halfWidth).toBeLessThan(0.05 * mean);
  });

  test("it is bursty: counts per second are over-dispersed, unlike Poisson's", () => {
    const p = createMmpp(low, high, createStreams(9)("t/m"));
    const bins = new Array<number>(20_000).fill(0);
    for (let t = p.next(0); t < bins.length; t = p.next(t)) bins[Math.floor(t)]!++;
    const mean = bins.reduce((a, b) => a + b, 0) / bins.length;
    const variance = bins.reduce((a, b) => a + (b - mean) ** 2, 0) / (bins.length - 1);
    expect(variance / mean).toBeGreaterThan(5);
  });

  test("with both rates zero it never arrives", () => {
    expect(createMmpp({ rate: 0, meanDuration: 1 }, { rate: 0, meanDuration: 1 }, createStreams(1)("t/m")).next(0)).toBe(Infinity);
  });
});
