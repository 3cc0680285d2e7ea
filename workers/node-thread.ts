/**
 * The simulation worker for Node: SimWorkerApi served over worker_threads (Comlink's node adapter),
 * and `startNodeWorker()`, which spawns this same file as a thread and wraps it. The CLI and the
 * planner share it. It runs from the compiled output (`npm run build:node` → dist/workers/).
 * Every call settles: a thread that is terminated, runs out of memory or crashes rejects the
 * calls in flight (and any later one) with a SimWorkerExit.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import type { ResourceLimits } from "node:worker_threads";
import { expose, releaseProxy, wrap } from "comlink";
import type { Remote } from "comlink";
import nodeEndpoint from "comlink/dist/esm/node-adapter.mjs";
import { dirname } from "node:path";
import { fileTraceIo } from "./file-traces.js";
import { createSimWorkerApi } from "./handle-run.js";
import type { RunReply, SimWorkerApi } from "./protocol.js";

/** Passed as workerData, so that importing this module in some other thread exposes nothing. */
const ROLE = "servesim/sim-worker";

/** Why a worker thread stopped serving: closed or terminated, out of memory, or crashed (an uncaught error, an exit). */
export type SimWorkerExitReason = "terminated" | "out-of-memory" | "crashed";

/** The rejection of every call a stopped worker thread can no longer answer. */
export class SimWorkerExit extends Error {
  override readonly name = "SimWorkerExit";
  constructor(
    readonly reason: SimWorkerExitReason,
    message: string,
  ) {
    super(message);
  }
}

/** The worker's API as the caller sees it (each call settles, even when the thread dies). */
export interface NodeSimApi {
  run(...args: Parameters<Remote<SimWorkerApi>["run"]>): Promise<RunReply>;
}

export interface NodeSimWorker {
  readonly api: NodeSimApi;
  /** Releases the proxy and terminates the thread (the process stays alive until then); calls in flight reject. */
  close(): Promise<void>;
}

export interface NodeWorkerOptions {
  /** V8 heap limits of the thread (worker_threads resourceLimits): a run beyond them ends the thread, not the process. */
  readonly resourceLimits?: ResourceLimits;
}

function exitOf(error: unknown): SimWorkerExit {
  const code = (error as { code?: unknown } | null)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === "ERR_WORKER_OUT_OF_MEMORY") return new SimWorkerExit("out-of-memory", `the simulation worker ran out of memory (${detail}): give it a larger heap or simulate less`);
  return new SimWorkerExit("crashed", `the simulation worker failed: ${detail}`);
}

/** Spawns a simulation thread. Call `close()` when done. */
export function startNodeWorker(options: NodeWorkerOptions = {}): NodeSimWorker {
  if (!import.meta.url.endsWith(".js")) {
    throw new Error(`startNodeWorker runs from the compiled output (npm run build:node), not from ${import.meta.url}`);
  }
  const worker = new Worker(new URL(import.meta.url), { workerData: ROLE, ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}) });
  const remote = wrap<SimWorkerApi>(nodeEndpoint(worker));
  let stopped: SimWorkerExit | null = null;
  let closing = false;
  let rejectAll: (e: SimWorkerExit) => void = () => undefined;
  const gone = new Promise<never>((_, reject) => (rejectAll = reject));
  gone.catch(() => undefined); // observed by the calls that race it; none may be in flight
  const stop = (e: SimWorkerExit) => {
    stopped ??= e;
    rejectAll(stopped);
  };
  worker.once("error", (e) => stop(exitOf(e)));
  worker.once("exit", (code) =>
    stop(closing ? new SimWorkerExit("terminated", "the simulation worker was terminated before the run finished") : new SimWorkerExit("crashed", `the simulation worker exited (code ${code}) before the run finished`)),
  );
  const api: NodeSimApi = {
    run: (request, onProgress) => (stopped !== null ? Promise.reject(stopped) : Promise.race([remote.run(request, onProgress), gone])),
  };
  return {
    api,
    close: async () => {
      closing = true;
      if (stopped === null) remote[releaseProxy]();
      await worker.terminate();
    },
  };
}

if (!isMainThread && workerData === ROLE && parentPort) expose(createSimWorkerApi((request) => fileTraceIo(request.traceBase ?? dirname(request.file))), nodeEndpoint(parentPort));
