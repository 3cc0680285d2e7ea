import { describe, expect, test } from "vitest";
import type { KedaSpec } from "./scaler.js";
import { cronMetric, cronValue, kedaHpaSpec, kedaPoll, kedaScaler } from "./scaler.js";

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

describe("KEDA's cron trigger", () => {
  const day = 86_400;
  test.each([
    // [start, end, now] → value (desiredReplicas 6 inside the window)
    [600, 3600, 599, 0],
    [600, 3600, 600, 6],
    [600, 3600, 3599, 6],
    [600, 3600, 3600, 0],
    [600, 3600, day + 1200, 6],
    [600, 3600, 2 * day + 3600, 0],
    // A window past midnight: 23:00 to 01:00.
    [82_800, 3600, 82_799, 0],
    [82_800, 3600, 86_399, 6],
    [82_800, 3600, day + 10, 6],
    [82_800, 3600, day + 3600, 0],
  ] as const)("window %i–%i s of each day at t=%i reports %i", (start, end, now, value) => {
    expect(cronValue({ start, end, desiredReplicas: 6 }, now)).toBe(value);
  });

  const withCron: KedaSpec = { ...spec(0), cron: [{ start: 600, end: 1800, desiredReplicas: 6 }] };

  test("the HPA scales on it as an External metric with an AverageValue target of 1, after the other triggers", () => {
    expect(kedaHpaSpec(withCron).metrics).toEqual([
      { type: "External", metric: "requests_per_second", target: { averageValueMilli: 3000 } },
      { type: "External", metric: cronMetric(0), target: { averageValueMilli: 1000 } },
    ]);
  });

  test("inside its window the service is active: scaled from zero and kept from scaling to zero", () => {
    const fromZero = kedaPoll(withCron, { replicas: 0, values: [0, 6] }, { lastActiveTime: null }, 700);
    expect(fromZero.replicas).toBe(1);
    expect(fromZero.explain.activeTriggers).toEqual([cronMetric(0)]);
    // Outside it, with the other trigger idle past the cooldown, the service goes to zero.
    expect(kedaPoll(withCron, { replicas: 4, values: [0, 6] }, { lastActiveTime: 0 }, 1000).replicas).toBeNull();
    expect(kedaPoll(withCron, { replicas: 4, values: [0, 0] }, { lastActiveTime: 1000 }, 1301).replicas).toBe(0);
  });
});
