import { describe, expect, test } from "vitest";
import { TraceError } from "./errors.js";
import { openTrace, pumpTrace } from "./io.js";
import { TraceLimits } from "./limits.js";
import { TRACE_PRESETS } from "./mapping.js";
import { createTraceReader } from "./reader.js";

const mooncakeRow = (ids: number) => `{"timestamp": 0, "input_length": ${ids * 512}, "output_length": 3, "hash_ids": [${Array.from({ length: ids }, (_, i) => i).join(",")}]}\n`;

function readAll(text: string): number {
  let rows = 0;
  const reader = createTraceReader({ file: "m.jsonl", mapping: TRACE_PRESETS.mooncake }, () => (rows++, true));
  reader.push(text);
  reader.end();
  return rows;
}

describe("trace readers bound what one row may hold", () => {
  test(`a Mooncake row with more than ${TraceLimits.hashIds} hash ids is refused with its line and the limit`, () => {
    expect(readAll(mooncakeRow(TraceLimits.hashIds))).toBe(1);
    expect(() => readAll(mooncakeRow(1)+mooncakeRow(65_536))).toThrow(new TraceError("m.jsonl", 2, `"hash_ids": expected at most ${TraceLimits.hashIds} hash ids per row, got 65536`));
  });
});

describe("text only: bytes from a JavaScript caller are an error naming the file, not a TypeError", () => {
  test("a reader pushed a Buffer-like chunk", () => {
    const reader = createTraceReader({ file: "m.jsonl", mapping: TRACE_PRESETS.mooncake }, () => true);
    expect(() => reader.push(new Uint8Array([123, 125]) as unknown as string)).toThrow(
      new TraceError("m.jsonl", 0, 'expected text chunks (strings), got Uint8Array: open the file with an encoding (e.g. createReadStream(path, "utf8"))'),
    );
  });

  test("a TraceIo yielding bytes", async () => {
    const io = { open: async function* () { yield new Uint8Array([1, 2]) as unknown as string; } };
    await expect(pumpTrace(io, "t.csv", () => true, () => undefined)).rejects.toThrow(/^t\.csv: expected text chunks \(strings\), got Uint8Array/);
    const stream = openTrace(io, "t.csv");
    await expect(stream.next()).rejects.toBeInstanceOf(TraceError);
    await stream.close();
  });
});
