import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "./main.js";

const repo = new URL("../../", import.meta.url).pathname;

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

/** The rows of the markdown tables of the traces README shipped in reference/traces, as header → cell, keyed by the file column. */
function readmeRows(): Map<string, Record<string, string>> {
  const text = readFileSync(join(repo, "reference/traces/README.md"), "utf8");
  const rows = new Map<string, Record<string, string>>();
  let header: string[] | null = null;
  for (const line of text.split("\n")) {
    if (!line.startsWith("|")) {
      header = null;
      continue;
    }
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (header === null) header = cells;
    else if (!cells[0]!.startsWith("---")) rows.set(cells[0]!.replace(/`/g, "").split(" ")[0]!, Object.fromEntries(header.map((h, i) => [h, cells[i]!])));
  }
  return rows;
}

/** `label  value` lines of `trace stats`. */
const parseStats = (out: string): Record<string, string> => Object.fromEntries(out.trim().split("\n").map((l) => /^(.+?)\s{2,}(.*)$/.exec(l)!.slice(1, 3) as [string, string]));

describe("servesim trace stats", () => {
  const published = readmeRows();
  test.each([
    ["traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv", "AzureLLMInferenceTrace_code.csv"],
    ["traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", "AzureLLMInferenceTrace_conv.csv"],
    ["traces/mooncake-fast25/conversation_trace.jsonl", "conversation_trace.jsonl"],
  ])("reproduces the published statistics of %s", async (file, name) => {
    const row = published.get(name)!;
    expect(row).toBeDefined();
    const r = await cli("trace", "stats", join(repo, file));
    expect(r).toMatchObject({ code: 0, stderr: "" });
    const got = parseStats(r.stdout);
    // Every statistic the README prints for this file, at its printed precision.
    for (const [column, value] of Object.entries(row)) {
      if (column === "file") continue;
      const label = column.replace("*", "").trim();
      expect.soft(got[label], `${name}: ${column}`).toBe(value);
    }
  });

  test("--json gives the exact figures, and the format can be named", async () => {
    const r = await cli("trace", "stats", join(repo, "traces/mooncake-fast25/conversation_trace.jsonl"), "--format", "mooncake", "--json");
    const s = JSON.parse(r.stdout) as { rows: number; span: number; input: { p99: number }; output: { p99: number } };
    expect(s).toMatchObject({ format: "mooncake", rows: 12031, span: 3536.999, badLines: { count: 0 } });
    expect(s.input.p99).toBeCloseTo(85400.4, 6);
    expect(s.output.p99).toBeCloseTo(1118.5, 6);
  });

  test("a generic trace is read through --map", async () => {
    const r = await cli("trace", "stats", join(repo, "traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv"), "--map", '{type: csv, time: {column: TIMESTAMP, format: datetime}, outputTokens: GeneratedTokens}');
    const got = parseStats(r.stdout);
    expect(got).toMatchObject({ rows: "19,366", "input tokens mean / p50 / p99 / max": "-", "output tokens mean / p50 / p99 / max": "211 / 129 / 601 / 1,000" });
  });

  test("bad options and bad files exit 1 with a clear message", async () => {
    expect(await cli("trace", "stats", join(repo, "README.md"))).toMatchObject({ code: 1, stderr: expect.stringContaining("cannot tell the trace format from its first line: give --format azure|mooncake|vidur|generic") });
    expect(await cli("trace", "stats", join(repo, "nope.csv"), "--format", "azure")).toMatchObject({ code: 1, stderr: `${join(repo, "nope.csv")}: cannot read (ENOENT)\n` });
    expect((await cli("trace", "stats", join(repo, "README.md"), "--format", "generic")).stderr).toBe("--format generic needs --map (a column mapping in YAML or JSON)\n");
    expect((await cli("trace", "stats", join(repo, "README.md"), "--map", "{type: xml}")).stderr).toBe('--map type: expected type "csv" or "jsonl"\n');
    const wrong = await cli("trace", "stats", join(repo, "traces/mooncake-fast25/conversation_trace.jsonl"), "--format", "azure");
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/conversation_trace\.jsonl:1: expected a CSV header row of column names, got "\{\\"timestamp\\": 0, /);
  });
});
