/**
 * Early stopping changes how long a failing run lasts, never a verdict: an overloaded candidate
 * stops early with the constraint it can no longer meet and fails as the whole run does; a
 * passing candidate's outcome is the same with and without the checks.
 */
import { describe, expect, test } from "vitest";
import { evaluateTrial } from "../../src/planner/index.js";
import { classifierPlan, loadPlanFile } from "../support/plans.js";

const withChecks = loadPlanFile(classifierPlan);
const without = loadPlanFile(classifierPlan, (t) => `${t}search: { earlyStop: false }\n`);
const trial = (candidate: number) => ({ candidate, scenario: 0, seed: 0, horizon: 1 });

describe("early stopping", () => {
  test("an overloaded candidate stops early, failing on what the full run fails on", async () => {
    // t4, concurrency 1, 3 replicas: 75 requests per second of capacity for 150 offered.
    const early = await evaluateTrial(withChecks, trial(2));
    const full = await evaluateTrial(without, trial(2));
    expect(full.status).toBe("completed");
    expect(full.pass).toBe(false);
    expect(early).toMatchObject({ status: "stopped", pass: false });
    expect(early.simulatedSeconds).toBeLessThan(full.simulatedSeconds / 2);
    expect(full.misses.map((m) => m.objective)).toContain(early.misses[0]!.objective);
  });

  test("a passing candidate's outcome is the same with and without the checks", async () => {
    // t4, concurrency 4, 3 replicas.
    const a = await evaluateTrial(withChecks, trial(18));
    const b = await evaluateTrial(without, trial(18));
    expect(a.pass).toBe(true);
    expect({ ...a, worst: 0 }).toEqual({ ...b, worst: 0 });
    expect(a.worst).toBeCloseTo(b.worst, 12);
  });
});
