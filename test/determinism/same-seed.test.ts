import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatIssue, parseScenario } from "../../src/scenario/index.js";
import type { Scenario, ScenarioInput } from "../../src/scenario/index.js";
import { createSimulation, resultsToJson, runScenario } from "../../src/sim/index.js";
import { scenario } from "../support/scenarios.js";

function load(path: string): Scenario {
  const r = parseScenario(readFileSync(new URL(path, import.meta.url), "utf8"), { file: path });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

const digest = (s: Scenario, options: Parameters<typeof runScenario>[1] = {}) =>
  createHash("sha256").update(resultsToJson(runScenario(s, options))).digest("hex");

/** A short copy of the quickstart, to keep the suite fast. */
const quick = () => parseScenario(readFileSync(new URL("../../scenarios/quickstart.yaml", import.meta.url), "utf8"), { overrides: { duration: "10m" } });

describe("determinism", () => {
  test("the same scenario and seed give byte-identical results JSON", () => {
    const s = load("../../scenarios/quickstart.yaml");
    expect(resultsToJson(runScenario(s))).toBe(resultsToJson(runScenario(s)));
  });

  test("different seeds give different results", () => {
    const r = quick();
    if (!r.ok) throw new Error("quickstart rejected");
    expect(digest(r.scenario, { seed: 1 })).not.toBe(digest(r.scenario, { seed: 2 }));
  });

  test("the chunk size between progress reports does not change the results", () => {
    const r = quick();
    if (!r.ok) throw new Error("quickstart rejected");
    const whole = digest(r.scenario, { chunkEvents: Number.MAX_SAFE_INTEGER });
    expect(digest(r.scenario, { chunkEvents: 1 })).toBe(whole);
    expect(digest(r.scenario, { chunkEvents: 977 })).toBe(whole);
  });

  test("adding an unrelated service leaves another service's results unchanged", () => {
    const base: Omit<ScenarioInput, "services"> = {
      apiVersion: "servesim/v1",
      kind: "Scenario",
      metadata: { name: "two" },
      seed: 9,
      duration: "20m",
      warmup: "1m",
      cluster: { nodePools: [{ name: "pool", cpu: 8, memory: "32Gi", count: 4, pricePerHour: 1 }] },
    };
    const a: ScenarioInput["services"][number] = {
      name: "a",
      model: { kind: "classic", concurrency: 2, serviceTime: { distribution: "lognormal", mean: "80ms", cv: 1 } },
      resources: { requests: { cpu: "4" } },
      replicas: 2,
      traffic: [{ poisson: { rate: "20/s" } }],
    };
    const b = { ...a, name: "b", traffic: [{ poisson: { rate: "5/s" } }, { poisson: { rate: "3/s", start: "5m" } }] };
    const alone = runScenario(scenario({ ...base, services: [a] }));
    const together = runScenario(scenario({ ...base, services: [b, a] }));
    const of = (r: typeof alone) => JSON.stringify(r.services.find((s) => s.name === "a"));
    expect(of(together)).toBe(of(alone));
    expect(together.services.find((s) => s.name === "b")!.requests.arrived).toBeGreaterThan(0);
  });
});

describe("memory", () => {
  test("storage grows with the requests in flight, not with the requests simulated", () => {
    const footprint = (customers: number) => {
      const s = scenario({
        apiVersion: "servesim/v1",
        kind: "Scenario",
        metadata: { name: "mem" },
        duration: customers / 50,
        cluster: { nodePools: [{ name: "p", cpu: 8, memory: "8Gi", count: 1, pricePerHour: 1 }] },
        services: [{ name: "s", model: { kind: "classic", concurrency: 4, serviceTime: { distribution: "exponential", mean: "40ms" } }, traffic: [{ poisson: { rate: "50/s" } }] }],
      });
      const sim = createSimulation(s);
      while (!sim.advance(1 << 16));
      expect(sim.results().services[0]!.total.arrived).toBeGreaterThan(customers * 0.98);
      return sim.footprint();
    };
    // ρ = 0.5: a handful of requests in flight at any time, whether 10 thousand or a million arrive.
    const small = footprint(10_000);
    const large = footprint(1_000_000);
    expect(large).toEqual(small);
    expect(large.requestSlots).toBeLessThanOrEqual(1024);
    expect(large.eventQueueCapacity).toBeLessThanOrEqual(1024);
  });
});
