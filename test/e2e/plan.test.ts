/**
 * `servesim plan` end to end, on the compiled output: the same bytes with 1, 2 and 4 worker
 * threads; slices in separate processes merge into the single process's winner and fronts; a
 * worker that dies or hangs mid-trial is reported, its trial retried once, then marked `error`;
 * `plan job` writes manifests that `servesim lint` accepts.
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, test } from "vitest";
import type * as PlanIo from "../../src/cli/plan-io.js";
import type * as Planner from "../../src/planner/index.js";
import type { PlanResults } from "../../src/planner/index.js";
import type { PoolEvent } from "../../workers/planner-pool.js";
import { fileTraceIo } from "../../workers/file-traces.js";

const repo = new URL("../../", import.meta.url).pathname;
const bin = join(repo, "bin", "servesim.js");
const tmp = mkdtempSync(join(tmpdir(), "servesim-plan-"));
const plan = "test/planner/classifier-plan.yaml";
const servesim = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });
const servesimAsync = (...args: string[]) =>
  new Promise<{ status: number | null; stderr: string }>((done) => {
    const p = spawn(process.execPath, [bin, ...args], { cwd: repo });
    let stderr = "";
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.stdout.resume();
    p.on("close", (status) => done({ status, stderr }));
  });
const results = (file: string): PlanResults => JSON.parse(readFileSync(file, "utf8")) as PlanResults;

let planIo: typeof PlanIo;
let planner: typeof Planner;

beforeAll(async () => {
  planIo = (await import(pathToFileURL(join(repo, "dist/src/cli/plan-io.js")).href)) as typeof PlanIo;
  planner = (await import(pathToFileURL(join(repo, "dist/src/planner/index.js")).href)) as typeof Planner;
});

describe("servesim plan", () => {
  test("gives byte-identical results with 1, 2 and 4 worker threads", () => {
    const texts = [1, 2, 4].map((n) => {
      const out = join(tmp, `w${n}.json`);
      const exported = n === 4 ? ["--export", join(tmp, "winner")] : [];
      const r = servesim("plan", plan, "--workers", String(n), "--format", "json", "--out", out, ...exported);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toBe(readFileSync(out, "utf8"));
      return r.stdout;
    });
    expect(texts[1]).toBe(texts[0]);
    expect(texts[2]).toBe(texts[0]);
    const r = JSON.parse(texts[0]!) as PlanResults;
    expect(r.winner?.status).toBe("passed");
    expect(texts[0]).not.toMatch(/wall|seconds"|millis/);
  });

  test("--export wrote the winner's manifests, which lint accepts", () => {
    const files = readdirSync(join(tmp, "winner"));
    expect(files).toEqual(expect.arrayContaining([expect.stringMatching(/deployment/), expect.stringMatching(/service/)]));
    const winner = results(join(tmp, "w1.json")).winner!;
    const deployment = readFileSync(join(tmp, "winner", files.find((f) => /deployment/.test(f))!), "utf8");
    expect(deployment).toContain(`replicas: ${winner.values["services[classifier].replicas"]}`);
    const lint = servesim("lint", join(tmp, "winner"));
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
  });

  test("three slices in three processes merge into the single process's winner and Pareto fronts", async () => {
    const runs = await Promise.all([0, 1, 2].map((i) => servesimAsync("plan", plan, "--workers", "1", "--shard", `${i}/3`, "--format", "json", "--out", join(tmp, `s${i}.json`))));
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const slices = [0, 1, 2].map((i) => results(join(tmp, `s${i}.json`)));
    expect(slices.map((s) => s.candidates.length).reduce((a, b) => a + b)).toBe(48);
    const merged = servesim("plan", "merge", ...[0, 1, 2].map((i) => join(tmp, `s${i}.json`)), "--format", "json", "--out", join(tmp, "merged.json"));
    expect(merged.status, merged.stderr).toBe(0);
    const one = results(join(tmp, "w1.json"));
    const m = results(join(tmp, "merged.json"));
    expect(m.winner).toEqual(one.winner);
    expect(m.pareto).toEqual(one.pareto);
    expect(m.plan.hash).toBe(one.plan.hash);
  });

  test("merge refuses slices of another plan, a missing slice and a slice given twice", () => {
    const other = join(tmp, "other.json");
    const s0 = results(join(tmp, "s0.json"));
    writeFileSync(other, JSON.stringify({ ...s0, plan: { ...s0.plan, hash: "0".repeat(64), shard: { index: 1, count: 3 } } }));
    const a = servesim("plan", "merge", join(tmp, "s0.json"), other, join(tmp, "s2.json"));
    expect(a.status).toBe(1);
    expect(a.stderr).toMatch(/other\.json: from another plan \(hash 000000000000…/);
    const b = servesim("plan", "merge", join(tmp, "s0.json"), join(tmp, "s1.json"));
    expect(b.stderr).toBe("missing slice(s) 2/3\n");
    const c = servesim("plan", "merge", join(tmp, "s0.json"), join(tmp, "s0.json"), join(tmp, "s2.json"));
    expect(c.stderr).toMatch(/slice 0\/3 is also in/);
  });

  test("Ctrl-C ends the plan with a valid partial result (exit 130)", async () => {
    // Every candidate on 8 seeds in full: long enough to be interrupted on any machine.
    const long = join(tmp, "long-plan.yaml");
    writeFileSync(long, `${readFileSync(join(repo, plan), "utf8").replace("classifier.yaml]", `${join(repo, "test/planner/classifier.yaml")}]`).replace("seeds: 2", "seeds: 8")}search: { strategy: exhaustive }\n`);
    const out = join(tmp, "partial.json");
    const p = spawn(process.execPath, [bin, "plan", long, "--workers", "1", "--format", "json", "--out", out], { cwd: repo });
    const closed = new Promise<number | null>((done) => p.on("close", done));
    let stderr = "";
    const started = new Promise<void>((ready) =>
      p.stderr.on("data", (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes("planning classifier:")) ready();
      }),
    );
    p.stdout.resume();
    await Promise.race([started, closed]);
    await new Promise((r) => setTimeout(r, 1000));
    p.kill("SIGINT");
    const status = await closed;
    expect(status, stderr).toBe(130);
    expect(stderr).toMatch(/^planning classifier: 48 candidates, 1 scenario\(s\) × 8 seed\(s\), 1 worker\(s\)\n/);
    expect(stderr).toContain("cancelling: writing the results so far");
    const r = results(out);
    expect(r.status).toBe("partial");
    expect(r.candidates).toHaveLength(48);
    expect(r.counts.pending).toBeGreaterThan(0);
    expect(r.counts.passed + r.counts.failed + r.counts.pending).toBe(48);
    for (const c of r.candidates) if (c.status === "passed") expect(c.objective).not.toBeNull();
  });

  test("a bad plan exits 1 with file:line:col path: message for each problem", () => {
    const bad = join(tmp, "bad-plan.yaml");
    const text = readFileSync(join(repo, plan), "utf8").replace("seeds: 2", "seeds: 2\nobjectve: cost").replace("1..8", "5..10001").replace("[t4, l4]", "[t4, l44]");
    writeFileSync(bad, text.replace("classifier.yaml]", `${join(repo, "test/planner/classifier.yaml")}]`));
    const r = servesim("plan", bad);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      `${bad}:8:1 objectve: unknown field "objectve" (did you mean "objective"?)`,
      "",
    ]);
    writeFileSync(bad, text.replace("objectve: cost\n", "").replace("classifier.yaml]", `${join(repo, "test/planner/classifier.yaml")}]`));
    const values = servesim("plan", bad);
    expect(values.status).toBe(1);
    const scenario = join(repo, "test/planner/classifier.yaml");
    expect(values.stderr.split("\n")).toEqual([
      `${bad}:9:41 vary["cluster.nodePools[gpu].gpu.type"][1]: value "l44": ${scenario}: cluster.nodePools[0].gpu.type: unknown GPU type "l44" (did you mean "l4"?)`,
      `${bad}:11:34 vary["services[classifier].replicas"]: value 10001: ${scenario}: services[0].replicas: expected a number ≤ 10000, got 10001`,
      "",
    ]);
  });

  test("an empty feasible set exits 3 and says which constraint excluded how many candidates", () => {
    // At most 2 nodes and a p99 of 100 ms: the capacity bound, the node limit and the SLO (in the screening race) each exclude some.
    const scenario = join(tmp, "classifier-tight.yaml");
    writeFileSync(scenario, readFileSync(join(repo, "test/planner/classifier.yaml"), "utf8").replace("p99: 150ms", "p99: 100ms"));
    const file = join(tmp, "infeasible-plan.yaml");
    writeFileSync(file, `${readFileSync(join(repo, plan), "utf8").replace("classifier.yaml]", `${scenario}]`)}constraints: { maxNodes: 2 }\n`);
    const r = servesim("plan", file, "--workers", "1", "--out", join(tmp, "infeasible.json"));
    expect(r.status, r.stderr).toBe(3);
    const lines = r.stdout.split("\n");
    const at = lines.indexOf("no configuration meets every constraint; what excluded the candidates:");
    expect(at, r.stdout).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 4)).toEqual(["      30  pruned: constraint maxNodes", "      16  pruned: capacity", "       2  dropped: classifier latency.p99"]);
    expect(lines.find((l) => l.startsWith("c47 "))).toMatch(/pruned .*constraint: .*classifier-tight\.yaml: at least 8 nodes at once, above maxNodes 2$/);
    expect(lines.find((l) => l.startsWith("c17 "))).toMatch(/dropped .*raced out: .*classifier-tight\.yaml seed 5\/0 \(25% of the run\): classifier latency\.p99 \d+ms > 100ms \(\+\d+%\)/);
    const json = results(join(tmp, "infeasible.json"));
    expect(json.winner).toBeNull();
    expect(json.infeasible).toEqual({ "pruned: constraint maxNodes": 30, "pruned: capacity": 16, "dropped: classifier latency.p99": 2 });
  });
});

describe("the planner's worker pool", () => {
  const runWith = async (faults: { exitOn?: number[]; hangOn?: number[]; exitOnScreen?: number[] }, hangMs?: number) => {
    const disk = await planIo.readPlan(join(repo, plan));
    const events: PoolEvent[] = [];
    const pool = planIo.startPool(disk, 2, (e) => events.push(e), { faults, ...(hangMs !== undefined ? { hangMs } : {}) });
    try {
      const r = await planner.runPlan(disk.plan, { evaluator: pool, io: (i) => fileTraceIo(disk.traceBases[i]!) });
      return { r, events };
    } finally {
      await pool.close();
    }
  };

  test("a worker that exits mid-trial is reported, the trial retried once on a new worker, then marked error; the plan completes", async () => {
    const one = results(join(tmp, "w1.json"));
    const victim = one.winner!.index;
    const { r, events } = await runWith({ exitOn: [victim] });
    const c = r.candidates.find((x) => x.index === victim)!;
    expect(c.status).toBe("error");
    expect(c.reason).toMatch(/worker lost twice: exited with code 70/);
    const lost = events.filter((e) => e.kind === "lost");
    expect(lost.map((e) => (e.kind === "lost" ? [e.trial.split("/")[0], e.retry] : null))).toEqual([[String(victim), true], [String(victim), false]]);
    expect(events.filter((e) => e.kind === "restarted")).toHaveLength(2);
    expect(r.status).toBe("complete");
    expect(r.winner).not.toBeNull();
    expect(r.winner!.index).not.toBe(victim);
  }, 240_000);

  test("a worker lost while screening candidates is replaced; the chunk is retried once, then screened in the main thread; results are unchanged", async () => {
    const { r, events } = await runWith({ exitOnScreen: [0] });
    const lost = events.filter((e) => e.kind === "lost");
    expect(lost.map((e) => (e.kind === "lost" ? [e.trial, e.retry] : null))).toEqual([[expect.stringMatching(/^screen:0\.\./), true], [expect.stringMatching(/^screen:0\.\./), false]]);
    expect(JSON.parse(planner.planResultsToJson(r))).toEqual(results(join(tmp, "w1.json")));
  }, 240_000);

  test("a worker that hangs is taken for hung after the silence limit, replaced, and its trial marked error after one retry", async () => {
    const victim = results(join(tmp, "w1.json")).winner!.index;
    const { r, events } = await runWith({ hangOn: [victim] }, 5000);
    expect(r.candidates.find((x) => x.index === victim)?.status).toBe("error");
    expect(events.filter((e) => e.kind === "lost").map((e) => (e.kind === "lost" ? e.why : ""))).toEqual([expect.stringMatching(/hung/), expect.stringMatching(/hung/)]);
  }, 240_000);

  test("workers that die on every trial are restarted a bounded number of times; every trial then ends as error and the plan completes", async () => {
    const { r, events } = await runWith({ exitOn: Array.from({ length: 48 }, (_, i) => i) });
    expect(r.status).toBe("complete");
    expect(r.winner).toBeNull();
    // Six losses in a row (three per worker of the pool) are restarted; the next loss of each worker ends it.
    expect(events.filter((e) => e.kind === "lost")).toHaveLength(8);
    expect(events.filter((e) => e.kind === "restarted")).toHaveLength(6);
    const simulated = r.candidates.filter((c) => c.status !== "pruned");
    expect(simulated.length).toBeGreaterThan(0);
    for (const c of simulated) expect(c.status, c.id).toBe("error");
    expect(simulated.filter((c) => /: error: worker lost twice: exited with code 70$/.test(c.reason ?? "")).length, JSON.stringify(simulated.map((c) => c.reason))).toBeGreaterThan(0);
    expect(simulated.filter((c) => /: error: workers keep failing: /.test(c.reason ?? "")).length).toBeGreaterThan(0);
  }, 240_000);
});

describe("servesim plan job", () => {
  test("writes an Indexed Job, its ConfigMap and the Dockerfile; lint accepts them and the shipped plan loads as the image lays it out", () => {
    const out = join(tmp, "job");
    const r = servesim("plan", "job", "plans/chat-llama-8b.yaml", "--shards", "4", "--out", out);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["1-configmap.yaml", "2-job.yaml", "Dockerfile"]);
    const lint = servesim("lint", out);
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const [job] = parseAllDocuments(readFileSync(join(out, "2-job.yaml"), "utf8")).map((d) => d.toJS() as Record<string, unknown>);
    expect(job).toMatchObject({
      apiVersion: "batch/v1",
      kind: "Job",
      spec: { completionMode: "Indexed", completions: 4, parallelism: 4, template: { spec: { restartPolicy: "Never", containers: [{ args: expect.arrayContaining(["--shard", "$(JOB_COMPLETION_INDEX)/4"]) }] } } },
    });
    const [cm] = parseAllDocuments(readFileSync(join(out, "1-configmap.yaml"), "utf8")).map((d) => d.toJS() as { data: Record<string, string> });
    expect(Object.keys(cm!.data).sort()).toEqual(["plan.yaml", "scenario-0.yaml", "scenario-1.yaml"]);
    expect(cm!.data["scenario-0.yaml"]).toContain("file: ../traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv");
    expect(readFileSync(join(out, "Dockerfile"), "utf8")).toMatch(/ENTRYPOINT \["node", "\/opt\/servesim\/bin\/servesim.js"\]/);
    // The image's layout: the plan mounted in job/ beside traces/.
    const image = join(tmp, "image");
    mkdirSync(join(image, "job"), { recursive: true });
    symlinkSync(join(repo, "traces"), join(image, "traces"));
    for (const [name, text] of Object.entries(cm!.data)) writeFileSync(join(image, "job", name), text);
    // A slice with no family reads the plan, its scenarios and their traces, then finds nothing to do.
    const check = servesim("plan", join(image, "job", "plan.yaml"), "--shard", "399/400", "--workers", "1", "--format", "json");
    expect(check.status, check.stderr).toBe(0);
    expect((JSON.parse(check.stdout) as PlanResults).candidates).toEqual([]);
  });

  test("validates what it writes: a memory size the schemas refuse is reported with its path and nothing is written", () => {
    const out = join(tmp, "job-bad-memory");
    const r = servesim("plan", "job", "plans/chat-llama-8b.yaml", "--shards", "2", "--memory", "4Gx", "--out", out);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n")).toEqual([
      'Job/plan-chat-llama-8b spec.template.spec.containers[0].resources.limits.memory: invalid quantity "4Gx" (expected e.g. 500m, 16Gi, 2 or 1e9) [schema/quantity]',
      'Job/plan-chat-llama-8b spec.template.spec.containers[0].resources.requests.memory: invalid quantity "4Gx" (expected e.g. 500m, 16Gi, 2 or 1e9) [schema/quantity]',
      "",
    ]);
    expect(() => readdirSync(out)).toThrow(/ENOENT/);
  });

  test("refuses a trace outside servesim's traces/ folder, which the image would not hold", () => {
    const dir = join(tmp, "outside");
    mkdirSync(dir, { recursive: true });
    cpSync(join(repo, "traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv"), join(dir, "trace.csv"));
    writeFileSync(join(dir, "s.yaml"), readFileSync(join(repo, "plans/scenarios/chat-day.yaml"), "utf8").replace("../../traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", "trace.csv"));
    writeFileSync(join(dir, "p.yaml"), readFileSync(join(repo, "plans/chat-llama-8b.yaml"), "utf8").replace(/scenarios:\n( {2}- .*\n)+/, "scenarios: [s.yaml]\n"));
    const r = servesim("plan", "job", join(dir, "p.yaml"), "--shards", "2", "--out", join(dir, "job"));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/s\.yaml: trace\.csv is not in servesim's traces\/ folder/);
  });
});
