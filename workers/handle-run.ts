/** The run handler that both worker entries serve: parse at the edge, simulate in chunks, digest, transfer. */
import { transfer } from "comlink";
import { parseScenario } from "../src/scenario/index.js";
import { resultBuffers, resultsToJson, runScenarioAsync, TraceError } from "../src/sim/index.js";
import type { TraceIo } from "../src/sim/index.js";
import type { Progress, RunReply, RunRequest, SimWorkerApi } from "./protocol.js";

/** At most ten progress reports a second: smooth enough for a bar, few enough messages. */
const PROGRESS_INTERVAL_MS = 100;
/** Events per chunk (a few tens of milliseconds), so that throttled progress stays smooth. */
const CHUNK_EVENTS = 1 << 16;

/** Lowercase hex SHA-256 of the UTF-8 bytes of `text` (Web Crypto: browsers, workers and Node ≥ 20). */
export async function sha256Hex(text: string): Promise<string> {
  const hash = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(hash, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Calls `onProgress` at most every PROGRESS_INTERVAL_MS of wall-clock time (allowed here, not in the engine). */
function throttled(onProgress: (p: Progress) => void): (p: Progress) => void {
  let last = -Infinity;
  return (p) => {
    const now = performance.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    // Through Comlink the callback returns a promise; a caller that went away must not crash the worker.
    const pending: unknown = onProgress(p);
    if (pending instanceof Promise) pending.catch(() => undefined);
  };
}

/** Reads the trace files a request's scenario names (fetch in a browser, the file system in Node). */
export type TraceIoFor = (request: RunRequest) => TraceIo;

export async function handleRun(request: RunRequest, io: TraceIo, onProgress?: (p: Progress) => void): Promise<RunReply> {
  const parsed = parseScenario(request.text, {
    file: request.file,
    ...(request.seed !== undefined ? { overrides: { seed: request.seed } } : {}),
  });
  if (!parsed.ok) return { ok: false, issues: parsed.issues };
  let results;
  try {
    results = await runScenarioAsync(parsed.scenario, {
      io,
      chunkEvents: CHUNK_EVENTS,
      ...(request.explainPods !== undefined ? { explainPods: request.explainPods } : {}),
      ...(onProgress ? { onProgress: throttled(onProgress) } : {}),
    });
  } catch (e) {
    if (!(e instanceof TraceError)) throw e;
    // The issue is located in the trace file; the message names it too, since editors show issues without their file.
    return { ok: false, issues: [{ file: e.file, line: Math.max(1, e.line), column: 1, path: [], message: e.message }] };
  }
  const digest = await sha256Hex(resultsToJson(results));
  return transfer({ ok: true, results, digest }, resultBuffers(results));
}

/** The API of a worker whose trace files come through `ioFor`; stateless, so one object serves every call. */
export const createSimWorkerApi = (ioFor: TraceIoFor): SimWorkerApi => ({ run: (request, onProgress) => handleRun(request, ioFor(request), onProgress) });
