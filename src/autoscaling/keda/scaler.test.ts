import { describe, expect, test } from "vitest";
import type { KedaSpec } from "./scaler.js";
import { kedaHpaSpec, kedaPoll, kedaScaler } from "./scaler.js";

const spec = (minReplicaCount: number): KedaSpec => ({
  minReplicaCount,
  maxReplicaCount: 8,
  cooldownPeriodSeconds: 300,
  triggers: [{ metric: "requests_per_second", thresholdMilli: 3000, activationThreshold: 0.5, metricType: "AverageValue" }],
  behavior: undefined,
});

describe("KEDA-style scaler", () => {
  test.each([
    // [min, replicas, value, lastActive, now] → replicas set (null: left to the HPA)
    [0, 0, 2, null, 100, 1],
    [2, 0, 2, null, 100, 2],
    [0, 3, 2, null, 100, null],
    [0, 3, 0.5, 50, 100, null],
    [0, 3, 0.5, 50, 351, 0],
    [0, 3, null, null, 100, 0],
    [0, 0, 0, null, 100, null],
    [2, 1, 0, null, 100, 2],
  ] as const)("min %i, %i replicas, trigger at %s, last active %s, at t=%i: sets %s", (min, replicas, value, lastActive, now, expected) => {
    const r = kedaPoll(spec(min), { replicas, values: [value] }, { lastActiveTime: lastActive }, now);
    expect(r.replicas).toBe(expected);
    // Activity (a value above the activation threshold) moves lastActiveTime to now.
    expect(r.state.lastActiveTime).toBe(value !== null && value > 0.5 ? now : lastActive);
  });

  test("the HPA it creates scales on one External metric per trigger, from at least one replica", () => {
    expect(kedaHpaSpec(spec(0))).toEqual({ minReplicas: 1, maxReplicas: 8, metrics: [{ type: "External", metric: "requests_per_second", target: { averageValueMilli: 3000 } }], behavior: undefined });
  });

  test("as a workload policy it decides what a poll decides", () => {
    const d = kedaScaler(spec(0)).decide({ replicas: 0, values: [1] }, { lastActiveTime: null }, { now: 7 });
    expect(d).toEqual(kedaPoll(spec(0), { replicas: 0, values: [1] }, { lastActiveTime: null }, 7));
  });
});
