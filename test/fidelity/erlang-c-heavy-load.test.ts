/** The classic server near saturation: M/M/8 at ρ = 0.97 against Erlang C, where slow mixing makes the estimate hardest. */
import { describe, expect, test } from "vitest";
import { erlangC, mmcMeanWait } from "../../src/metrics/index.js";
import { expectLittlesLaw, replicate, waitedShare } from "../support/queueing.js";
import { confidenceInterval, queueScenario } from "../support/scenarios.js";

describe("the classic server near saturation", () => {
  test("M/M/c at ρ = 0.97 (c = 8, λ = 7.76/s, μ = 1/s): Erlang C's mean wait and probability of waiting fall in the 99% intervals of 30 replications", () => {
    const c = 8;
    const lambda = 7.76;
    // 400,000 customers per replication; the first tenth (≈ 9 relaxation times 1/(cμ(1−√ρ)²) ≈ 550 s) is warm-up.
    const duration = 400_000 / lambda;
    const runs = replicate(queueScenario({ c, lambda, serviceTime: { distribution: "exponential", mean: 1 }, duration, warmup: duration / 10 }), 30);
    const wq = mmcMeanWait(c, lambda, 1);
    expect(wq).toBeCloseTo(3.7706, 3);
    const ci = confidenceInterval(runs.map((r) => r.services[0]!.wait.mean!));
    expect(ci.halfWidth / wq).toBeLessThan(0.1);
    expect(Math.abs(ci.mean - wq)).toBeLessThanOrEqual(ci.halfWidth);
    const waited = confidenceInterval(runs.map((r) => waitedShare(r)));
    expect(Math.abs(waited.mean - erlangC(c, lambda))).toBeLessThanOrEqual(waited.halfWidth);
    for (const r of runs) expect(Math.abs(r.services[0]!.utilisation! - 0.97)).toBeLessThan(0.01);
    for (const r of runs) expectLittlesLaw(r, 0.03);
  });
});
