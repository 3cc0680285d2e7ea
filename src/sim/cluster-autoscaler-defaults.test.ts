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

const flashCrowd = fileURLToPath(new URL("../../scenarios/flash-crowd-llm.yaml", import.meta.url));

describe("cluster autoscaler defaults", () => {
  test("a pool with a size range and no cluster.autoscaler block is autoscaled with upstream defaults, as with the block", () => {
    const text = readFileSync(flashCrowd, "utf8");
    const without = text.replace(/ {2}autoscaler:\n( {4}.*\n)+/, "");
    expect(without).not.toContain("autoscaler:");
    const parsed = parseScenario(without, { file: flashCrowd });
    if (!parsed.ok) throw new Error(parsed.issues.map(formatIssue).join("\n"));
    expect(parsed.scenario.cluster.autoscaler).toMatchObject({
      scanInterval: 10,
      expander: ["random"],
      maxNodeProvisionTime: 900,
      scaleDown: { enabled: true, utilizationThreshold: 0.5, unneededTime: 600, unreadyTime: 1200, delayAfterAdd: 600, delayAfterFailure: 180, maxEmptyBulkDelete: 10 },
    });
    const r = runScenario(parsed.scenario);
    expect(r.autoscaling.pools[0]!.added).toBeGreaterThan(0);
    expect(r.services[0]!.ttft!.p99!).toBeLessThan(60);
  });

  test("pools of fixed size (count, or min = max) get no cluster autoscaler", () => {
    const sc = (pool: object) => valid({ apiVersion: "servesim/v1", kind: "Scenario", metadata: { name: "t" }, duration: 60, cluster: { nodePools: [{ name: "p", cpu: 4, memory: "8Gi", ...pool }] }, services: [{ name: "s", model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: 0.01 } } }] });
    expect(sc({ count: 2 }).cluster.autoscaler).toBeUndefined();
    expect(sc({ size: { min: 2, max: 2 } }).cluster.autoscaler).toBeUndefined();
    expect(sc({ size: { min: 0, max: 2 } }).cluster.autoscaler?.scanInterval).toBe(10);
  });

  test("a pod the cluster autoscaler cannot help is told why in upstream's NotTriggerScaleUp words: each pool's reason, counted", () => {
    const r = runScenario(
      valid({
        apiVersion: "servesim/v1",
        kind: "Scenario",
        metadata: { name: "stuck" },
        duration: 120,
        cluster: {
          nodePools: [
            { name: "l4", gpu: { type: "l4", count: 1 }, cpu: 8, memory: "32Gi", size: { min: 1, max: 1 } },
            { name: "cpu-a", cpu: 8, memory: "32Gi", size: { min: 0, max: 3 } },
            { name: "cpu-b", cpu: 8, memory: "32Gi", size: { min: 0, max: 3 }, taints: [{ key: "dedicated", value: "batch", effect: "NoSchedule" }] },
          ],
        },
        services: [
          {
            name: "gpu",
            model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: 0.01 } },
            resources: { requests: { cpu: "1", "nvidia.com/gpu": 1 } },
            replicas: 2,
          },
        ],
      }),
    );
    const pending = r.pods.filter((p) => p.status === "Pending");
    expect(pending).toHaveLength(1);
    expect(pending[0]!.notTriggerScaleUp).toBe("pod didn't trigger scale-up: 1 Insufficient nvidia.com/gpu, 1 max node group size reached, 1 node(s) had untolerated taint(s)");
    expect(r.pods.filter((p) => p.status !== "Pending").map((p) => p.notTriggerScaleUp)).toEqual([null]);
  });
});
