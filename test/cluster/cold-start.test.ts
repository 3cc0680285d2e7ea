import { describe, expect, test } from "vitest";
import type { ScenarioInput } from "../../src/scenario/index.js";
import { createSimulation, runScenario } from "../../src/sim/index.js";
import type { Results } from "../../src/sim/index.js";
import { scenario } from "../support/scenarios.js";

const base = (over: Partial<ScenarioInput> & Pick<ScenarioInput, "cluster" | "services">): ScenarioInput => ({
  apiVersion: "servesim/v1",
  kind: "Scenario",
  metadata: { name: "cold" },
  seed: 3,
  duration: "10m",
  ...over,
});

const gpuService = {
  name: "llm",
  image: { name: "vllm/vllm-openai:v0.6", size: "8GB" },
  // One instance: its 16 GB of weights fit an L4 (24 GB); four would not (each holds its own copy).
  model: { kind: "classic" as const, concurrency: 1, serviceTime: { distribution: "exponential" as const, mean: "100ms" }, weightsSize: "16GB" },
  resources: { requests: { cpu: "4", memory: "32Gi", "nvidia.com/gpu": 1 } },
  pod: { tolerations: [{ key: "nvidia.com/gpu", operator: "Exists" as const }], containerStartTime: "2s" },
  replicas: 2,
  traffic: [{ poisson: { rate: "5/s" } }],
};

const podsOf = (r: Results, service: string) => r.pods.filter((p) => p.service === service);

describe("cold starts in a simulation", () => {
  test("a GPU pod never becomes Ready, nor is even bound, before its node's device plugin advertises GPUs", () => {
    const r = runScenario(
      scenario(
        base({
          cluster: {
            nodePools: [
              { name: "h100", gpu: { type: "h100-sxm", count: 1 }, cpu: 16, memory: "128Gi", count: 2, bootAtStart: true, bootDelay: "90s", devicePluginDelay: "2m", taints: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }] },
            ],
          },
          output: { explain: { firstDecisions: 50 } },
          services: [gpuService],
        }),
      ),
    );
    for (const n of r.nodes) {
      expect(n.readyAt).toBe(90);
      expect(n.devicesReadyAt).toBe(210);
    }
    const pods = podsOf(r, "llm");
    expect(pods.length).toBe(2);
    for (const p of pods) {
      const node = r.nodes.find((n) => n.name === p.node)!;
      expect(p.timeline.scheduled).toBeGreaterThanOrEqual(node.devicesReadyAt!);
      expect(p.timeline.ready).toBeGreaterThan(node.devicesReadyAt!);
      // 8 GB at 100 MB/s, 2 s start, 16 GB at 500 MB/s, then the next probe tick.
      expect(p.coldStart).toMatchObject({ imagePull: 80, containerStart: 2, modelLoad: 32 });
    }
    // Before the nodes registered there was nowhere to go; before the device plugin, no GPU to take.
    const messages = r.scheduler.explain.map((e) => e.message);
    expect(messages).toContain("no nodes available to schedule pods");
    expect(messages.some((m) => m?.startsWith("0/2 nodes are available: 2 Insufficient nvidia.com/gpu."))).toBe(true);
    // Requests before the first Ready pod find no endpoint; conservation holds.
    const svc = r.services[0]!;
    expect(svc.total.rejected).toBeGreaterThan(0);
    expect(svc.total.arrived).toBe(svc.total.completed + svc.total.rejected + svc.total.failed + svc.total.inFlight);
  });

  test("pods restarted on nodes that pulled their image skip the pull, so their cold start is shorter", () => {
    const sc = scenario(
      base({
        cluster: { nodePools: [{ name: "l4", gpu: { type: "l4", count: 1 }, cpu: 8, memory: "32Gi", count: 2 }] },
        services: [{ ...gpuService, pod: { containerStartTime: "2s" } }],
      }),
    );
    const sim = createSimulation(sc);
    sim.engine.runUntil(300);
    sim.cluster.deployments.setReplicas(0, 0, 300);
    sim.engine.runUntil(360);
    sim.cluster.deployments.setReplicas(0, 2, 360);
    while (!sim.advance(1 << 16));
    const r = sim.results();
    const [a, b, c, d] = podsOf(r, "llm");
    expect([a, b].map((p) => p!.status)).toEqual(["Deleted", "Deleted"]);
    expect([c, d].map((p) => p!.status)).toEqual(["Running", "Running"]);
    for (const p of [a, b]) expect(p!.coldStart!.imagePull).toBe(80);
    for (const p of [c, d]) expect(p!.coldStart!.imagePull).toBe(0);
    expect(c!.coldStart!.total).toBeLessThan(a!.coldStart!.total - 70);
    expect(r.services[0]!.coldStart).toMatchObject({ pods: 4, imagePull: { p50: 0, p99: 80 } });
  });
});

