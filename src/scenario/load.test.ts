import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatIssue } from "./errors.js";
import { parseScenario, validateScenario } from "./load.js";

const quickstart = readFileSync(new URL("../../scenarios/quickstart.yaml", import.meta.url), "utf8");

const minimal = (extra = "") => `apiVersion: servesim/v1
kind: Scenario
metadata: { name: t }
duration: 10m
cluster:
  nodePools:
    - name: t4
      gpu: { type: t4 }
      cpu: 4
      memory: 16Gi
      count: 2
services:
  - name: svc
    model:
      kind: classic
      serviceTime: { distribution: exponential, mean: 50ms }
    traffic:
      - poisson: { rate: 10/s }
${extra}`;

/** The formatted issues of a scenario that must not parse. */
function issues(text: string, file = "bad.yaml"): string[] {
  const r = parseScenario(text, { file });
  if (r.ok) throw new Error("expected the scenario to be rejected");
  return r.issues.map(formatIssue);
}

describe("parseScenario", () => {
  test("reads the quickstart, parses units into base units and fills defaults", () => {
    const r = parseScenario(quickstart, { file: "quickstart.yaml" });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    const s = r.scenario;
    expect(s.duration).toBe(3600);
    expect(s.warmup).toBe(300);
    expect(s.cluster.nodePools[0]).toMatchObject({ cpu: 4000, memory: 16 * 2 ** 30, maxPods: 110, gpu: { type: "t4", count: 1 } });
    expect(s.services[0]!.resources.requests).toEqual({ cpu: 2000, memory: 8 * 2 ** 30, "nvidia.com/gpu": 1 });
    expect(s.services[0]!.model).toMatchObject({ concurrency: 4, queueLimit: 64, serviceTime: { distribution: "lognormal", mean: 0.04, cv: 0.5 } });
    expect(s.services[0]!.traffic[0]!.poisson).toEqual({ rate: 240, start: 0 });
    expect(s.services[0]!.slo).toEqual({ latency: { p50: 0.06, p99: 0.25 }, maxRejectRate: 0.001 });
  });

  test("fills the defaults a minimal scenario leaves out", () => {
    const r = parseScenario(minimal());
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    expect(r.scenario.seed).toBe(1);
    expect(r.scenario.warmup).toBe(0);
    // Requests list only what was given: an absent cpu or memory request differs from 0 when the scheduler scores.
    expect(r.scenario.services[0]).toMatchObject({
      replicas: 1,
      resources: { requests: {}, limits: {} },
      model: { concurrency: 1, dtype: "fp16" },
      pod: { schedulerName: "default-scheduler", containerStartTime: 0, readinessProbe: { initialDelaySeconds: 0, periodSeconds: 10, successThreshold: 1 }, terminationGracePeriodSeconds: 30 },
    });
    expect(r.scenario.cluster.nodePools[0]).toMatchObject({ maxPods: 110, taints: [], zones: [], bootDelay: 120, devicePluginDelay: 60, bootAtStart: false, imagePullBandwidth: 100e6 });
    expect(r.scenario.cluster.scheduler).toMatchObject({ percentageOfNodesToScore: 0, podInitialBackoffSeconds: 1, podMaxBackoffSeconds: 10, profiles: [{ schedulerName: "default-scheduler" }] });
  });

  test("returns a deeply frozen scenario", () => {
    const r = parseScenario(minimal());
    if (!r.ok) throw new Error("rejected");
    const model = r.scenario.services[0]!.model;
    expect(model.kind === "classic" && Object.isFrozen(model.serviceTime)).toBe(true);
  });

  test("reads JSON as well as YAML, with positions", () => {
    const json = JSON.stringify({ apiVersion: "servesim/v1", kind: "Scenario", metadata: { name: "j" }, duration: "1m", cluster: { nodePools: [{ name: "p", cpu: 2, memory: "1Gi", count: 1 }] }, services: [{ name: "s", model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: "1s" } } }] }, null, 2);
    expect(parseScenario(json).ok).toBe(true);
    expect(issues(json.replace('"count": 1', '"count": -1'), "s.json")).toMatchInlineSnapshot(`
      [
        "s.json:14:18 cluster.nodePools[0].count: expected a number ≥ 0, got -1",
      ]
    `);
  });

  test("applies overrides from the command line before validating them", () => {
    const r = parseScenario(minimal(), { overrides: { seed: 7, duration: "2h" } });
    expect(r.ok && [r.scenario.seed, r.scenario.duration]).toEqual([7, 7200]);
    expect(parseScenario(minimal(), { file: "f.yaml", overrides: { duration: "soon" } })).toMatchObject({ ok: false, issues: [{ line: 4, path: ["duration"] }] });
  });
});

