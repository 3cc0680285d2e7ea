/**
 * `run --requests <file.csv>`: one row per request at its outcome, streamed to the file in 64 KiB
 * writes (memory stays bounded whatever the run's length), at most `limit` rows.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { RequestRow } from "../sim/index.js";
import { UserError } from "./io.js";

export const REQUESTS_HEADER = "arrival,service,pod,class,input_tokens,output_tokens,queueing_delay,ttft,tpot,e2e,outcome,reason";
/** Rows written by default, and the most a run may ask for. */
export const DEFAULT_REQUESTS_LIMIT = 1_000_000;
export const MAX_REQUESTS_LIMIT = 100_000_000;
const FLUSH_BYTES = 1 << 16;

const num = (x: number): string => (Number.isFinite(x) ? String(x) : "");

export function requestLine(r: RequestRow): string {
  return `${num(r.arrival)},${r.service},${r.pod ?? ""},${r.requestClass < 0 ? "" : r.requestClass},${r.inputTokens},${r.outputTokens},${num(r.queueingDelay)},${num(r.ttft)},${num(r.tpot)},${num(r.endToEnd)},${r.outcome},${r.reason ?? ""}\n`;
}

/** The `--requests-limit` value: an integer from 1 to MAX_REQUESTS_LIMIT. */
export function parseRequestsLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_REQUESTS_LIMIT;
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1 || n > MAX_REQUESTS_LIMIT) throw new UserError(`--requests-limit: expected an integer from 1 to ${MAX_REQUESTS_LIMIT}, got ${JSON.stringify(text)}`);
  return n;
}

export interface RequestCsv {
  readonly sink: (r: RequestRow) => void;
  /** Flushes and closes the file; the rows written and those left out beyond the limit. */
  close(): { readonly written: number; readonly dropped: number };
}

/** Opens (creates or truncates) the file and writes the header; a file that cannot be opened is the user's error. */
export function openRequestCsv(path: string, limit: number): RequestCsv {
  let fd: number;
  try {
    fd = openSync(path, "w");
  } catch (e) {
    throw new UserError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
  let buffer = `${REQUESTS_HEADER}\n`;
  let written = 0;
  let dropped = 0;
  const flush = () => {
    writeSync(fd, buffer);
    buffer = "";
  };
  return {
    sink(r) {
      if (written >= limit) {
        dropped++;
        return;
      }
      written++;
      buffer += requestLine(r);
      if (buffer.length >= FLUSH_BYTES) flush();
    },
    close() {
      flush();
      closeSync(fd);
      return { written, dropped };
    },
  };
}
