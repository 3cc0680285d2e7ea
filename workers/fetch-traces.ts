/** Trace files over HTTP (the browser app's bundled traces): names resolve against a base URL, bodies stream through TextDecoderStream. */
import type { TraceIo } from "../src/sim/index.js";

export function fetchTraceIo(baseUrl: string): TraceIo {
  return {
    async *open(file) {
      const url = new URL(file, baseUrl);
      const response = await fetch(url);
      if (!response.ok || response.body === null) throw Object.assign(new Error(`HTTP ${response.status}`), { code: `HTTP ${response.status} for ${url.pathname}` });
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          yield value;
        }
      } finally {
        await reader.cancel().catch(() => undefined);
      }
    },
  };
}
