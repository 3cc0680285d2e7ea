import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import { TraceError } from "./errors.js";
import { resolveMapping, TRACE_PRESETS } from "./mapping.js";
import type { TraceMapping } from "./mapping.js";
import { createTraceReader } from "./reader.js";
import type { ReaderOptions, TraceRow } from "./reader.js";

type Row = Omit<TraceRow, "hashIds"> & { hashIds: number[] | null };

function read(text: string, options: Partial<ReaderOptions> & { mapping: TraceMapping }, chunk = 7): { rows: Row[]; reader: ReturnType<typeof createTraceReader> } {
  const rows: Row[] = [];
  const reader = createTraceReader({ file: "t.csv", ...options }, (r) => {
    rows.push({ ...r, hashIds: r.hashIds && [...r.hashIds] });
    return true;
  });
  for (let i = 0; i < text.length; i += chunk) reader.push(text.slice(i, i + chunk));
  reader.end();
  return { rows, reader };
}

const azure = TRACE_PRESETS.azure;
const azureText = "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:50.9951690,396,109\n2023-11-16 18:16:00.0000000,10,1";

describe("createTraceReader", () => {
  test("reads Azure rows with times relative to the first row", () => {
    const { rows } = read(azureText, { mapping: azure });
    expect(rows.map((r) => [r.line, Number(r.time.toFixed(7)), r.inputTokens, r.outputTokens])).toEqual([
      [2, 0, 374, 44],
      [3, 4.314579, 396, 109],
      [4, 13.31941, 10, 1],
    ]);
    expect(rows[0]).toMatchObject({ serviceTime: NaN, requestClass: -1, hashIds: null });
  });

  test("reads Mooncake JSONL, hash ids included, with millisecond timestamps", () => {
    const text = '{"timestamp": 500, "input_length": 1024, "output_length": 3, "hash_ids": [0, 1]}\n{"timestamp": 1750, "input_length": 512, "output_length": 9, "hash_ids": [0]}\n';
    const { rows } = read(text, { mapping: TRACE_PRESETS.mooncake });
    expect(rows.map((r) => [r.time, r.inputTokens, r.outputTokens, r.hashIds])).toEqual([
      [0, 1024, 3, [0, 1]],
      [1.25, 512, 9, [0]],
    ]);
  });

  test("reads Vidur-style CSV in seconds", () => {
    const { rows } = read("arrived_at,num_prefill_tokens,num_decode_tokens\n0.5,100,20\n2,300,40\n", { mapping: TRACE_PRESETS.vidur });
    expect(rows.map((r) => [r.time, r.inputTokens, r.outputTokens])).toEqual([
      [0, 100, 20],
      [1.5, 300, 40],
    ]);
  });

  test("a generic mapping reads any columns: quoted fields, service time, labels numbered by first appearance, a filter", () => {
    const mapping = resolveMapping("generic", {
      type: "csv",
      delimiter: ";",
      time: { column: "t_us", unit: "us" },
      serviceTime: { column: "dur", unit: "ms" },
      requestClass: "model",
      filter: [{ column: "region", in: ["eu", "us"] }],
    });
    const text = 'region;model;t_us;dur\neu;"gpt; 4";1000000;250\nasia;x;1500000;1\nus;llama;2000000;500\neu;"gpt; 4";3000000;125\n';
    const { rows } = read(text, { mapping }, 5);
    expect(rows.map((r) => [r.line, r.time, r.serviceTime, r.requestClass, r.inputTokens])).toEqual([
      [2, 0, 0.25, 0, 0],
      [4, 1, 0.5, 1, 0],
      [5, 2, 0.125, 0, 0],
    ]);
  });

  test("extra filters on a preset keep rows by numeric bounds", () => {
    const { rows } = read(azureText, { mapping: resolveMapping("azure", undefined, [{ column: "ContextTokens", min: 300, max: 380 }]) });
    expect(rows.map((r) => r.inputTokens)).toEqual([374]);
  });

  test("a malformed row on line 1234 fails with the file and line 1234", () => {
    const lines = ["TIMESTAMP,ContextTokens,GeneratedTokens"];
    for (let i = 2; i <= 1300; i++) lines.push(i === 1234 ? "2023-11-16 18:20:00.0000000,12x,5" : `2023-11-16 18:${String(15 + Math.floor(i / 600)).padStart(2, "0")}:${String(Math.floor(i / 10) % 60).padStart(2, "0")}.${String(i % 10)}000000,100,5`);
    const run = () => read(lines.join("\n"), { file: "big.csv", mapping: azure }, 4096);
    expect(run).toThrow(TraceError);
    expect(run).toThrowErrorMatchingInlineSnapshot(`[TraceError: big.csv:1234: expected a token count in column "ContextTokens", got "12x"]`);
  });

  test.each([
    ["a wrong field count", "2023-11-16 18:15:47.0,5\n", 'expected 3 fields, got 2'],
    ["a bad timestamp", "2023-11-16 18:75:47.0,5,5\n", 'expected a date and time (YYYY-MM-DD HH:MM:SS) in column "TIMESTAMP", got "2023-11-16 18:75:47.0"'],
    ["a negative count", "2023-11-16 18:15:47.0,-5,5\n", 'expected a token count in column "ContextTokens", got "-5"'],
    ["an unbalanced quote", '"2023-11-16 18:15:47.0,5,5\n', "unbalanced quotes"],
  ])("%s is a bad line", (_what, line, message) => {
    expect(() => read(`TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.0,1,1\n${line}`, { mapping: azure })).toThrow(`t.csv:3: ${message}`);
  });

  test("onBadLine skip counts bad lines and keeps the first numbers and the first problem", () => {
    const bad = Array.from({ length: 14 }, (_, i) => `2023-11-16 18:16:${String(i).padStart(2, "0")}.0,x,1`).join("\n");
    const { rows, reader } = read(`TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.0,1,1\n${bad}\n2023-11-16 18:17:00.0,2,2`, { mapping: azure, onBadLine: "skip" });
    expect(rows.map((r) => r.inputTokens)).toEqual([1, 2]);
    expect(reader.badLines).toEqual({ count: 14, lines: [3, 4, 5, 6, 7, 8, 9, 10, 11, 12], first: 'expected a token count in column "ContextTokens", got "x"' });
  });

  test("a missing column is an error naming the header, whatever onBadLine says", () => {
    expect(() => read("time,in\n1,2\n", { mapping: TRACE_PRESETS.vidur, onBadLine: "skip" })).toThrow('t.csv:1: missing column "arrived_at" (the header has "time", "in")');
  });

  test("unsorted timestamps are an error by default, naming both lines", () => {
    const text = "arrived_at,num_prefill_tokens,num_decode_tokens\n1,1,1\n3,1,1\n2,1,1\n";
    expect(() => read(text, { mapping: TRACE_PRESETS.vidur })).toThrow("t.csv:4: timestamp is earlier than the row before it (the trace is not sorted: set sortWindow to sort it within a window of rows); line 3 is later");
  });

  test("a sort window reorders rows out of order by at most that many rows, and fails beyond it", () => {
    const text = "arrived_at,num_prefill_tokens,num_decode_tokens\n1,1,1\n3,3,1\n2,2,1\n2,4,1\n5,5,1\n0.5,6,1\n";
    expect(() => read(text, { mapping: TRACE_PRESETS.vidur, sortWindow: 2 })).toThrow("t.csv:7: timestamp is more than sortWindow (2) rows out of order");
    const { rows } = read(text, { mapping: TRACE_PRESETS.vidur, sortWindow: 5 });
    expect(rows.map((r) => [r.time, r.line])).toEqual([
      [0, 7],
      [0.5, 2],
      [1.5, 4],
      [1.5, 5],
      [2.5, 3],
      [4.5, 6],
    ]);
  });

  test("a JSONL line that is not an object, or lacks a field, is a bad line", () => {
    const m = TRACE_PRESETS.mooncake;
    expect(() => read('{"timestamp": 1, "input_length": 1, "output_length": 1, "hash_ids": []}\n[1]\n', { mapping: m })).toThrow("t.csv:2: expected a JSON object, got [1]");
    expect(() => read('{"timestamp": 1, "input_length": 1, "hash_ids": []}\n', { mapping: m })).toThrow('t.csv:1: expected a token count in "output_length", got nothing');
    expect(() => read('{"timestamp": 1, "input_length": 1, "output_length": 1, "hash_ids": [1.5]}\n', { mapping: m })).toThrow('"hash_ids": expected 32-bit integer hash ids, got 1.5 at index 0');
    expect(() => read("{oops\n", { mapping: m })).toThrow(/t\.csv:1: invalid JSON/);
  });

  fcTest.prop([fc.integer({ min: 1, max: 300 })], { numRuns: 30 })("rows do not depend on chunk sizes", (chunk) => {
    expect(read(azureText, { mapping: azure }, chunk).rows).toEqual(read(azureText, { mapping: azure }, 1 << 20).rows);
  });
});
