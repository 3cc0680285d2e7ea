/**
 * Trace and rate files on a Node file system, streamed in 64 KiB chunks; names resolve against the
 * scenario's directory. Only regular files are read (a FIFO or a device would never end), at most
 * TRACE_FILE_MAX_BYTES of them, and never more than the size they had when opened.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { TraceError } from "../src/sim/index.js";
import type { TraceIo } from "../src/sim/index.js";

export const TRACE_CHUNK_BYTES = 64 * 1024;
/** The largest trace file read (16 GiB: the longest public traces are a few GB). */
export const TRACE_FILE_MAX_BYTES = 16 * 2 ** 30;

/** Reads traces relative to `baseDir` (absolute names are used as they are). */
export function fileTraceIo(baseDir: string, maxBytes: number = TRACE_FILE_MAX_BYTES): TraceIo {
  return {
    async *open(file) {
      const path = isAbsolute(file) ? file : resolve(baseDir, file);
      // stat, not open: opening a FIFO for reading blocks until a writer comes.
      const s = await stat(path);
      if (!s.isFile()) throw new TraceError(file, 0, `not a regular file (${s.isDirectory() ? "a folder" : s.isFIFO() ? "a FIFO" : "a device or socket"}): traces and rate files are read from regular files only`);
      if (s.size > maxBytes) throw new TraceError(file, 0, `expected a file of at most ${maxBytes} bytes, got ${s.size}`);
      if (s.size === 0) return;
      yield* createReadStream(path, { encoding: "utf8", highWaterMark: TRACE_CHUNK_BYTES, start: 0, end: s.size - 1 }) as AsyncIterable<string>;
    },
  };
}
