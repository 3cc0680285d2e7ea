import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";

// The real `servesim` binary, on the compiled output (built once by test/support/build-node.ts).
const repo = new URL("../../", import.meta.url).pathname;
const bin = join(repo, "bin", "servesim.js");
const tmp = mkdtempSync(join(tmpdir(), "servesim-e2e-"));
const servesim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });

describe("the servesim binary", () => {
  test("run twice on the quickstart writes identical results files", () => {
    const a = join(tmp, "r1.json");
    const b = join(tmp, "r2.json");
    execFileSync(process.execPath, [bin, "run", "scenarios/quickstart.yaml", "--out", a], { cwd: repo });
    execFileSync(process.execPath, [bin, "run", "scenarios/quickstart.yaml", "--out", b], { cwd: repo });
    const text = readFileSync(a, "utf8");
    expect(text).toBe(readFileSync(b, "utf8"));
    expect(JSON.parse(text)).toMatchObject({ format: "servesim.results/v1", status: "completed", scenario: { name: "quickstart", seed: 42 } });
  });

  test("a bad scenario prints file:line:col path: expected and exits 1", () => {
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, readFileSync(join(repo, "scenarios/quickstart.yaml"), "utf8").replace("type: t4", "type: t5"));
    const r = servesim("run", bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${bad}:14:20 cluster.nodePools[0].gpu.type: unknown GPU type "t5" (did you mean "t4"?)\n`);
  });

  test("a results path that cannot be written exits 1 with the reason", () => {
    const r = servesim("run", "scenarios/quickstart.yaml", "--duration", "6m", "--out", join(tmp, "missing", "r.json"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cannot write (ENOENT)");
  });

  test("trace stats and a traced scenario run from the binary; a malformed trace line exits 1 naming file and line", () => {
    const stats = servesim("trace", "stats", "traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv");
    expect(stats.status).toBe(0);
    expect(stats.stdout).toContain("rows                                  8,819\n");
    const run = servesim("run", "scenarios/azure-conv-trace.yaml", "--duration", "10m", "--format", "json");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: "completed", scenario: { name: "azure-conv-trace" } });

    const lines = readFileSync(join(repo, "traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv"), "utf8").split("\n");
    lines[1233] = lines[1233]!.replace(/,(\d+)(\r?)$/, ",$1.5$2");
    writeFileSync(join(tmp, "broken.csv"), lines.join("\n"));
    const scenario = join(tmp, "broken.yaml");
    writeFileSync(scenario, readFileSync(join(repo, "scenarios/azure-conv-trace.yaml"), "utf8").replace("../traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", "broken.csv"));
    const bad = servesim("run", scenario);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^broken\.csv:1234: expected a token count in column "GeneratedTokens", got "\d+\.5"\n$/);
  });
});
