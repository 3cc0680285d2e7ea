/** Token counts of a whole trace, kept in memory for resampling (empirical and joint token lengths). */
import type { TokenTable } from "../generators/tokens.js";
import { TraceError } from "./errors.js";
import type { TraceIo } from "./io.js";
import { pumpTrace } from "./io.js";
import { createTraceReader } from "./reader.js";
import type { ReaderOptions } from "./reader.js";

export async function loadTokenTable(io: TraceIo, options: ReaderOptions, maxRows: number): Promise<TokenTable> {
  const { time: _time, ...untimed } = options.mapping;
  let input = new Int32Array(1024);
  let output = new Int32Array(1024);
  let n = 0;
  const reader = createTraceReader({ ...options, mapping: untimed, sortWindow: 0 }, (row) => {
    if (n === maxRows) throw new TraceError(options.file, row.line, `expected at most ${maxRows} rows for a token-length distribution`);
    if (n === input.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.min(maxRows, a.length * 2));
        b.set(a);
        return b;
      };
      input = grow(input);
      output = grow(output);
    }
    input[n] = row.inputTokens;
    output[n] = row.outputTokens;
    n++;
    return true;
  });
  await pumpTrace(io, options.file, (c) => reader.push(c), () => reader.end());
  if (n === 0) throw new TraceError(options.file, 0, "expected at least one row for a token-length distribution");
  return { input: input.slice(0, n), output: output.slice(0, n) };
}
