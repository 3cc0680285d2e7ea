import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "./main.js";

const repo = new URL("../../", import.meta.url).pathname;
const quickstart = join(repo, "scenarios/quickstart.yaml");
const tmp = mkdtempSync(join(tmpdir(), "servesim-cli-"));

/** Runs the CLI in-process and captures what it prints. */
async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

function file(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

describe("servesim CLI", () => {
  test("validate accepts the quickstart and summarises it", async () => {
    const r = await cli("validate", quickstart);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toContain("ok (1 services, 3 pods, 1 node pools, 3 nodes)");
  });

  test("a bad scenario prints file:line:col path: expected, without a stack trace, and exits 1", async () => {
    const bad = file("bad.yaml", readFileSync(quickstart, "utf8").replace("concurrency: 4", "concurency: 4").replace("count: 3", "count: -3"));
    const r = await cli("run", bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.replaceAll(tmp, "<tmp>")).toMatchInlineSnapshot(`
      "<tmp>/bad.yaml:18:14 cluster.nodePools[0].count: expected a number ≥ 0, got -3
      <tmp>/bad.yaml:25:7 services[0].model.concurency: unknown field "concurency" (did you mean "concurrency"?)
      "
    `);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("a missing file, an oversized file and a bad option exit 1 with a clear message", async () => {
    expect(await cli("run", join(tmp, "nope.yaml"))).toMatchObject({ code: 1, stderr: `${join(tmp, "nope.yaml")}: cannot read (ENOENT)\n` });
    const big = file("big.yaml", `# ${"x".repeat(2 * 1024 * 1024)}\n`);
    expect((await cli("validate", big)).stderr).toContain("big.yaml:1:1 (root): expected a file of at most 1048576 bytes, got 2097155");
    const opt = await cli("run", quickstart, "--fromat", "json");
    expect(opt.code).toBe(1);
    expect(opt.stderr).toContain("unknown option '--fromat'");
    expect((await cli("run", quickstart, "--format", "yaml")).code).toBe(1);
    expect((await cli("run", quickstart, "--duration", "forever")).stderr).toMatch(/^--duration: invalid duration "forever"/);
  });

  test("run --out writes the same results file twice, and --format json prints it", async () => {
    const a = join(tmp, "a.json");
    const b = join(tmp, "b.json");
    const first = await cli("run", quickstart, "--duration", "6m", "--seed", "7", "--out", a);
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(first.stdout).toMatch(/^scenario quickstart {2}seed 7 {2}simulated 360s/);
    // The printed digest is the SHA-256 of the results file's bytes (what `sha256sum a.json` prints).
    expect(first.stdout).toMatch(new RegExp(`digest sha256:${createHash("sha256").update(readFileSync(a)).digest("hex")}\n$`));
    await cli("run", quickstart, "--duration", "6m", "--seed", "7", "--out", b);
    expect(readFileSync(a, "utf8")).toBe(readFileSync(b, "utf8"));
    const json = await cli("run", quickstart, "--duration", "6m", "--seed", "7", "--format", "json");
    expect(json.stdout).toBe(`${readFileSync(a, "utf8")}\n`);
    expect(JSON.parse(json.stdout)).toMatchObject({ format: "servesim.results/v1", status: "completed", scenario: { seed: 7, duration: 360 } });
  });

  test("run prints the average hourly cost beside the final rate, and each service's cost per 1k requests", async () => {
    const r = await cli("run", quickstart, "--duration", "10m", "--format", "table");
    expect(r.code).toBe(0);
    const json = JSON.parse((await cli("run", quickstart, "--duration", "10m", "--format", "json")).stdout) as { cost: { total: number; averagePerHour: number; perHour: number; services: { cost: number; allocated: number; per1kRequests: number }[] } };
    const c = json.cost;
    const unit = (x: number) => (x >= 1 ? x.toFixed(2) : String(Number(x.toPrecision(3))));
    expect(r.stdout).toContain(`cost $${c.total.toFixed(2)} over the run (average $${c.averagePerHour.toFixed(2)}/h, $${c.perHour.toFixed(2)}/h at the end): t4 `);
    const svc = c.services[0]!;
    expect(r.stdout).toMatch(new RegExp(`\\nservice +cost +requested +per 1k req\\nclassifier +\\$${svc.cost.toFixed(2)} +\\$${svc.allocated.toFixed(2)} +\\$${unit(svc.per1kRequests).replace(".", "\\.")}\\n`));
  });

  test("run --requests streams one CSV row per request that ended, up to --requests-limit; a bad limit is refused", async () => {
    const csv = join(tmp, "requests.csv");
    const r = await cli("run", quickstart, "--duration", "6m", "--format", "json", "--requests", csv);
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { services: { total: { arrived: number; inFlight: number; completed: number } }[] };
    const total = results.services[0]!.total;
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe("arrival,service,pod,class,input_tokens,output_tokens,queueing_delay,ttft,tpot,e2e,outcome,reason");
    expect(lines.length - 1).toBe(total.arrived - total.inFlight);
    expect(lines.filter((l) => l.endsWith(",completed,")).length).toBe(total.completed);
    expect(lines.find((l) => l.endsWith(",completed,"))).toMatch(/^[\d.]+,classifier,classifier-\w+,,0,0,[\d.e-]+,,,[\d.e-]+,completed,$/);
    // Before a pod is Ready, requests find no endpoint.
    expect(lines[1]).toMatch(/^[\d.]+,classifier,,,0,0,,,,0,rejected,noEndpoint$/);
    expect(r.stderr).toBe(`${csv}: ${lines.length - 1} requests; requests still in flight at the end are not listed\n`);
    const capped = await cli("run", quickstart, "--duration", "6m", "--requests", csv, "--requests-limit", "10");
    expect(readFileSync(csv, "utf8").trimEnd().split("\n")).toHaveLength(11);
    expect(capped.stderr).toContain(`${csv}: 10 requests; ${lines.length - 11} more not written (--requests-limit 10)`);
    const bad = await cli("run", quickstart, "--requests", csv, "--requests-limit", "1e3");
    expect(bad).toMatchObject({ code: 1, stderr: '--requests-limit: expected an integer from 1 to 100000000, got "1e3"\n' });
  });

  test("an overloaded scenario without a queue limit halts with an explanation and exits 1", async () => {
    const overload = file(
      "overload.yaml",
      readFileSync(quickstart, "utf8")
        .replace("queueLimit: 64", "weightsSize: 0")
        .replace(/ {4}image: .*\n/, "")
        .replace("containerStartTime: 3s", "containerStartTime: 0s")
        .replace("rate: 240/s", "rate: 5000000/s")
        .replace("duration: 1h", "duration: 2s")
        .replace("warmup: 5m", "warmup: 0s"),
    );
    const r = await cli("run", overload);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: more than 2000000 requests in flight at t=0\.\d+s: service "classifier" holds \d+ of them and cannot keep up with its traffic; give it more replicas or a queueLimit\n$/);
  });

  test("an unexpected failure is an internal error: exit 2, one line, no stack trace", async () => {
    let stderr = "";
    const code = await main(["validate", quickstart], {
      stdout: () => {
        throw new Error("stdout closed");
      },
      stderr: (t) => (stderr += t),
      isTTY: false,
    });
    expect(code).toBe(2);
    expect(stderr).toBe("internal error: stdout closed\n");
  });

  test("golden reports a file that is not a golden table, or not JSON, and exits 1", async () => {
    const notJson = file("not.json", "{ nope");
    expect(await cli("golden", notJson)).toMatchObject({ code: 1, stdout: "" });
    expect((await cli("golden", notJson)).stderr).toMatch(/not\.json: invalid JSON \(/);
    const shape = file("shape.json", JSON.stringify({ cases: [] }));
    expect((await cli("golden", shape)).stderr).toContain("shape.json: source: ");
    const badCase = file(
      "bad-case.json",
      JSON.stringify({ source: "kubernetes/kubernetes@x:pkg/scheduler/framework/plugins/tainttoleration/t_test.go", cases: [{ id: "c1", pod: { tolerations: "none" }, nodes: [], expected: { scores: {} } }] }),
    );
    const r = await cli("golden", badCase);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ id: "c1", pass: false, actual: null, error: expect.stringMatching(/^pod\.tolerations: /) });
  });

  test("--help and --version exit 0", async () => {
    expect((await cli("--help")).code).toBe(0);
    expect(await cli("--version")).toMatchObject({ code: 0, stdout: "0.1.0\n" });
  });
});
