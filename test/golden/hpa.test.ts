import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { runGoldenFile } from "../../src/sim/golden.js";

// The upstream HPA tables shipped in reference/golden, read in place (never copied into assertions).
const dir = new URL("../../reference/golden/", import.meta.url);
const tables = ["hpa_replica_calculator.json", "hpa_behavior.json"].map((file) => ({
  file,
  data: JSON.parse(readFileSync(new URL(file, dir), "utf8")) as { source: string; cases: { id: string }[] },
}));

describe.each(tables)("HPA golden table $file", ({ data }) => {
  const r = runGoldenFile(data);
  if (!r.ok) throw new Error(r.error);
  test("is evaluated as an HPA table, case by case", () => {
    expect(r.kind).toBe("hpa");
    expect(r.outcomes.length).toBe(data.cases.length);
  });
  test.each(r.outcomes)("$id", (o) => {
    expect(o.error).toBeUndefined();
    expect(o.pass, JSON.stringify({ expected: o.expected, actual: o.actual })).toBe(true);
  });
});
