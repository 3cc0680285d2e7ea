import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { formatIssue, parseScenario, validateScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { runScenario } from "./run.js";

function valid(input: unknown): Scenario {
  const r = validateScenario(input);
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

const classic = { kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean: 0.01 } };

describe("cost summary", () => {
  test("node cost splits by the share each service's pods request (GPUs on GPU nodes, CPU elsewhere); idle time is shared in proportion, so services add up to the total", () => {
    const r = runScenario(
      valid({
        apiVersion: "servesim/v1",
        kind: "Scenario",
        metadata: { name: "split" },
        duration: "1h",
        cluster: {
          nodePools: [
            { name: "gpu", gpu: { type: "l4", count: 2 }, cpu: 16, memory: "64Gi", count: 1, pricePerHour: 4, taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }] },
            { name: "cpu", cpu: 8, memory: "32Gi", count: 2, pricePerHour: 1 },
          ],
        },
        services: [
          { name: "a", model: classic, resources: { requests: { cpu: "1", "nvidia.com/gpu": 1 } }, pod: { containerStartTime: "0s", tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" }] }, replicas: 1, traffic: [{ poisson: { rate: "10/s" } }] },
          { name: "b", model: classic, resources: { requests: { cpu: "2" } }, pod: { containerStartTime: "0s" }, replicas: 2, traffic: [{ poisson: { rate: "5/s" } }] },
        ],
      }),
    );
    const c = r.cost;
    expect(c.total).toBeCloseTo(6, 9);
    expect(c.averagePerHour).toBeCloseTo(6, 9);
    expect(c.perHour).toBe(6);
    const [a, b] = c.services;
    // a: half of a $4/h node for (almost) the whole hour; b: two quarters of $1/h nodes.
    expect(a!.allocated).toBeGreaterThan(1.99);
    expect(a!.allocated).toBeLessThanOrEqual(2);
    expect(b!.allocated).toBeGreaterThan(0.499);
    expect(b!.allocated).toBeLessThanOrEqual(0.5);
    expect(c.unallocated).toBeCloseTo(c.total - a!.allocated - b!.allocated, 9);
    expect(a!.cost + b!.cost).toBeCloseTo(c.total, 9);
    expect(a!.cost / b!.cost).toBeCloseTo(a!.allocated / b!.allocated, 9);
    expect(a!.per1kRequests).toBeCloseTo((a!.cost * 1000) / r.services[0]!.total.completed, 9);
    expect(b!.per1kRequests).toBeCloseTo((b!.cost * 1000) / r.services[1]!.total.completed, 9);
    expect([a!.per1MTokens, b!.per1MOutputTokens]).toEqual([null, null]);
  });

  test("an autoscaled LLM run reports its average hourly rate (not the rate at the end) and its cost per 1k requests and per 1M tokens", () => {
    const path = fileURLToPath(new URL("../../scenarios/flash-crowd-llm.yaml", import.meta.url));
    const parsed = parseScenario(readFileSync(path, "utf8").replace(/^warmup: .*$/m, "warmup: 0s"), { file: path });
    if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join("\n"));
    const r = runScenario(parsed.scenario);
    const c = r.cost;
    expect(c.averagePerHour).toBeCloseTo(c.total / (r.simulatedTime / 3600), 9);
    // The crowd is gone at the end: the last nodes cost less per hour than the run did on average.
    expect(c.averagePerHour!).toBeGreaterThan(2 * c.perHour);
    const chat = c.services[0]!;
    expect(chat.cost).toBeCloseTo(c.total, 9);
    const tokens = r.services[0]!.tokens!;
    expect(chat.per1MTokens).toBeCloseTo((chat.cost * 1e6) / (tokens.input + tokens.output), 9);
    expect(chat.per1MOutputTokens).toBeCloseTo((chat.cost * 1e6) / tokens.output, 9);
    expect(chat.per1kRequests).toBeCloseTo((chat.cost * 1000) / r.services[0]!.total.completed, 9);
  });
});