describe("scenario errors name the file, line, column, path and what was expected", () => {
  test("an unknown field suggests the closest valid name, at the key's position", () => {
    expect(issues(minimal().replace("kind: classic", "kind: classic\n      concurency: 4"))).toMatchInlineSnapshot(`
      [
        "bad.yaml:16:7 services[0].model.concurency: unknown field "concurency" (did you mean "concurrency"?)",
      ]
    `);
  });

  test("an unknown GPU type lists the valid ones", () => {
    expect(issues(minimal().replace("type: t4", "type: h200x"))).toMatchInlineSnapshot(`
      [
        "bad.yaml:8:20 cluster.nodePools[0].gpu.type: unknown GPU type "h200x" (did you mean "h200"?)",
      ]
    `);
    expect(issues(minimal().replace("type: t4", "type: tpu-v5"))[0]).toContain("expected one of t4, l4, a10g, l40s, a100-40gb, a100-80gb-sxm, h100-sxm, h100-pcie, h200, b200, mi300x");
  });

  test("a wrong type, a missing field and a bad unit each get their own message", () => {
    const text = minimal()
      .replace("count: 2", 'count: "two"')
      .replace("rate: 10/s", "rate: 10/week");
    expect(issues(text)).toMatchInlineSnapshot(`
      [
        "bad.yaml:11:14 cluster.nodePools[0].count: expected a number, got "two"",
        "bad.yaml:18:26 services[0].traffic[0].poisson.rate: invalid rate "10/week" (expected events per second such as 7.2, "7.2/s", "100/min" or "3600/h")",
      ]
    `);
  });

  test("a model server must be timed somehow, and an LLM must get its GPUs", () => {
    expect(issues(minimal().replace("      serviceTime: { distribution: exponential, mean: 50ms }\n", ""))).toEqual([
      'bad.yaml:15:7 services[0].model.serviceTime: missing required field "serviceTime" (or a catalog model "id" whose FLOPs time the requests)',
    ]);
    expect(issues(minimal().replace("serviceTime: { distribution: exponential, mean: 50ms }", "batching: { maxBatchSize: 8 }"))).toEqual([
      'bad.yaml:16:17 services[0].model.batching.batchTime: missing required field "batchTime" (or a catalog model "id" whose FLOPs time the batches)',
    ]);
    expect(issues(minimal().replace("serviceTime: { distribution: exponential, mean: 50ms }", "id: resnet-50"))[0]).toContain("needs a GPU: request nvidia.com/gpu");
    const llm = minimal().replace("kind: classic", "kind: llm\n      id: llama-3.1-8b\n      tensorParallel: 2").replace("      serviceTime: { distribution: exponential, mean: 50ms }\n", "");
    expect(issues(llm)[0]).toContain("services[0].model.tensorParallel: tensorParallel 2 needs at least 2 nvidia.com/gpu per pod, the pod requests 0");
  });

  test("a bad discriminator names the valid kinds", () => {
    expect(issues(minimal().replace("kind: classic", "kind: clasic"))).toMatchInlineSnapshot(`
      [
        "bad.yaml:15:13 services[0].model.kind: expected model kind "classic" or "llm", got "clasic"",
      ]
    `);
    expect(issues(minimal().replace("distribution: exponential", "distribution: gamma"))).toMatchInlineSnapshot(`
      [
        "bad.yaml:16:36 services[0].model.serviceTime.distribution: expected distribution "deterministic", "exponential" or "lognormal", got "gamma"",
      ]
    `);
  });

  test("cross-field rules: warm-up inside the run, unique names, catalog model kinds, prices", () => {
    expect(issues(minimal("warmup: 1h\n"))).toMatchInlineSnapshot(`
      [
        "bad.yaml:19:9 warmup: expected a warm-up shorter than the duration (600s), got 3600s",
      ]
    `);
    const twice = minimal().replace("services:\n", "services:\n  - name: svc\n    model: { kind: classic, id: llama-3.1-8b, serviceTime: { distribution: deterministic, mean: 1s } }\n");
    expect(issues(twice)).toMatchInlineSnapshot(`
      [
        "bad.yaml:14:33 services[0].model.id: model "llama-3.1-8b" is an llm model, not a classic one",
        "bad.yaml:15:11 services[1].name: duplicate service name "svc"",
      ]
    `);
    expect(issues(minimal().replace("type: t4", "type: mi300x"))).toMatchInlineSnapshot(`
      [
        "bad.yaml:7:7 cluster.nodePools[0].pricePerHour: the catalog has no list price for GPU "mi300x": set pricePerHour",
      ]
    `);
  });

  test("bounds: counts, list lengths and series size", () => {
    expect(issues(minimal().replace("count: 2", "count: 1000000"))).toEqual(["bad.yaml:11:14 cluster.nodePools[0].count: expected a number ≤ 10000, got 1000000"]);
    const pools = Array.from({ length: 6 }, (_, i) => `    - { name: p${i}, cpu: 1, memory: 1Gi, count: 9000 }\n`).join("");
    expect(issues(minimal().replace("  nodePools:\n", `  nodePools:\n${pools}`))).toEqual(["bad.yaml:7:5 cluster.nodePools: expected at most 50000 nodes in all, got 54002"]);
    expect(issues(minimal("output: { seriesStep: 1ms }\n"))[0]).toContain("output.seriesStep: expected at most 10000 samples, got 600000");
    const many = minimal().replace("    traffic:\n", `    traffic:\n${"      - poisson: { rate: 1 }\n".repeat(40)}`);
    expect(issues(many)[0]).toContain("services[0].traffic: expected at most 32 items, got 41");
  });

  test("invalid YAML is reported at its position", () => {
    expect(issues("apiVersion: servesim/v1\nkind: [Scenario\n")).toMatchInlineSnapshot(`
      [
        "bad.yaml:3:1 (root): invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
      ]
    `);
    expect(issues("a: 1\na: 2\n")[0]).toMatch(/^bad\.yaml:2:1 \(root\): invalid YAML: Map keys must be unique/);
  });

  test("a document that is not a mapping says so", () => {
    expect(issues("- 1\n- 2\n")).toEqual(["bad.yaml:1:1 (root): expected a mapping, got a list"]);
  });

  test("oversized files, alias bombs and deep nesting are refused before they cost memory", () => {
    expect(issues(`# ${"x".repeat(1024 * 1024)}\n`)[0]).toMatch(/expected a scenario of at most 1048576 bytes/);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `${"bcdefghij"[i]}: &${"bcdefghij"[i]} [${`*${i === 0 ? "a" : "bcdefghij"[i - 1]}, `.repeat(10).slice(0, -2)}]`)].join("\n");
    expect(issues(bomb)[0]).toMatch(/invalid YAML: Excessive alias count/);
    expect(issues(`a: ${"[".repeat(100_000)}`)[0]).toMatch(/expected nesting at most 32 levels deep, got 100000/);
    const deepBlock = Array.from({ length: 40 }, (_, i) => `${"  ".repeat(i)}k${i}:`).join("\n") + " 1\n";
    expect(issues(deepBlock)[0]).toMatch(/expected nesting at most 32 levels deep, got 40/);
  });
});

describe("validateScenario", () => {
  test("validates decoded objects, with paths and no positions", () => {
    const r = validateScenario({ apiVersion: "servesim/v2" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map(formatIssue).slice(0, 2)).toMatchInlineSnapshot(`
      [
        "<scenario>:1:1 apiVersion: expected "servesim/v1", got "servesim/v2"",
        "<scenario>:1:1 cluster: missing required field "cluster"",
      ]
    `);
  });
});
