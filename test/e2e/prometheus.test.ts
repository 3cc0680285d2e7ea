/**
 * The monitoring export against the real tools: promtool lints and backfills the series of a
 * run, a Prometheus server (Debian's package; .ci/run installs it) serves them, and its HTTP API
 * must give back the simulator's own figures and accept every query of the Grafana dashboard.
 */
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { E2E_BUCKETS, TTFT_BUCKETS } from "../../src/metrics/exposition/index.js";
import type { Results } from "../../src/sim/index.js";

const repo = new URL("../../", import.meta.url).pathname;
const bin = join(repo, "bin", "servesim.js");
const scenario = join(repo, "test/e2e/fixtures/monitoring.yaml");
const EPOCH = 1735689600; // --metrics-start's default, 2025-01-01T00:00:00Z
const STEP = 15; // the fixture's output.seriesStep
const DURATION = 1800;

const tool = (name: string) => {
  const path = `/usr/bin/${name}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: install Debian's prometheus package (.ci/run does)`);
  return path;
};
const servesim = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: repo, encoding: "utf8" });
  // Exit 3: the run finished but an SLO failed (the fixture does not meet all of its SLOs).
  if (r.status !== 0 && !(args[0] === "run" && r.status === 3)) throw new Error(`servesim ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

const tmp = mkdtempSync(join(tmpdir(), "servesim-prometheus-"));
let prometheus: ChildProcess | undefined;
let api = "";
let results: Results;
let promtoolLint: { status: number | null; stderr: string };
let dashboard: { panels: { targets?: { expr: string }[] }[] };

interface Sample {
  readonly metric: Record<string, string>;
  readonly value?: [number, string];
  readonly values?: [number, string][];
}

async function query(path: "query" | "query_range", params: Record<string, string | number>): Promise<Sample[]> {
  const body = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  const res = await fetch(`${api}/api/v1/${path}`, { method: "POST", body });
  const json = (await res.json()) as { status: string; error?: string; data?: { result: Sample[] } };
  if (json.status !== "success") throw new Error(`${params["query"]}: ${json.error}`);
  return json.data!.result;
}
const instant = async (q: string, at = EPOCH + DURATION) => Number((await query("query", { query: q, time: at }))[0]?.value?.[1] ?? NaN);
const range = async (q: string) => (await query("query_range", { query: q, start: EPOCH + STEP, end: EPOCH + DURATION, step: STEP }))[0]?.values?.map(([, v]) => Number(v)) ?? [];

beforeAll(async () => {
  const promtool = tool("promtool");
  const om = join(tmp, "run.om");
  const text = join(tmp, "run.prom");
  const out = join(tmp, "results.json");
  servesim("run", scenario, "--metrics", om, "--out", out);
  results = JSON.parse(readFileSync(out, "utf8")) as Results;
  servesim("run", scenario, "--metrics", text, "--metrics-format", "prometheus");
  promtoolLint = spawnSync(promtool, ["check", "metrics"], { input: readFileSync(text), encoding: "utf8" });
  const blocks = spawnSync(promtool, ["tsdb", "create-blocks-from", "openmetrics", om, join(tmp, "data")], { encoding: "utf8" });
  if (blocks.status !== 0) throw new Error(`promtool tsdb create-blocks-from openmetrics failed: ${blocks.stderr}`);
  servesim("export", scenario, "--grafana", "--out", join(tmp, "manifests"));
  dashboard = JSON.parse(readFileSync(join(tmp, "manifests", "grafana", "monitoring.json"), "utf8")) as typeof dashboard;

  writeFileSync(join(tmp, "prometheus.yml"), "global: {}\n");
  const port = await freePort();
  api = `http://127.0.0.1:${port}`;
  // Backfilled series carry no staleness markers: a lookback a millisecond short of the step ends a series at its next
  // missing sample, as a scrape would (Prometheus 2 still sees a sample exactly lookback-delta old).
  const args = [`--config.file=${join(tmp, "prometheus.yml")}`, `--storage.tsdb.path=${join(tmp, "data")}`, `--web.listen-address=127.0.0.1:${port}`, `--query.lookback-delta=${STEP * 1000 - 1}ms`, "--log.level=warn"];
  prometheus = spawn(tool("prometheus"), args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  prometheus.stderr?.on("data", (d: Buffer) => (log += d.toString()));
  for (let i = 0; i < 300; i++) {
    if (prometheus.exitCode !== null) throw new Error(`prometheus exited ${prometheus.exitCode}: ${log}`);
    const ready = await fetch(`${api}/-/ready`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`prometheus not ready after 30 s: ${log}`);
}, 120_000);

afterAll(async () => {
  const p = prometheus;
  if (p && p.exitCode === null) {
    const exited = new Promise((r) => p.once("exit", r));
    p.kill("SIGTERM");
    await exited;
  }
  rmSync(tmp, { recursive: true, force: true });
});

/** [lower, upper] of the `le` bucket holding x (x within the bounds). */
const bucketOf = (bounds: readonly number[], x: number): [number, number] => {
  const i = bounds.findIndex((b) => x <= b);
  return [i > 0 ? bounds[i - 1]! : 0, bounds[i]!];
};

describe("the monitoring export in Prometheus", () => {
  test("promtool check metrics parses the file and finds only the exporters' own naming conventions", () => {
    expect(promtoolLint.stderr).not.toContain("error while linting");
    const findings = [...new Set(promtoolLint.stderr.trim().split("\n"))].sort();
    expect(findings.length).toBeGreaterThan(0);
    const allowed = [
      /^vllm:\w+ metric names should not contain ':'$/, // vLLM's names (vllm/v1/metrics/loggers.py)
      /^nv_inference_\w+ counter metrics should have "_total" suffix$/, // Triton's names (docs/user_guide/metrics.md) …
      /^nv_inference_\w+_us metric names should not contain abbreviated units$/,
      /^nv_inference_(count|pending_request_count) non-histogram and non-summary metrics should not have "_count" suffix$/,
      /^nv_inference_\w+_summary_us metric name should not include type 'summary'$/,
      /^DCGM_FI_DEV_GPU_UTIL label names should be written in 'snake_case' not 'camelCase'$/, // dcgm-exporter's UUID, modelName, Hostname
      /^node_gpu_count non-histogram and non-summary metrics should not have "_count" suffix$/, // OpenCost's name
    ];
    expect(findings.filter((f) => !allowed.some((a) => a.test(f)))).toEqual([]);
    expect(promtoolLint.status).toBe(3);
  });

  test("histogram_quantile(0.99) of vLLM's TTFT and e2e latency histograms falls in the bucket of the simulator's own p99", async () => {
    const chat = results.services.find((s) => s.name === "chat")!;
    const ttft = await instant('histogram_quantile(0.99, sum by (le) (vllm:time_to_first_token_seconds_bucket{service="chat"}))');
    const [lo, hi] = bucketOf(TTFT_BUCKETS, chat.ttft!.p99!);
    expect(ttft).toBeGreaterThanOrEqual(lo);
    expect(ttft).toBeLessThanOrEqual(hi);
    const e2e = await instant('histogram_quantile(0.99, sum by (le) (vllm:e2e_request_latency_seconds_bucket{service="chat"}))');
    const [elo, ehi] = bucketOf(E2E_BUCKETS, chat.latency.p99!);
    expect(e2e).toBeGreaterThanOrEqual(elo);
    expect(e2e).toBeLessThanOrEqual(ehi);
    expect(await instant('sum(vllm:request_success_total{service="chat",finished_reason="stop"})')).toBe(chat.total.completed);
    expect(await instant('nv_inference_request_success{service="classifier"}')).toBe(results.services.find((s) => s.name === "classifier")!.total.completed);
  });

  test("replicas, the HPA's desired count and Ready nodes at every sample are the results' own", async () => {
    const a = results.autoscaling.series;
    for (const svc of ["classifier", "chat"]) {
      expect(await range(`kube_deployment_status_replicas_available{deployment="${svc}"}`)).toEqual(a.services[svc]!.ready);
      expect(await range(`kube_horizontalpodautoscaler_status_desired_replicas{horizontalpodautoscaler="${svc}"}`)).toEqual(a.services[svc]!.desired);
    }
    const ready = (a.pools["t4"]!.ready as unknown as number[]).map((n, i) => n + (a.pools["l40s"]!.ready as unknown as number[])[i]!);
    expect(await range('count(kube_node_status_condition{condition="Ready",status="true"} == 1)')).toEqual(ready);
    expect(Math.max(...ready)).toBeGreaterThan(3);
  });

  test("node prices summed over the run give the results' cost within one step per node", async () => {
    const cost = await instant(`sum(sum_over_time(node_total_hourly_cost[${DURATION}s])) * ${STEP} / 3600`);
    const nodes = results.nodes.length;
    expect(Math.abs(cost - results.cost.total)).toBeLessThanOrEqual((nodes * 1.861 * STEP) / 3600);
  });

  test("every query of the Grafana dashboard is accepted by Prometheus and returns series", async () => {
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    expect(exprs.length).toBeGreaterThan(25);
    const empty: string[] = [];
    for (const expr of exprs) {
      // Grafana substitutes its macros before it sends a query.
      const q = expr.replaceAll("$__rate_interval", "1m").replaceAll("$__range", `${DURATION}s`);
      const r = await query("query_range", { query: q, start: EPOCH + 60, end: EPOCH + DURATION, step: 60 });
      if (r.length === 0) empty.push(expr);
    }
    expect(empty).toEqual([]);
  });
});
