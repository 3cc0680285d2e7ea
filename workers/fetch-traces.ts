/**
 * Trace files in a browser: files the user dropped on the page (streamed from the File, never
 * read whole), else over HTTP, names resolving against a base URL. A missing file is reported as
 * not found, and a response that is an HTML page (a server answering every path with its index)
 * is refused by its content type or first bytes instead of being parsed as a trace. A body is
 * read to at most maxChars characters.
 */
import type { TraceIo } from "../src/sim/index.js";
import { TraceError } from "../src/sim/index.js";

/** The last path segment of a trace's name: dropped files match scenario references by it. */
export const baseName = (file: string): string => file.split(/[\\/]/).pop() ?? file;

const HTML_START = /^\s*(<!doctype html|<html|<head|<body)/i;

/** The most characters read from one trace body (as for files: 16 Gi). */
export const TRACE_BODY_MAX_CHARS = 16 * 2 ** 30;

/** Yields a stream's text in chunks, refusing an HTML page in the first chunk and text beyond maxChars. */
async function* textChunks(file: string, body: ReadableStream<Uint8Array<ArrayBuffer>>, maxChars: number): AsyncGenerator<string> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let first = true;
  let chars = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (first && HTML_START.test(value.slice(0, 512))) throw new TraceError(file, 0, "not a trace file: it holds an HTML page (is the file missing on the server?)");
      first = false;
      chars += value.length;
      if (chars > maxChars) throw new TraceError(file, 0, `expected a file of at most ${maxChars} characters`);
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

async function* fetched(file: string, baseUrl: string, maxChars: number): AsyncGenerator<string> {
  const url = new URL(file, baseUrl);
  let response: Response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new TraceError(file, 0, `cannot fetch ${url.pathname} (${e instanceof Error ? e.message : String(e)})`);
  }
  if (response.status === 404 || response.status === 410) throw new TraceError(file, 0, `not found (HTTP ${response.status} for ${url.pathname}); drop the file on the page to use a local copy`);
  if (!response.ok || response.body === null) throw new TraceError(file, 0, `cannot read (HTTP ${response.status} for ${url.pathname})`);
  const type = response.headers.get("content-type") ?? "";
  if (/^text\/html\b/i.test(type)) {
    await response.body.cancel().catch(() => undefined);
    throw new TraceError(file, 0, `not a trace file: the server sent an HTML page (${type}) for ${url.pathname}; is the file missing?`);
  }
  yield* textChunks(file, response.body, maxChars);
}

/** Reads traces from the dropped `files` (by base name) or else by fetch against `baseUrl`. */
export function browserTraceIo(baseUrl: string, files: ReadonlyMap<string, Blob> = new Map(), maxChars: number = TRACE_BODY_MAX_CHARS): TraceIo {
  return {
    open(file) {
      const dropped = files.get(baseName(file));
      return dropped ? textChunks(file, dropped.stream(), maxChars) : fetched(file, baseUrl, maxChars);
    },
  };
}
