/** An in-memory TraceIo for tests: each file's text is yielded in chunks of the given size. */
import type { TraceIo } from "../../src/sim/index.js";

export function memoryIo(files: Readonly<Record<string, string>>, chunkSize = 64 * 1024): TraceIo & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    async *open(file) {
      const text = files[file];
      if (text === undefined) throw Object.assign(new Error(`no such file ${file}`), { code: "ENOENT" });
      opened.push(file);
      for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
    },
  };
}
