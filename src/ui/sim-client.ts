/**
 * The page's only door to the simulation worker (the only Comlink `wrap`), after Squoosh's
 * worker bridge: the worker starts on first use, calls run one at a time, an abort terminates
 * the worker (a run is synchronous inside it), and dispose releases the proxy.
 */
import { proxy, releaseProxy, wrap } from "comlink";
import type { Remote } from "comlink";
import type { Progress, RunReply, RunRequest, SimWorkerApi } from "../../workers/protocol.js";

export interface RunCallOptions {
  /** Aborting terminates the worker; the call rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: Progress) => void;
}

export interface SimClient {
  run(request: RunRequest, options?: RunCallOptions): Promise<RunReply>;
  /** Releases the proxy and terminates the worker; a later run starts a new one. */
  dispose(): void;
}

interface Running {
  readonly worker: Worker;
  readonly api: Remote<SimWorkerApi>;
}

export function createSimClient(): SimClient {
  let current: Running | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  const start = (): Running => {
    if (current) return current;
    const worker = new Worker(new URL("../../workers/sim.worker.ts", import.meta.url), { type: "module", name: "servesim-sim" });
    current = { worker, api: wrap<SimWorkerApi>(worker) };
    return current;
  };
  const stop = (): void => {
    if (!current) return;
    current.api[releaseProxy]();
    current.worker.terminate();
    current = undefined;
  };

  const call = (request: RunRequest, { signal, onProgress }: RunCallOptions): Promise<RunReply> => {
    signal?.throwIfAborted();
    const { worker, api } = start();
    return new Promise<RunReply>((resolve, reject) => {
      const onAbort = () => {
        stop();
        reject(signal?.reason);
      };
      // A worker that fails to load or crashes would otherwise leave the call pending forever.
      const onError = (e: ErrorEvent) => {
        stop();
        reject(new Error(`the simulation worker failed${e.message ? `: ${e.message}` : ""}`));
      };
      const cleanUp = () => {
        signal?.removeEventListener("abort", onAbort);
        worker.removeEventListener("error", onError);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      worker.addEventListener("error", onError);
      api.run(request, onProgress ? proxy(onProgress) : undefined).then(resolve, reject).finally(cleanUp);
    });
  };

  return {
    run(request, options = {}) {
      const reply = queue.then(() => call(request, options));
      queue = reply.catch(() => undefined);
      return reply;
    },
    dispose: stop,
  };
}
