/** The classic server's dynamic batching, queue limit and timeout inside whole runs: throughput, waits and the request accounting. */
import { describe, expect, test } from "vitest";
import { runScenario } from "../../src/sim/index.js";
import type { Results } from "../../src/sim/index.js";
import { expectLittlesLaw } from "../support/queueing.js";
import { scenario } from "../support/scenarios.js";

interface Server {
  readonly batching?: { maxBatchSize: number; maxQueueDelay: number; batchTime: { fixed: number; perItem: number } };
  readonly serviceTime?: { distribution: "deterministic"; mean: number };
  readonly queueLimit?: number;
  readonly timeout?: number;
  readonly concurrency?: number;
}

/** One pod of 2 instances (unless given) on a CPU node, Poisson arrivals at `rate` for `duration` seconds, 10% warm-up. */
const run = (server: Server, rate: number, duration = 2000): Results =>
  runScenario(
    scenario({
      apiVersion: "servesim/v1",
      kind: "Scenario",
      metadata: { name: "batching" },
      seed: 17,
      duration,
      warmup: duration / 10,
      cluster: { nodePools: [{ name: "cpu", cpu: 16, memory: "64Gi", count: 1, pricePerHour: 1 }] },
      services: [{ name: "svc", model: { kind: "classic", concurrency: 2, ...server }, resources: { requests: { cpu: "1", memory: "1Gi" } }, pod: { containerStartTime: 0 }, traffic: [{ poisson: { rate } }] }],
    }),
  );

/** arrived = completed + rejected + failed + timedOut + inFlight, over the whole run and over the measured window. */
function expectConserved(r: Results) {
  for (const svc of r.services) {
    for (const c of [svc.total, svc.requests]) expect(c.arrived).toBe(c.completed + c.rejected + c.failed + c.timedOut + c.inFlight);
    expect(svc.requests.inFlight).toBeGreaterThanOrEqual(0);
    expect(svc.requests.rejected).toBe(svc.requests.rejectedBy.queueFull + svc.requests.rejectedBy.noEndpoint + svc.requests.rejectedBy.tooLong);
  }
}

// A batch of n takes 100 ms + 10 ms per item: one at a time, 2 instances serve 2 / 0.11 s ≈ 18.2 requests/s; batches of 8 take 180 ms (≈ 88.9/s).
const BATCH_TIME = { fixed: 0.1, perItem: 0.01 };
const ONE_BY_ONE: Server = { serviceTime: { distribution: "deterministic", mean: 0.11 } };
const BATCHED = (maxBatchSize: number, maxQueueDelay: number): Server => ({ batching: { maxBatchSize, maxQueueDelay, batchTime: BATCH_TIME } });

