/**
 * The planner test page: a pool of Web Workers running workers/planner.worker.ts behind the same
 * Comlink protocol and pool as Node's threads; the page drives the search and returns the
 * results' text, so the test compares it byte for byte with Node's.
 */
import { wrap } from "comlink";
import { loadPlan, planResultsToJson, runPlan } from "../../../src/planner/index.js";
import type { PlanSource } from "../../../src/planner/index.js";
import { createPlannerPool } from "../../../workers/planner-pool.js";
import type { PoolWorker } from "../../../workers/planner-pool.js";
import type { PlannerWorkerApi } from "../../../workers/planner-protocol.js";

function startWebWorker(): PoolWorker {
  const worker = new Worker(new URL("../../../workers/planner.worker.ts", import.meta.url), { type: "module", name: "servesim-planner" });
  const deaths: ((why: string) => void)[] = [];
  worker.addEventListener("error", (e) => deaths.forEach((d) => d(`crashed: ${e.message}`)));
  return {
    api: wrap<PlannerWorkerApi>(worker),
    onDeath: (callback) => void deaths.push(callback),
    terminate: async () => worker.terminate(),
  };
}

async function runPlanInWorkers(source: PlanSource, workers: number): Promise<string> {
  const loaded = loadPlan(source);
  if (!loaded.ok) throw new Error(loaded.issues.map((i) => i.message).join("; "));
  const pool = createPlannerPool({ size: workers, start: startWebWorker, setup: { source, traceBases: loaded.plan.scenarios.map(() => location.href) } });
  try {
    return planResultsToJson(await runPlan(loaded.plan, { evaluator: pool }));
  } finally {
    await pool.close();
  }
}

Object.assign(window, { runPlanInWorkers });
