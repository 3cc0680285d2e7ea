/**
 * The search against exhaustive evaluation on a space small enough to simulate every candidate:
 * the same winner, and every shortcut the search took agrees with the full simulation — analytic
 * prunes and monotonicity-implied failures fail, implied passes pass, cost-bound prunes cost more.
 */
import { beforeAll, describe, expect, test } from "vitest";
import { runPlan } from "../../src/planner/index.js";
import type { PlanResults } from "../../src/planner/index.js";
import { classifierPlan, loadPlanFile, traceIoOf } from "../support/plans.js";

let search: PlanResults;
let exhaustive: PlanResults;

beforeAll(async () => {
  const plan = loadPlanFile(classifierPlan);
  search = await runPlan(plan, { io: traceIoOf(classifierPlan, plan) });
  const all = loadPlanFile(classifierPlan, (t) => `${t}search: { strategy: exhaustive }\n`);
  exhaustive = await runPlan(all, { io: traceIoOf(classifierPlan, all) });
}, 300_000);

describe("the search on the classifier plan", () => {
  test("exhaustive evaluation simulates every candidate in full", () => {
    expect(exhaustive.candidates.every((c) => c.status === "passed" || c.status === "failed")).toBe(true);
    expect(exhaustive.counts.simulations).toBe(48 * 2);
  });

  test("finds the winner exhaustive evaluation finds, with fewer simulations", () => {
    expect(exhaustive.winner).not.toBeNull();
    expect(search.winner?.id).toBe(exhaustive.winner!.id);
    expect(search.winner?.objective).toBe(exhaustive.winner!.objective);
    expect(search.counts.simulations).toBeLessThan(exhaustive.counts.simulations / 2);
  });

  test("every shortcut agrees with the full simulation of the candidate", () => {
    const full = new Map(exhaustive.candidates.map((c) => [c.id, c]));
    const kinds = new Set<string>();
    for (const c of search.candidates) {
      const truth = full.get(c.id)!;
      kinds.add(c.pruneKind ?? c.status);
      if (c.status === "passed" || c.status === "failed") expect(truth.status, c.id).toBe(c.status);
      if (c.status === "implied-pass") expect(truth.status, `${c.id}: ${c.reason}`).toBe("passed");
      if (c.status === "implied-fail" || c.status === "dropped" || c.pruneKind === "capacity") expect(truth.status, `${c.id}: ${c.reason}`).toBe("failed");
      if (c.pruneKind === "cost-bound" && truth.status === "passed") expect(truth.objective!, c.id).toBeGreaterThan(exhaustive.winner!.objective!);
    }
    // The space exercises each kind of shortcut.
    expect([...kinds].sort()).toEqual(expect.arrayContaining(["capacity", "cost-bound", "implied-fail", "implied-pass", "passed"]));
  });
});

describe("an empty feasible set", () => {
  test("says which constraint excluded how many candidates", async () => {
    const plan = loadPlanFile(classifierPlan, (t) => `${t}constraints: { maxNodes: 1 }\n`);
    const r = await runPlan(plan, { io: traceIoOf(classifierPlan, plan) });
    expect(r.winner).toBeNull();
    expect(r.pareto).toEqual([]);
    expect(r.infeasible).toEqual({ "pruned: constraint maxNodes": 32, "pruned: capacity": 16 });
    expect(r.counts.simulations).toBe(0);
    expect(r.candidates.find((c) => c.id === "c47")?.reason).toBe("constraint: classifier.yaml: at least 8 nodes at once, above maxNodes 1");
  });
});