describe("dynamic batching in the simulation", () => {
  test("under a load beyond one-by-one capacity, batching raises throughput to the offered load, with bounded queues", () => {
    const rate = 40;
    const single = run({ ...ONE_BY_ONE, queueLimit: 50 }, rate);
    const batched = run({ ...BATCHED(8, 0.02), queueLimit: 50 }, rate);
    // One by one, the pod saturates at 2 / 0.11 s and rejects the rest.
    expect(Math.abs(single.services[0]!.throughput - 2 / 0.11) / (2 / 0.11)).toBeLessThan(0.01);
    expect(single.services[0]!.rejectRate!).toBeGreaterThan(0.5);
    // Batched, it keeps up: throughput is the offered rate and nothing is rejected.
    expect(Math.abs(batched.services[0]!.throughput - rate) / rate).toBeLessThan(0.03);
    expect(batched.services[0]!.requests.rejected).toBe(0);
    expect(batched.services[0]!.throughput).toBeGreaterThan(2 * single.services[0]!.throughput);
    for (const r of [single, batched]) {
      expectConserved(r);
      expectLittlesLaw(r, 0.02);
    }
  });

  test("at low load a request waits at most maxQueueDelay, and a lone one exactly that long", () => {
    const d = 0.05;
    // 8 instances: all busy would take 8 batches at once, which never happens at 0.5 requests/s.
    const r = run({ ...BATCHED(4, d), concurrency: 8 }, 0.5);
    const svc = r.services[0]!;
    expect(svc.wait.max!).toBeLessThanOrEqual(d + 1e-9);
    // Requests 2 s apart on average rarely share a batch: the median wait is the full delay, the service a batch of one.
    expect(svc.wait.p50!).toBeCloseTo(d, 2);
    expect(svc.latency.p50!).toBeCloseTo(d + BATCH_TIME.fixed + BATCH_TIME.perItem, 2);
    expectConserved(r);
    expectLittlesLaw(r, 0.02);
    // Without a delay a lone request starts at once.
    expect(run({ ...BATCHED(4, 0), concurrency: 8 }, 0.5).services[0]!.wait.max).toBe(0);
  });

  test("a larger maxBatchSize serves a heavier load: at 60/s batches of 2 fall behind (rejections) while batches of 16 keep up", () => {
    const small = run({ ...BATCHED(2, 0.01), queueLimit: 100 }, 60, 1000);
    const large = run({ ...BATCHED(16, 0.01), queueLimit: 100 }, 60, 1000);
    // Batches of 2 take 120 ms: 2 instances serve at most 2 × 2 / 0.12 ≈ 33.3/s.
    expect(small.services[0]!.throughput).toBeLessThanOrEqual((2 * 2) / 0.12 + 0.5);
    expect(small.services[0]!.requests.rejectedBy.queueFull).toBeGreaterThan(0);
    expect(large.services[0]!.requests.rejected).toBe(0);
    expect(Math.abs(large.services[0]!.throughput - 60) / 60).toBeLessThan(0.03);
    for (const r of [small, large]) expectConserved(r);
  });

  test("queue-limit rejections and timeouts are counted, and every request is accounted for", () => {
    // Overloaded (ρ ≈ 1.65 one by one) with a queue of 20 and a 0.5 s timeout: both refusals happen.
    const r = run({ ...ONE_BY_ONE, queueLimit: 20, timeout: 0.5 }, 30, 1000);
    const svc = r.services[0]!;
    expect(svc.requests.rejectedBy.queueFull).toBeGreaterThan(0);
    expect(svc.requests.timedOut).toBeGreaterThan(0);
    expect(svc.requests.failed).toBe(0);
    // Served requests never waited beyond the timeout.
    expect(svc.wait.max!).toBeLessThanOrEqual(0.5 + 1e-9);
    expectConserved(r);
    // maxRejectRate counts rejections only; maxErrorRate counts both (rejected + timed out), each over the measured arrivals.
    const slo = runScenario(
      scenario({
        apiVersion: "servesim/v1",
        kind: "Scenario",
        metadata: { name: "batching-slo" },
        seed: 17,
        duration: 1000,
        warmup: 100,
        cluster: { nodePools: [{ name: "cpu", cpu: 16, memory: "64Gi", count: 1, pricePerHour: 1 }] },
        services: [
          {
            name: "svc",
            model: { kind: "classic", concurrency: 2, ...ONE_BY_ONE, queueLimit: 20, timeout: 0.5 },
            resources: { requests: { cpu: "1", memory: "1Gi" } },
            pod: { containerStartTime: 0 },
            traffic: [{ poisson: { rate: 30 } }],
            slo: { maxRejectRate: 0.1, maxErrorRate: 0.1 },
          },
        ],
      }),
    );
    const m = slo.services[0]!;
    expect(m.requests).toEqual(svc.requests);
    const [reject, error] = slo.slo.verdicts;
    expect(reject).toMatchObject({ objective: "rejectRate", actual: m.requests.rejected / m.requests.arrived });
    expect(error).toMatchObject({ objective: "errorRate", actual: (m.requests.rejected + m.requests.timedOut) / m.requests.arrived, status: "fail" });
    expect(m.errorRate).toBe(error!.actual);
    expect(slo.slo.pass).toBe(false);
  });

  test("with batching, timeouts and a queue limit together, requests are still all accounted for", () => {
    const r = run({ ...BATCHED(4, 0.2), queueLimit: 10, timeout: 0.3 }, 45, 1000);
    const svc = r.services[0]!;
    expect(svc.requests.timedOut + svc.requests.rejected).toBeGreaterThan(0);
    expect(svc.wait.max!).toBeLessThanOrEqual(0.3 + 1e-9);
    expectConserved(r);
  });
});
