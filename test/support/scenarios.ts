/** Scenario builders for tests: plain objects validated through the normal scenario path. */
import { formatIssue, validateScenario } from "../../src/scenario/index.js";
import type { Scenario, ScenarioInput } from "../../src/scenario/index.js";
import type { RoutingPolicyName } from "../../src/serving/index.js";

export function scenario(input: ScenarioInput): Scenario {
  const r = validateScenario(input);
  if (!r.ok) throw new Error(`invalid test scenario:\n${r.issues.map(formatIssue).join("\n")}`);
  return r.scenario;
}

export interface QueueModel {
  /** Servers per pod. */
  readonly c: number;
  readonly lambda: number;
  readonly serviceTime: { distribution: "exponential" | "deterministic"; mean: number } | { distribution: "lognormal"; mean: number; cv: number };
  readonly duration: number;
  readonly warmup: number;
  readonly pods?: number;
  readonly queueLimit?: number;
  /** The Service's routing policy (default random, kube-proxy's). */
  readonly routing?: RoutingPolicyName;
  /** Arrivals stop at this time (default: the end of the run). */
  readonly trafficEnd?: number;
}

/** One service with `pods` pods of `c` slots each, Poisson arrivals, on a CPU pool with room for all pods. */
export function queueScenario(m: QueueModel): Scenario {
  const pods = m.pods ?? 1;
  return scenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "queue" },
    duration: m.duration,
    warmup: m.warmup,
    cluster: { nodePools: [{ name: "cpu", cpu: 64, memory: "256Gi", count: pods, pricePerHour: 1 }] },
    services: [
      {
        name: "svc",
        model: { kind: "classic", concurrency: m.c, serviceTime: m.serviceTime, ...(m.queueLimit !== undefined ? { queueLimit: m.queueLimit } : {}) },
        resources: { requests: { cpu: "1", memory: "1Gi" } },
        // No image, no weights, no container start: pods are Ready at time 0, so the measured window is steady state.
        pod: { containerStartTime: 0 },
        replicas: pods,
        ...(m.routing !== undefined ? { routing: { policy: m.routing } } : {}),
        traffic: [{ poisson: { rate: m.lambda }, ...(m.trafficEnd !== undefined ? { end: m.trafficEnd } : {}) }],
      },
    ],
  });
}

/** Mean and the half-width of a two-sided confidence interval (Student t) from independent replications. */
export function confidenceInterval(xs: readonly number[], level: 0.99 | 0.999 = 0.99): { mean: number; halfWidth: number } {
  const n = xs.length;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  // Two-sided Student t quantiles for the replication counts the tests use.
  const table: Record<number, { 0.99: number; 0.999: number }> = {
    10: { 0.99: 3.25, 0.999: 4.781 },
    20: { 0.99: 2.861, 0.999: 3.883 },
    30: { 0.99: 2.756, 0.999: 3.659 },
  };
  const t = table[n]?.[level];
  if (t === undefined) throw new Error(`no t quantile for ${n} replications`);
  return { mean, halfWidth: (t * Math.sqrt(variance)) / Math.sqrt(n) };
}
