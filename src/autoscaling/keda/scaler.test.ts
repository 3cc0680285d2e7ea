import { describe, expect, test } from "vitest";
import type { KedaSpec } from "./scaler.js";
import { kedaHpaSpec, kedaPoll, kedaScaler } from "./scaler.js";

const spec = (minReplicaCount: number, initialCooldownPeriodSeconds = 0): KedaSpec => ({
  minReplicaCount,
  maxReplicaCount: 8,
  cooldownPeriodSeconds: 300,
  initialCooldownPeriodSeconds,
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
    // No metric yet (not scraped): the trigger is in error, and an inactive poll with errors scales nothing.
    [0, 3, null, null, 100, null],
    [0, 3, null, 50, 400, null],
    // Never active: scaled to zero at once (initialCooldownPeriod 0).
    [0, 3, 0, null, 100, 0],
    [0, 0, 0, null, 100, null],
    [2, 1, 0, null, 100, 2],
  ] as const)("min %i, %i replicas, trigger at %s, last active %s, at t=%i: sets %s", (min, replicas, value, lastActive, now, expected) => {
    const r = kedaPoll(spec(min), { replicas, values: [value] }, { lastActiveTime: lastActive }, now);
    expect(r.replicas).toBe(expected);
    // Activity (a value above the activation threshold) moves lastActiveTime to now.
    expect(r.state.lastActiveTime).toBe(value !== null && value > 0.5 ? now : lastActive);
  });

  test("initialCooldownPeriod keeps a service never seen active from zero until that long after the start; then it goes at once", () => {
    const k = spec(0, 120);
    const inactive = { replicas: 2, values: [0] };
    expect(kedaPoll(k, inactive, { lastActiveTime: null }, 90)).toMatchObject({ replicas: null, explain: { reason: "never active, within the initial cooldown period" } });
    expect(kedaPoll(k, inactive, { lastActiveTime: null }, 120).replicas).toBe(null);
    expect(kedaPoll(k, inactive, { lastActiveTime: null }, 121)).toMatchObject({ replicas: 0, explain: { reason: "scaled to zero: never active in the initial cooldown period (120s)" } });
    // Once active, the cooldown counts from the last activity instead.
    expect(kedaPoll(k, inactive, { lastActiveTime: 100 }, 300).replicas).toBe(null);
    expect(kedaPoll(k, inactive, { lastActiveTime: 100 }, 401).replicas).toBe(0);
  });

  test("an active poll where another trigger has no metric leaves lastActiveTime, as KEDA's PartialTriggerError does", () => {
    const two: KedaSpec = { ...spec(0), triggers: [...spec(0).triggers, { metric: "queue_length", thresholdMilli: 5000, activationThreshold: 0, metricType: "AverageValue" }] };
    expect(kedaPoll(two, { replicas: 2, values: [3, null] }, { lastActiveTime: 40 }, 100)).toMatchObject({ replicas: null, state: { lastActiveTime: 40 }, explain: { active: true, reason: "active, but no metric yet for queue_length" } });
    expect(kedaPoll(two, { replicas: 0, values: [3, null] }, { lastActiveTime: 40 }, 100)).toMatchObject({ replicas: 1, state: { lastActiveTime: 100 } });
    expect(kedaPoll(two, { replicas: 2, values: [3, 1] }, { lastActiveTime: 40 }, 100).state.lastActiveTime).toBe(100);
  });

  test("the HPA it creates scales on one External metric per trigger, from at least one replica", () => {
    expect(kedaHpaSpec(spec(0))).toEqual({ minReplicas: 1, maxReplicas: 8, metrics: [{ type: "External", metric: "requests_per_second", target: { averageValueMilli: 3000 } }], behavior: undefined });
  });

  test("as a workload policy it decides what a poll decides", () => {
    const d = kedaScaler(spec(0)).decide({ replicas: 0, values: [1] }, { lastActiveTime: null }, { now: 7 });
    expect(d).toEqual(kedaPoll(spec(0), { replicas: 0, values: [1] }, { lastActiveTime: null }, 7));
  });
});
