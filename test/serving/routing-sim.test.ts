/** Routing policies inside whole runs: how requests spread, and which pods may receive them while pods start and terminate. */
import { describe, expect, test } from "vitest";
import { createSimulation, runScenario } from "../../src/sim/index.js";
import type { Results } from "../../src/sim/index.js";
import type { RoutingPolicyName } from "../../src/serving/index.js";
import { queueScenario, scenario } from "../support/scenarios.js";

/** A service of `replicas` pods with 1 slot and deterministic 2 s requests, Poisson at `rate`, whose pods take 30 s to start and the given grace period to drain. */
const startingPods = (routing: RoutingPolicyName, replicas: number, rate: number, grace = 30) =>
  scenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "lifecycle" },
    seed: 5,
    duration: 600,
    cluster: { nodePools: [{ name: "cpu", cpu: 64, memory: "256Gi", count: 2, pricePerHour: 1 }] },
    services: [
      {
        name: "svc",
        model: { kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean: 2 } },
        resources: { requests: { cpu: "1", memory: "1Gi" } },
        pod: { containerStartTime: 30, readinessProbe: { periodSeconds: 1 }, terminationGracePeriodSeconds: grace },
        replicas,
        routing: { policy: routing },
        traffic: [{ poisson: { rate } }],
      },
    ],
  });

const conserved = (r: Results) => {
  for (const svc of r.services) {
    const t = svc.total;
    expect(t.arrived).toBe(t.completed + t.rejected + t.failed + t.timedOut + t.inFlight);
    // Every request that found a Ready pod was routed to exactly one.
    expect(r.pods.filter((p) => p.service === svc.name).reduce((a, p) => a + p.requests, 0)).toBe(t.arrived - r.services[0]!.total.rejected);
  }
};

describe("routing in the simulation", () => {
  test("round-robin spreads requests over 4 pods exactly evenly (counts differ by at most one); random does not", () => {
    const rr = runScenario(queueScenario({ c: 1, lambda: 3, pods: 4, routing: "round-robin", serviceTime: { distribution: "exponential", mean: 1 }, duration: 3000, warmup: 0 }));
    const counts = rr.pods.map((p) => p.requests);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(rr.services[0]!.total.arrived);
    expect(rr.services[0]!.total.arrived).toBeGreaterThan(8000);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    conserved(rr);
    const random = runScenario(queueScenario({ c: 1, lambda: 3, pods: 4, serviceTime: { distribution: "exponential", mean: 1 }, duration: 3000, warmup: 0 }));
    const spread = random.pods.map((p) => p.requests);
    expect(Math.max(...spread) - Math.min(...spread)).toBeGreaterThan(1);
    conserved(random);
  });

  test.each(["random", "round-robin", "least-request", "power-of-two", "prefix-aware"] as const)("%s: requests that arrive before any pod is Ready are rejected (no endpoint), and none reaches a pod before it is Ready", (policy) => {
    const sim = createSimulation(startingPods(policy, 1, 0.3));
    // The first pod becomes Ready at about 30 s; a second one is created at 200 s and becomes Ready about 30 s later.
    sim.engine.runUntil(200);
    const early = sim.results();
    expect(early.services[0]!.total.rejected).toBe(early.services[0]!.requests.rejectedBy.noEndpoint);
    expect(early.services[0]!.total.rejected).toBeGreaterThan(0);
    const first = early.pods[0]!;
    expect(first.timeline.ready).toBeGreaterThanOrEqual(30);
    expect(first.requests).toBe(early.services[0]!.total.arrived - early.services[0]!.total.rejected);
    sim.cluster.deployments.setReplicas(0, 2, 200);
    sim.engine.runUntil(225);
    const starting = sim.results();
    expect(starting.pods[1]!.ready).toBe(false);
    expect(starting.pods[1]!.requests).toBe(0);
    // After warm-up of the new pod nothing is rejected any more, and the new pod takes its share.
    while (!sim.advance(10_000));
    const r = sim.results();
    expect(r.pods[1]!.timeline.ready).toBeGreaterThan(225);
    expect(r.pods[1]!.requests).toBeGreaterThan(0);
    expect(r.services[0]!.total.rejected).toBe(early.services[0]!.total.rejected);
    conserved(r);
  });

  test.each(["random", "round-robin", "least-request", "power-of-two", "prefix-aware"] as const)(
    "%s: a terminating pod receives no new request and finishes those it holds within its grace period",
    (policy) => {
      // 2 pods of one slot at 0.8 requests/s of 2 s each: ρ = 0.8, so the pods hold queues when one is told to stop.
      const sim = createSimulation(startingPods(policy, 2, 0.8));
      sim.engine.runUntil(300);
      sim.cluster.deployments.setReplicas(0, 1, 300);
      const atStop = sim.results();
      const stopping = atStop.pods.findIndex((p) => p.timeline.terminating !== null);
      expect(stopping).toBeGreaterThanOrEqual(0);
      expect(atStop.pods[stopping]!.timeline.terminating).toBe(300);
      while (!sim.advance(10_000));
      const r = sim.results();
      const pod = r.pods[stopping]!;
      // Nothing routed to it after 300 s; what it held finished (no failure), and it was deleted once empty.
      expect(pod.requests).toBe(atStop.pods[stopping]!.requests);
      expect(r.services[0]!.total.failed).toBe(0);
      expect(pod.status).toBe("Deleted");
      // It held work at 300 s (so it drained for a while), all done well inside the 30 s grace period.
      expect(pod.timeline.deleted!).toBeGreaterThan(300);
      expect(pod.timeline.deleted!).toBeLessThan(330);
      conserved(r);
    },
  );

  test("a terminating pod whose grace period is shorter than its backlog has the rest cut, counted as failed", () => {
    // ρ = 1.5 on one slot: the backlog of the stopping pod exceeds a 3 s grace period.
    const sim = createSimulation(startingPods("round-robin", 2, 1.5, 3));
    sim.engine.runUntil(300);
    sim.cluster.deployments.setReplicas(0, 1, 300);
    while (!sim.advance(10_000));
    const r = sim.results();
    const pod = r.pods.find((p) => p.timeline.terminating !== null)!;
    expect(pod.timeline.deleted).toBe(303);
    expect(r.services[0]!.total.failed).toBeGreaterThan(0);
    conserved(r);
  });
});
