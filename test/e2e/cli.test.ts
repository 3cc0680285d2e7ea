import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
    expect(r.stderr).toBe(`${bad}:15:20 cluster.nodePools[0].gpu.type: unknown GPU type "t5" (did you mean "t4"?)\n`);
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

  test("golden evaluates every scheduler table of reference/golden: one passing JSON line per case, exit 0", () => {
    const dir = join(repo, "reference", "golden");
    const files = readdirSync(dir)
      .filter((f) => /^(noderesources|tainttoleration|nodeaffinity|imagelocality)/.test(f))
      .map((f) => join(dir, f));
    const r = servesim("golden", ...files);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; pass: boolean; expected: unknown; actual: unknown });
    const cases = files.reduce((n, f) => n + (JSON.parse(readFileSync(f, "utf8")) as { cases: unknown[] }).cases.length, 0);
    expect(lines.length).toBe(cases);
    expect(lines.filter((l) => !l.pass)).toEqual([]);
    expect(Object.keys(lines[0]!)).toEqual(["id", "pass", "expected", "actual"]);
    expect(r.stderr).toMatch(/noderesources_fit_filter\.json: 34\/34 cases pass \(scheduler plugin\)/);
  });

  test("golden exits 1 on a mismatching case and names it; a file no table kind reads is an error", () => {
    const src = join(repo, "reference", "golden", "tainttoleration.json");
    const table = JSON.parse(readFileSync(src, "utf8")) as { cases: { id: string; expected: { scores?: Record<string, number> } }[] };
    table.cases[0]!.expected.scores = { nodeA: 0, nodeB: 100 };
    const wrong = join(tmp, "wrong.json");
    writeFileSync(wrong, JSON.stringify(table));
    const r = servesim("golden", wrong);
    expect(r.status).toBe(1);
    const failing = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { id: string; pass: boolean; actual: unknown }).filter((l) => !l.pass);
    expect(failing).toEqual([{ id: "tainttoleration/01", pass: false, expected: { scores: { nodeA: 0, nodeB: 100 } }, actual: { scores: { nodeA: 100, nodeB: 0 } } }]);
    const other = join(tmp, "other.json");
    writeFileSync(other, JSON.stringify({ source: "kubernetes/kubernetes@x:pkg/kubelet/foo_test.go", cases: [] }));
    const o = servesim("golden", other);
    expect(o.status).toBe(1);
    expect(o.stderr).toContain('no table kind evaluates source "kubernetes/kubernetes@x:pkg/kubelet/foo_test.go"');
  });

  test("three GPU pods on two single-GPU nodes: one stays Pending with the scheduler's own message", () => {
    const message = "0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 2 No preemption victims found for incoming pod.";
    const table = servesim("run", "scenarios/gpu-pending.yaml");
    expect(table.status).toBe(0);
    expect(table.stdout).toContain(`pod embedder-2 Pending: ${message}`);
    const json = servesim("run", "scenarios/gpu-pending.yaml", "--format", "json");
    const r = JSON.parse(json.stdout) as { pods: { name: string; status: string; node: string | null; pendingReason: string | null }[] };
    expect(r.pods.map((p) => [p.name, p.status, p.pendingReason])).toEqual([
      ["embedder-0", "Running", null],
      ["embedder-1", "Running", null],
      ["embedder-2", "Pending", message],
    ]);
  });

  test("run --explain prints each explained decision with every node's filter verdict and plugin scores", () => {
    const r = servesim("run", "scenarios/gpu-pending.yaml", "--format", "table", "--explain", "embedder-2");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/pod embedder-0, attempt 1 at 0s, profile default-scheduler: bound to l4-\d/);
    expect(r.stdout).toMatch(/node +filter +TaintToleration×3 +NodeAffinity×2 +NodeResourcesFit×1 +PodTopologySpread×2 +NodeResourcesBalancedAllocation×1 +ImageLocality×1 +total/);
    expect(r.stdout).toMatch(/pod embedder-2, attempt 2 at 300s, profile default-scheduler: unschedulable/);
    expect(r.stdout).toMatch(/ {4}l4-0 +NodeResourcesFit: Insufficient nvidia\.com\/gpu/);
  });
});
