/**
 * The planner worker for Node: PlannerWorkerApi served over worker_threads (Comlink's node
 * adapter), and `startPlannerThread()`, which spawns this file as a thread for the pool. Trace
 * files are read from the file system. It runs from the compiled output (dist/workers/).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { expose, releaseProxy, wrap } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { fileTraceIo } from "./file-traces.js";
import { createPlannerApi } from "./planner-handler.js";
import type { PlannerWorkerApi } from "./planner-protocol.js";
import type { PoolWorker } from "./planner-pool.js";

const ROLE = "servesim/planner-worker";
/** Exit code of a worker ended by fault injection. */
export const FAULT_EXIT_CODE = 70;

/** Spawns a planner thread; the pool learns of its death through `onDeath`. */
export function startPlannerThread(): PoolWorker {
  if (!import.meta.url.endsWith(".js")) throw new Error(`startPlannerThread runs from the compiled output (npm run build:node), not from ${import.meta.url}`);
  const worker = new Worker(new URL(import.meta.url), { workerData: ROLE });
  const api = wrap<PlannerWorkerApi>(nodeEndpoint(worker));
  const deaths: ((why: string) => void)[] = [];
  let dead: string | undefined;
  const die = (why: string) => {
    if (dead !== undefined) return;
    dead = why;
    for (const d of deaths) d(why);
  };
  worker.on("exit", (code) => die(`exited with code ${code}`));
  worker.on("error", (e) => die(`crashed: ${e.message}`));
  return {
    api,
    onDeath(callback) {
      if (dead !== undefined) callback(dead);
      else deaths.push(callback);
    },
    async terminate() {
      api[releaseProxy]();
      await worker.terminate();
    },
  };
}

if (!isMainThread && workerData === ROLE && parentPort) expose(createPlannerApi((base) => fileTraceIo(base), { exit: () => process.exit(FAULT_EXIT_CODE) }), nodeEndpoint(parentPort));
