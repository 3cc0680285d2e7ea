import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runGoldenFile } from "../../src/sim/golden.js";
import { pluginOfSource } from "../../src/scheduler/index.js";

// The upstream tables shipped in reference/golden, read in place (never copied into assertions).
const dir = new URL("../../reference/golden/", import.meta.url);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".json"))
  .map((f) => ({ file: f, data: JSON.parse(readFileSync(new URL(f, dir), "utf8")) as { source: string; cases: { id: string }[] } }))
  .filter((f) => pluginOfSource(f.data.source) !== undefined);

describe("scheduler golden tables", () => {
  test("every scheduler table of reference/golden is found", () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  describe.each(files)("$file", ({ data }) => {
    const r = runGoldenFile(data);
    if (!r.ok) throw new Error(r.error);
    test.each(r.outcomes.map((o) => ({ ...o, name: data.cases.find((c) => c.id === o.id) })))("$id", (o) => {
      expect({ id: o.id, actual: o.actual, error: o.error }).toEqual({ id: o.id, actual: expect.anything(), error: undefined });
      expect(o.pass, JSON.stringify({ expected: o.expected, actual: o.actual })).toBe(true);
    });
  });
});
