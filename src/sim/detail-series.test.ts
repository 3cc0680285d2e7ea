import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parseScenario } from "../scenario/index.js";
import { scenario } from "../../test/support/scenarios.js";
import { runScenario } from "./run.js";

/** Two single-GPU nodes, one pod each, plus a third node added at 5 minutes that stays empty. */
const gpuScenario = (utilisation: number) =>
  scenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "gpu-busy" },
    seed: 3,
    duration: "20m",
    output: { seriesStep: "1m" },
    cluster: { nodePools: [{ name: "l4", gpu: { type: "l4", count: 2 }, cpu: 16, memory: "64Gi", count: 2 }] },
    services: [
      {
        name: "svc",
        model: { kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean: "100ms" } },
        resources: { requests: { cpu: "1", memory: "1Gi", "nvidia.com/gpu": 1 } },
        pod: { containerStartTime: 0 },
        replicas: 2,
        traffic: [{ poisson: { rate: `${20 * utilisation}/s` } }],
      },
    ],
  });

test("each node's GPU busy share weighs its pods' busy slots by the GPUs they hold", () => {
  const r = runScenario(gpuScenario(0.6));
  expect(Object.keys(r.series.nodes)).toEqual(["l4-0", "l4-1"]);
  for (const node of r.nodes) {
    const col = r.series.nodes[node.name]!.gpuBusy;
    expect(col).toHaveLength(r.series.t.length);
    // One pod busy ~60% of the time on one of the node's two GPUs: ~30% of the node's GPUs.
    const mean = col.reduce((a, b) => a + b, 0) / col.length;
    expect(mean).toBeGreaterThan(0.25);
    expect(mean).toBeLessThan(0.35);
    expect(mean).toBeCloseTo((node.utilisation ?? 0) / 2, 2);
  }
});

const llmScenario = scenario({
  apiVersion: "servesim/v1",
  kind: "Scenario",
  metadata: { name: "llm-detail" },
  seed: 5,
  duration: "10m",
  output: { seriesStep: "1m" },
  cluster: { nodePools: [{ name: "h100", gpu: { type: "h100-sxm", count: 1 }, cpu: 32, memory: "256Gi", count: 1 }] },
  services: [
    {
      name: "chat",
      model: { kind: "llm", id: "llama-3.1-8b" },
      resources: { requests: { cpu: "4", memory: "32Gi", "nvidia.com/gpu": 1 } },
      pod: { containerStartTime: 0 },
      traffic: [{ poisson: { rate: "4/s" }, tokens: { input: { distribution: "fixed", value: 512 }, output: { distribution: "fixed", value: 128 } } }],
    },
  ],
});

test("an LLM service gets per-step TTFT and TPOT percentiles and a KV-cache usage at each sample within [0, 1]; a classic one gets none", () => {
  const r = runScenario(llmScenario);
  const llm = r.series.llm["chat"]!;
  const rows = r.series.t.length;
  const valid = (a: Float64Array) => Array.from(a).filter((x) => !Number.isNaN(x));
  for (const col of Object.values(llm)) expect(col).toHaveLength(rows);
  // Rows after the pod is Ready have data; p99 is never below p50.
  expect(valid(llm.ttftP50).length).toBeGreaterThan(rows / 2);
  for (let k = 0; k < rows; k++) {
    if (Number.isNaN(llm.ttftP50[k]!)) continue;
    expect(llm.ttftP99[k]!).toBeGreaterThanOrEqual(llm.ttftP50[k]!);
    expect(llm.tpotP99[k]!).toBeGreaterThanOrEqual(llm.tpotP50[k]!);
  }
  const ttft = r.services[0]!.ttft!;
  expect(Math.max(...valid(llm.ttftP99))).toBeGreaterThanOrEqual(ttft.p50!);
  const kv = valid(llm.kvUsage);
  expect(kv.length).toBeGreaterThan(rows / 2);
  expect(kv.every((x) => x >= 0 && x <= 1)).toBe(true);
  expect(kv.filter((x) => x > 0).length).toBeGreaterThan(kv.length / 2);
  expect(runScenario(gpuScenario(0.5)).series.llm).toEqual({});
});

test("nodes the autoscaler adds and removes have NaN GPU busy shares outside their life, and report when they were removed", () => {
  const parsed = parseScenario(readFileSync(new URL("../../scenarios/flash-crowd-llm.yaml", import.meta.url), "utf8"));
  if (!parsed.ok) throw new Error("the bundled scenario should parse");
  const r = runScenario(parsed.scenario);
  const t = r.series.t;
  const step = r.series.step;
  const removed = r.nodes.filter((n) => n.status === "Removed");
  expect(removed.length).toBeGreaterThan(0);
  for (const n of removed) {
    expect(n.removedAt).toBeGreaterThan(n.createdAt);
    const col = r.series.nodes[n.name]!.gpuBusy;
    for (let k = 0; k < t.length; k++) {
      const alive = t[k]! > n.createdAt && t[k]! - step < n.removedAt!;
      expect(Number.isNaN(col[k]!)).toBe(!alive);
    }
  }
  expect(r.nodes.filter((n) => n.status !== "Removed").every((n) => n.removedAt === null)).toBe(true);
});

test("a run without detail series (the planner's trials) gives every other result unchanged", () => {
  for (const sc of [llmScenario, gpuScenario(0.6)]) {
    const full = runScenario(sc);
    const bare = runScenario(sc, { detail: false });
    expect(bare.series.llm).toEqual({});
    expect(bare.series.nodes).toEqual({});
    expect({ ...bare, series: { ...bare.series, llm: full.series.llm, nodes: full.series.nodes } }).toEqual(full);
  }
});
