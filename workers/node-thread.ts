/**
 * The simulation worker for Node: SimWorkerApi served over worker_threads (Comlink's node adapter),
 * and `startNodeWorker()`, which spawns this same file as a thread and wraps it. The CLI and the
 * planner share it. It runs from the compiled output (`npm run build:node` → dist/workers/).
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { expose, releaseProxy, wrap } from "comlink";
import type { Remote } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { dirname } from "node:path";
import { fileTraceIo } from "./file-traces.js";
import { createSimWorkerApi } from "./handle-run.js";
import type { SimWorkerApi } from "./protocol.js";

/** Passed as workerData, so that importing this module in some other thread exposes nothing. */
const ROLE = "servesim/sim-worker";

export interface NodeSimWorker {
  readonly api: Remote<SimWorkerApi>;
  /** Releases the proxy and terminates the thread (the process stays alive until then). */
  close(): Promise<void>;
}

/** Spawns a simulation thread. Call `close()` when done. */
export function startNodeWorker(): NodeSimWorker {
  if (!import.meta.url.endsWith(".js")) {
    throw new Error(`startNodeWorker runs from the compiled output (npm run build:node), not from ${import.meta.url}`);
  }
  const worker = new Worker(new URL(import.meta.url), { workerData: ROLE });
  const api = wrap<SimWorkerApi>(nodeEndpoint(worker));
  return {
    api,
    close: async () => {
      api[releaseProxy]();
      await worker.terminate();
    },
  };
}

if (!isMainThread && workerData === ROLE && parentPort) expose(createSimWorkerApi((request) => fileTraceIo(request.traceBase ?? dirname(request.file))), nodeEndpoint(parentPort));
