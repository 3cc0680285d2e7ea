/** Trace files over HTTP (the browser app's bundled traces): names resolve against a base URL, bodies stream through TextDecoderStream, at most maxChars characters. */
import { TraceError } from "../src/sim/index.js";
import type { TraceIo } from "../src/sim/index.js";

/** The most characters read from one trace body (as for files: 16 Gi). */
export const TRACE_BODY_MAX_CHARS = 16 * 2 ** 30;

export function fetchTraceIo(baseUrl: string, maxChars: number = TRACE_BODY_MAX_CHARS): TraceIo {
  return {
    async *open(file) {
      const url = new URL(file, baseUrl);
      const response = await fetch(url);
      if (!response.ok || response.body === null) throw Object.assign(new Error(`HTTP ${response.status}`), { code: `HTTP ${response.status} for ${url.pathname}` });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let chars = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          chars += value.length;
          if (chars > maxChars) throw new TraceError(file, 0, `expected a file of at most ${maxChars} characters`);
          yield value;
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    },
  };
}
