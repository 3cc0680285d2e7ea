/** The Plan view's candidate rows from the results of a real plan searched in this process: order, why each lost, column heads. */
import { beforeAll, describe, expect, test } from "vitest";
import { describeMiss, runPlan } from "../../src/planner/index.js";
import type { PlanResults } from "../../src/planner/index.js";
import { classifierPlan, loadPlanFile, traceIoOf } from "../support/plans.js";
import { candidateRows, shortAxis, tailKeys } from "../../src/ui/components/plan-view/candidate-rows.js";

let results: PlanResults;

beforeAll(async () => {
  const plan = loadPlanFile(classifierPlan);
  results = await runPlan(plan, { io: traceIoOf(classifierPlan, plan) });
});

describe("the candidate table's rows (a real plan searched in this process)", () => {
  test("one row per candidate: the winner first, then passing candidates by cost, then the rest by status and index", () => {
    const rows = candidateRows(results, describeMiss);
    expect(rows.map((r) => r.id).sort()).toEqual(results.candidates.map((c) => c.id).sort());
    expect(rows[0]!.id).toBe(results.winner!.id);
    expect(rows[0]!.mark).toBe("winner");
    const passed = rows.filter((r) => r.status === "passed");
    expect(passed.map((r) => r.objective)).toEqual([...passed.map((r) => r.objective!)].sort((a, b) => a - b));
    expect(rows.findIndex((r) => r.status !== "passed")).toBe(passed.length);
  });

  test("why each lost: pruned with the planner's reason, failed with the SLO, scenario, seed and by how much, passed with its cost against the winner's", () => {
    const rows = candidateRows(results, describeMiss);
    const byId = new Map(results.candidates.map((c) => [c.id, c]));
    for (const r of rows) {
      const c = byId.get(r.id)!;
      if (r.mark === "winner") expect(r.why).toMatch(/^winner: passed every constraint/);
      else if (r.status === "passed") expect(r.why).toMatch(/^passed, costs \$\d+\.\d\d \(\+\d+% over the winner\)/);
      else if (r.status === "pruned") expect(r.why).toBe(`pruned, ${c.reason}`);
      else if (r.status === "failed") {
        expect(r.why).toMatch(/^failed: classifier\.yaml seed 5\/\d: classifier (latency\.p\d+|rejectRate|unserved)/);
        expect(r.misses.length).toBe(c.misses.length);
      } else if (r.status === "dropped") expect(r.why).toMatch(/^raced out: classifier\.yaml seed 5\/0 \(25% of the run\): /);
      else expect(r.why).toBe(`${c.status}: ${c.reason}`);
    }
    expect(rows.some((r) => r.status === "failed" && /\(\+\d+%\)/.test(r.why))).toBe(true);
  });

  test("column heads and tails", () => {
    const axes = results.plan.axes.map((a) => a.address);
    expect(axes.map((a) => shortAxis(a, axes))).toEqual(["type", "concurrency", "replicas"]);
    expect(shortAxis("cluster.nodePools[gpu].gpu.type", ["cluster.nodePools[gpu].gpu.type", "cluster.nodePools[cpu].gpu.type"])).toBe("gpu.type");
    expect(tailKeys(results)).toEqual(["classifier latency.p99"]);
  });
});
