/**
 * The page's door to the plan search worker (workers/plan-search.worker.ts), which checks plans
 * and searches them with its own pool of planner workers: started on first use, its calls
 * rejected if it fails to load or crashes, terminated (with its pool) on dispose.
 */
import { releaseProxy, wrap } from "comlink";
import type { Remote } from "comlink";
import type { PlanSearchApi } from "../../workers/plan-search.worker.js";

export interface PlanClient {
  /** Runs a call on the worker; it rejects if the worker fails. */
  call<T>(f: (api: Remote<PlanSearchApi>) => Promise<T>): Promise<T>;
  dispose(): void;
}

export function createPlanClient(): PlanClient {
  let current: { worker: Worker; api: Remote<PlanSearchApi>; failed: Promise<never> } | undefined;
  const start = () => {
    if (current) return current;
    const worker = new Worker(new URL("../../workers/plan-search.worker.ts", import.meta.url), { type: "module", name: "servesim-plan-search" });
    const failed = new Promise<never>((_, reject) => worker.addEventListener("error", (e) => reject(new Error(`the plan worker failed${e.message ? `: ${e.message}` : ""}`))));
    failed.catch(() => undefined);
    current = { worker, api: wrap<PlanSearchApi>(worker), failed };
    return current;
  };
  return {
    call(f) {
      const { api, failed } = start();
      return Promise.race([f(api), failed]);
    },
    dispose() {
      if (!current) return;
      current.api[releaseProxy]();
      current.worker.terminate();
      current = undefined;
    },
  };
}
