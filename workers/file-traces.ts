/** Trace files on a Node file system, streamed in 64 KiB chunks; names resolve against the scenario's directory. */
import { createReadStream } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import type { TraceIo } from "../src/sim/index.js";

export const TRACE_CHUNK_BYTES = 64 * 1024;

/** Reads traces relative to `baseDir` (absolute names are used as they are). */
export function fileTraceIo(baseDir: string): TraceIo {
  return {
    open: (file) => createReadStream(isAbsolute(file) ? file : resolve(baseDir, file), { encoding: "utf8", highWaterMark: TRACE_CHUNK_BYTES }),
  };
}
