/**
 * Routing over k pods of c servers against queueing theory: kube-proxy's random choice splits a
 * Poisson stream into k independent Poisson streams (k independent M/M/c queues at λ/k), while
 * load-aware policies must do strictly better, yet never better than one pooled M/M/kc queue.
 */
import { describe, expect, test } from "vitest";
import { erlangC, mmcMeanWait } from "../../src/metrics/index.js";
import type { Results } from "../../src/sim/index.js";
import type { RoutingPolicyName } from "../../src/serving/index.js";
import { expectLittlesLaw, replicate, waitedShare } from "../support/queueing.js";
import { confidenceInterval, queueScenario } from "../support/scenarios.js";

const K = 4;
const C = 2;
/** 1.8/s per pod of 2 servers of rate 1: ρ = 0.9. */
const LAMBDA = 7.2;

const runs = (routing: RoutingPolicyName, customers: number, replications: 10 | 20): Results[] => {
  const duration = customers / LAMBDA;
  return replicate(queueScenario({ c: C, lambda: LAMBDA, pods: K, routing, serviceTime: { distribution: "exponential", mean: 1 }, duration, warmup: duration / 10 }), replications);
};
/** Computes once, on first use inside a test (so that its time and any failure belong to that test). */
const once = <T>(f: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= f());
};
const waits = (rs: readonly Results[]) => confidenceInterval(rs.map((r) => r.services[0]!.wait.mean!));

describe("routing over 4 pods of 2 servers at ρ = 0.9", () => {
  const randomRuns = once(() => runs("random", 150_000, 20));
  const leastRequestRuns = once(() => runs("least-request", 100_000, 20));
  const powerOfTwoRuns = once(() => runs("power-of-two", 100_000, 10));

  test("random routing: the mean wait and the probability of waiting are Erlang C's for one M/M/2 queue at λ/4", () => {
    const random = randomRuns();
    const wq = mmcMeanWait(C, LAMBDA / K, 1);
    const ci = waits(random);
    expect(ci.halfWidth / wq).toBeLessThan(0.1);
    expect(Math.abs(ci.mean - wq)).toBeLessThanOrEqual(ci.halfWidth);
    const waited = confidenceInterval(random.map((r) => waitedShare(r)));
    expect(waited.halfWidth).toBeLessThan(0.01);
    expect(Math.abs(waited.mean - erlangC(C, LAMBDA / K))).toBeLessThanOrEqual(waited.halfWidth);
    // Each pod carries a quarter of the load: its utilisation, averaged over the replications, is ρ.
    for (let pod = 0; pod < K; pod++) expect(Math.abs(confidenceInterval(random.map((r) => r.pods[pod]!.utilisation!)).mean - 0.9)).toBeLessThan(0.01);
  });

  test("least-request waits strictly less than random, and no less than one pooled M/M/8 queue", () => {
    const [random, leastRequest] = [randomRuns(), leastRequestRuns()];
    const lr = waits(leastRequest);
    const rnd = waits(random);
    expect(lr.mean + lr.halfWidth).toBeLessThan(rnd.mean - rnd.halfWidth);
    // Joining the shortest queue cannot beat a single queue feeding all 8 servers (Winston 1977; optimal among non-anticipating routings).
    expect(lr.mean + lr.halfWidth).toBeGreaterThanOrEqual(mmcMeanWait(K * C, LAMBDA, 1));
    // It also waits less often than the pods of random routing do on their own.
    expect(confidenceInterval(leastRequest.map((r) => waitedShare(r))).mean).toBeLessThan(erlangC(C, LAMBDA / K));
  });

  test("least-request and power-of-two cut the p99 latency of random routing, replication by replication (same arrivals)", () => {
    const [random, leastRequest, powerOfTwo] = [randomRuns(), leastRequestRuns(), powerOfTwoRuns()];
    const p99 = (r: Results) => r.services[0]!.latency.p99!;
    for (let i = 0; i < 10; i++) {
      expect(p99(leastRequest[i]!)).toBeLessThan(0.5 * p99(random[i]!));
      expect(p99(powerOfTwo[i]!)).toBeLessThan(0.5 * p99(random[i]!));
    }
    // Power of two choices lies between: better than random, worse than looking at every pod.
    const p2 = waits(powerOfTwo);
    expect(p2.mean + p2.halfWidth).toBeLessThan(waits(random).mean - waits(random).halfWidth);
    expect(p2.mean - p2.halfWidth).toBeGreaterThan(waits(leastRequest).mean + waits(leastRequest).halfWidth);
  });

  test("Little's law holds on every run of every policy", () => {
    const [random, leastRequest, powerOfTwo] = [randomRuns(), leastRequestRuns(), powerOfTwoRuns()];
    for (const r of [...random, ...leastRequest, ...powerOfTwo]) expectLittlesLaw(r, 0.03);
  });
});