describe("termination", () => {
  const slow = (grace: number): ScenarioInput =>
    base({
      duration: "5m",
      cluster: { nodePools: [{ name: "cpu", cpu: 16, memory: "64Gi", count: 2, pricePerHour: 1 }] },
      services: [
        {
          name: "batch",
          model: { kind: "classic", concurrency: 2, serviceTime: { distribution: "deterministic", mean: "40s" } },
          resources: { requests: { cpu: "1" } },
          pod: { containerStartTime: 0, terminationGracePeriodSeconds: grace },
          replicas: 2,
          traffic: [{ poisson: { rate: "0.2/s", end: "60s" } }],
        },
      ],
    });

  function scaleDownAt(input: ScenarioInput, at: number) {
    const sim = createSimulation(scenario(input));
    sim.engine.runUntil(at);
    sim.cluster.deployments.setReplicas(0, 1, at);
    while (!sim.advance(1 << 16));
    return sim.results();
  }

  test("a terminating pod stops receiving requests and drains its own before it is deleted", () => {
    const r = scaleDownAt(slow(600), 60);
    const svc = r.services[0]!;
    expect(svc.total.failed).toBe(0);
    const gone = r.pods.find((p) => p.status === "Deleted")!;
    // It had requests of 40 s each in hand, and a queue: it lasted past the scale-down by more than one service time.
    expect(gone.timeline.terminating).toBe(60);
    expect(gone.timeline.deleted! - 60).toBeGreaterThan(40);
    expect(svc.total.arrived).toBe(svc.total.completed + svc.total.rejected + svc.total.failed + svc.total.inFlight);
  });

  test("requests still held when the grace period ends fail, and are counted", () => {
    const r = scaleDownAt(slow(10), 60);
    const svc = r.services[0]!;
    expect(svc.total.failed).toBeGreaterThan(0);
    const gone = r.pods.find((p) => p.status === "Deleted")!;
    expect(gone.timeline.deleted).toBe(70);
    expect(svc.total.arrived).toBe(svc.total.completed + svc.total.rejected + svc.total.failed + svc.total.inFlight);
    const cols = r.series.services["batch"]!;
    for (let i = 0; i < r.series.t.length; i++) expect(cols.arrived[i]).toBe(cols.completed[i]! + cols.rejected[i]! + cols.failed[i]! + cols.inFlight[i]!);
  });
});

describe("preemption", () => {
  test("a high-priority pod evicts a lower-priority one, waits for it to go, then takes its node; the victim is replaced and stays Pending", () => {
    const sc = scenario(
      base({
        duration: "3m",
        cluster: {
          nodePools: [{ name: "gpu", gpu: { type: "l4", count: 1 }, cpu: 8, memory: "32Gi", count: 1 }],
          priorityClasses: [{ name: "critical", value: 1000 }],
        },
        services: [
          { name: "low", model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: "1s" } }, resources: { requests: { "nvidia.com/gpu": 1 } }, pod: { terminationGracePeriodSeconds: 5 }, replicas: 1 },
          { name: "high", model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: "1s" } }, resources: { requests: { "nvidia.com/gpu": 1 } }, pod: { priorityClassName: "critical" }, replicas: 0 },
        ],
      }),
    );
    const sim = createSimulation(sc);
    sim.engine.runUntil(60);
    sim.cluster.deployments.setReplicas(1, 1, 60);
    while (!sim.advance(1 << 16));
    const r = sim.results();
    const [low0, low1] = podsOf(r, "low");
    const [high] = podsOf(r, "high");
    expect(r.scheduler.preempted).toBe(1);
    expect(low0!.status).toBe("Deleted");
    expect(low0!.timeline.terminating).toBe(60);
    expect(high!.node).toBe("gpu-0");
    expect(high!.timeline.scheduled).toBeGreaterThanOrEqual(low0!.timeline.deleted!);
    expect(low1!.status).toBe("Pending");
    expect(low1!.pendingReason).toMatch(/^0\/1 nodes are available: 1 Insufficient nvidia\.com\/gpu\. preemption: 0\/1 nodes are available: 1 No preemption victims found for incoming pod\.$/);
  });
});

describe("node drain", () => {
  test("a drained node is cordoned, its pods move elsewhere, and it can then be removed", () => {
    const sc = scenario(
      base({
        duration: "5m",
        cluster: { nodePools: [{ name: "cpu", cpu: 8, memory: "32Gi", count: 3, pricePerHour: 1 }] },
        services: [{ name: "web", model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: "50ms" } }, resources: { requests: { cpu: "3" } }, pod: { containerStartTime: 0 }, replicas: 3, traffic: [{ poisson: { rate: "10/s" } }] }],
      }),
    );
    const sim = createSimulation(sc);
    sim.engine.runUntil(60);
    const node = 0 as never;
    const before = sim.cluster.state.node.podCount[0]!;
    expect(before).toBeGreaterThan(0);
    sim.cluster.drainNode(node, 60);
    sim.engine.runUntil(120);
    expect(sim.cluster.state.node.podCount[0]).toBe(0);
    sim.cluster.nodes.remove(node, 120);
    while (!sim.advance(1 << 16));
    const r = sim.results();
    expect(r.nodes[0]).toMatchObject({ name: "cpu-0", status: "Removed", pods: 0 });
    expect(r.services[0]!.replicas).toMatchObject({ desired: 3, ready: 3 });
    const moved = r.pods.filter((p) => p.timeline.created === 60);
    expect(moved.length).toBe(before);
    for (const p of moved) expect(p.node).not.toBe("cpu-0");
    // Billing stops at removal.
    expect(r.cost.pools[0]!.nodeHours).toBeCloseTo((120 + 2 * 300) / 3600, 9);
  });
});
