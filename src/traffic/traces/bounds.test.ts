import { describe, expect, test } from "vitest";
import { TraceError } from "./errors.js";
import { openTrace, pumpTrace } from "./io.js";
import { TraceLimits } from "./limits.js";
import { TRACE_PRESETS } from "./mapping.js";
import { replayArrivals } from "./replay.js";
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

describe("replayArrivals: the arrivals a replay makes over a run, for the work bound", () => {
  const spec = { start: 0, speedup: 1, rateScale: 1, loop: false };
  test("one pass at most without loop, cut short by the run", () => {
    expect(replayArrivals(spec, { rows: 1000, period: 3600 }, 7200)).toBe(1000);
    expect(replayArrivals(spec, { rows: 1000, period: 3600 }, 1800)).toBe(500);
  });
  test("looped: as many passes as fit, times the rate scale and the speedup", () => {
    expect(replayArrivals({ ...spec, loop: true, rateScale: 4, speedup: 2 }, { rows: 1000, period: 3600 }, 30 * 86_400)).toBe(1000 * 4 * 2 * 24 * 30);
    expect(replayArrivals({ ...spec, loop: true, start: 3600 }, { rows: 10, period: 60 }, 3600)).toBe(0);
  });
});
