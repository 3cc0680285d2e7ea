import { describe, expect, test } from "vitest";
import { erlangC, mg1MeanWait, mmcMeanWait } from "../../src/metrics/index.js";
import type { Results } from "../../src/sim/index.js";
import { expectLittlesLaw, replicate as replicateScenario, waitedShare } from "../support/queueing.js";
import { confidenceInterval, queueScenario } from "../support/scenarios.js";
import type { QueueModel } from "../support/scenarios.js";

const REPLICATIONS = 20;

/** Runs independent replications (one seed each) and returns every replication's results. */
function replicate(model: QueueModel): Results[] {
  return replicateScenario(queueScenario(model), REPLICATIONS);
}

describe("the classic server reproduces queueing closed forms", () => {
  test("erlangC matches hand-computed values", () => {
    expect(erlangC(1, 0.5)).toBeCloseTo(0.5, 12);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(mmcMeanWait(8, 7.2, 1)).toBeCloseTo(0.876916, 5);
    expect(mg1MeanWait(0.8, 1, 1)).toBeCloseTo(2, 12);
  });

  test.each([
    { name: "ρ = 0.5 (c = 2, λ = 1/s, μ = 1/s)", c: 2, lambda: 1, customers: 40_000 },
    { name: "ρ = 0.9 (c = 8, λ = 7.2/s, μ = 1/s)", c: 8, lambda: 7.2, customers: 250_000 },
  ])("M/M/c at $name: the mean wait falls in the 99% interval of independent replications around Erlang C", ({ c, lambda, customers }) => {
    const duration = customers / lambda;
    const runs = replicate({ c, lambda, serviceTime: { distribution: "exponential", mean: 1 }, duration, warmup: duration / 10 });
    const wq = mmcMeanWait(c, lambda, 1);
    const ci = confidenceInterval(runs.map((r) => r.services[0]!.wait.mean!));
    // The interval must be narrow enough to mean something, and contain the closed form.
    expect(ci.halfWidth / wq).toBeLessThan(0.05);
    expect(Math.abs(ci.mean - wq)).toBeLessThanOrEqual(ci.halfWidth);
    // The share of requests that waited at all estimates the Erlang C probability.
    const waited = confidenceInterval(runs.map((r) => waitedShare(r)));
    expect(Math.abs(waited.mean - erlangC(c, lambda))).toBeLessThanOrEqual(waited.halfWidth + 0.005);
    for (const r of runs) expectLittlesLaw(r, 0.03);
  });

  test("M/D/1 at ρ = 0.8: the mean wait agrees with Pollaczek–Khinchine", () => {
    const lambda = 0.8;
    const duration = 50_000 / lambda;
    const runs = replicate({ c: 1, lambda, serviceTime: { distribution: "deterministic", mean: 1 }, duration, warmup: duration / 10 });
    const wq = mg1MeanWait(lambda, 1, 1);
    const ci = confidenceInterval(runs.map((r) => r.services[0]!.wait.mean!));
    expect(ci.halfWidth / wq).toBeLessThan(0.05);
    expect(Math.abs(ci.mean - wq)).toBeLessThanOrEqual(ci.halfWidth);
    // Deterministic service: every latency is the wait plus exactly one second.
    for (const r of runs) expect(r.services[0]!.latency.mean!).toBeCloseTo(r.services[0]!.wait.mean! + 1, 9);
    for (const r of runs) expectLittlesLaw(r, 0.03);
  });

  test("random routing over k pods behaves as k independent M/M/c queues of rate λ/k", () => {
    const k = 4;
    const c = 2;
    const lambda = 6; // 1.5/s per pod of 2 servers: ρ = 0.75
    const duration = 120_000 / lambda;
    const runs = replicate({ c, lambda, pods: k, serviceTime: { distribution: "exponential", mean: 1 }, duration, warmup: duration / 10 });
    const wq = mmcMeanWait(c, lambda / k, 1);
    const ci = confidenceInterval(runs.map((r) => r.services[0]!.wait.mean!));
    expect(ci.halfWidth / wq).toBeLessThan(0.05);
    expect(Math.abs(ci.mean - wq)).toBeLessThanOrEqual(ci.halfWidth);
    // Each pod gets a quarter of the load; every pod served from time 0 (no cold start in these models).
    for (const r of runs) for (const p of r.pods) expect(p.utilisation!).toBeCloseTo(0.75, 1);
    for (const r of runs) for (const p of r.pods) expect(p.timeline.ready).toBe(0);
    for (const r of runs) expectLittlesLaw(r, 0.03);
  });

  test("a queue limit turns overflow into rejections: M/M/1/K blocking probability", () => {
    // M/M/1 with room for K = 3 in the system (1 in service + 2 waiting): P(block) = (1−ρ)ρ^K / (1−ρ^(K+1)).
    const rho = 0.9;
    const K = 3;
    const runs = replicate({ c: 1, lambda: rho, queueLimit: K - 1, serviceTime: { distribution: "exponential", mean: 1 }, duration: 40_000, warmup: 1000 });
    const expected = ((1 - rho) * rho ** K) / (1 - rho ** (K + 1));
    const ci = confidenceInterval(runs.map((r) => r.services[0]!.rejectRate!));
    expect(ci.halfWidth / expected).toBeLessThan(0.05);
    expect(Math.abs(ci.mean - expected)).toBeLessThanOrEqual(ci.halfWidth);
    for (const r of runs) expect(r.services[0]!.requests.rejectedBy.queueFull).toBe(r.services[0]!.requests.rejected);
    for (const r of runs) expectLittlesLaw(r, 0.03);
  });
});
