import { describe, expect, test } from "vitest";
import { createHistogram, quantile, record } from "./histogram.js";
import { allPass, evaluateSlo, PERCENTILE_KEYS, PERCENTILES } from "./slo.js";
import type { SloVerdict } from "./slo.js";

/** 1,000 latencies: 1 ms, 2 ms, …, 1 s. */
const latency = (() => {
  const h = createHistogram();
  for (let i = 1; i <= 1000; i++) record(h, i / 1000);
  return h;
})();

describe("PERCENTILES", () => {
  test("PERCENTILES maps each key to its quantile, p999 to 0.999", () => {
    expect(PERCENTILES).toEqual({ p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 });
  });

  test("PERCENTILE_KEYS lists every key in ascending order of quantile", () => {
    expect([...PERCENTILE_KEYS].sort()).toEqual(Object.keys(PERCENTILES).sort());
    const qs = PERCENTILE_KEYS.map((k) => PERCENTILES[k]);
    expect(qs).toEqual([...qs].sort((a, b) => a - b));
  });
});

describe("evaluateSlo", () => {
  test.each([
    { name: "a latency target above the percentile passes", target: 1, status: "pass" },
    { name: "a latency target equal to the percentile passes", target: quantile(latency, 0.99), status: "pass" },
    { name: "a latency target below the percentile fails", target: 0.5, status: "fail" },
  ])("evaluateSlo: $name", ({ target, status }) => {
    const [v] = evaluateSlo({ latency: { p99: target } }, { latency, arrived: 1000, rejected: 0, failed: 0, timedOut: 0 });
    expect(v).toEqual({ objective: "latency.p99", target, actual: quantile(latency, 0.99), status });
  });

  test.each([
    { name: "a reject rate under the limit passes", rejected: 5, status: "pass" },
    { name: "a reject rate equal to the limit passes", rejected: 10, status: "pass" },
    { name: "a reject rate over the limit fails", rejected: 11, status: "fail" },
  ])("evaluateSlo: $name", ({ rejected, status }) => {
    const [v] = evaluateSlo({ maxRejectRate: 0.01 }, { latency, arrived: 1000, rejected, failed: 3, timedOut: 4 });
    expect(v).toEqual({ objective: "rejectRate", target: 0.01, actual: rejected / 1000, status });
  });

  test("maxRejectRate counts rejected requests only; maxErrorRate counts rejected, failed and timed out ones, both over every arrival", () => {
    const observed = { latency, arrived: 1000, rejected: 5, failed: 3, timedOut: 4 };
    expect(evaluateSlo({ maxRejectRate: 0.005, maxErrorRate: 0.011 }, observed)).toEqual([
      { objective: "rejectRate", target: 0.005, actual: 0.005, status: "pass" },
      { objective: "errorRate", target: 0.011, actual: 0.012, status: "fail" },
    ]);
  });

  test("evaluateSlo orders latency verdicts by ascending percentile, then rejectRate, then errorRate", () => {
    const verdicts = evaluateSlo(
      { maxErrorRate: 0.2, maxRejectRate: 0.1, latency: { p999: 2, p50: 0.6, p99: 0.9 } },
      { latency, arrived: 1000, rejected: 0, failed: 0, timedOut: 0 },
    );
    expect(verdicts.map((v) => `${v.objective} ${v.status}`)).toEqual(["latency.p50 pass", "latency.p99 fail", "latency.p999 pass", "rejectRate pass", "errorRate pass"]);
  });

  test("evaluateSlo reports no-data with a null actual when nothing was observed", () => {
    const verdicts = evaluateSlo({ latency: { p95: 1 }, maxRejectRate: 0.01 }, { latency: createHistogram(), arrived: 0, rejected: 0, failed: 0, timedOut: 0 });
    expect(verdicts).toEqual([
      { objective: "latency.p95", target: 1, actual: null, status: "no-data" },
      { objective: "rejectRate", target: 0.01, actual: null, status: "no-data" },
    ]);
  });

  test("evaluateSlo gives no verdicts for an empty spec", () => {
    expect(evaluateSlo({}, { latency, arrived: 10, rejected: 10, failed: 0, timedOut: 0 })).toEqual([]);
    expect(evaluateSlo({ latency: {} }, { latency, arrived: 10, rejected: 10, failed: 0, timedOut: 0 })).toEqual([]);
  });

  test("evaluateSlo rejects bad targets and inconsistent counters", () => {
    const observed = { latency, arrived: 10, rejected: 1, failed: 0, timedOut: 0 };
    expect(() => evaluateSlo({ latency: { p50: -1 } }, observed)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid latency.p50 target: -1 (expected seconds ≥ 0)]`);
    expect(() => evaluateSlo({ maxRejectRate: 2 }, observed)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid maxRejectRate: 2 (expected 0 ≤ rate ≤ 1)]`);
    expect(() => evaluateSlo({ maxErrorRate: -0.1 }, observed)).toThrowErrorMatchingInlineSnapshot(`[RangeError: invalid maxErrorRate: -0.1 (expected 0 ≤ rate ≤ 1)]`);
    expect(() => evaluateSlo({}, { latency, arrived: 3, rejected: 2, failed: 1, timedOut: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: invalid request counts: 2 rejected, 1 failed and 1 timed out of 3 arrived (expected each ≥ 0 and their sum ≤ arrived)]`,
    );
  });
});

describe("allPass", () => {
  const v = (status: SloVerdict["status"]): SloVerdict => ({ objective: "rejectRate", target: 0, actual: status === "no-data" ? null : 0, status });

  test.each([
    { name: "every verdict passing", verdicts: [v("pass"), v("pass")], expected: true },
    { name: "no verdicts", verdicts: [], expected: true },
    { name: "a failing verdict", verdicts: [v("pass"), v("fail")], expected: false },
    { name: "a no-data verdict", verdicts: [v("pass"), v("no-data")], expected: false },
  ])("allPass is $expected for $name", ({ verdicts, expected }) => {
    expect(allPass(verdicts)).toBe(expected);
  });
});
