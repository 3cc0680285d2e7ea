/**
 * Properties of whole runs with every kind of model server: classic (with and without dynamic
 * batching) and LLM, queue limits, timeouts, every routing policy, replica changes mid-run, and
 * Mooncake-style traces carrying prefix hashes. Nothing is lost, time never goes back, and the
 * same seed gives byte-identical results.
 */
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { memoryIo } from "../../test/support/memory-io.js";
import { formatIssue, validateScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { ROUTING_POLICIES } from "../serving/index.js";
import { createSimulation } from "./build.js";
import type { Results } from "./results.js";
import { resultsToJson } from "./results.js";
import { runScenarioAsync } from "./run-async.js";
import { runScenario } from "./run.js";

const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const seconds = (min: number, max: number) => fc.double({ min, max, noNaN: true });

const classic = fc.record(
  {
    kind: fc.constant("classic" as const),
    concurrency: fc.integer({ min: 1, max: 4 }),
    serviceTime: fc.oneof(
      fc.record({ distribution: fc.constant("exponential" as const), mean: seconds(0.01, 2) }),
      fc.record({ distribution: fc.constant("deterministic" as const), mean: seconds(0, 2) }),
      fc.record({ distribution: fc.constant("lognormal" as const), mean: seconds(0.01, 2), cv: seconds(0, 3) }),
    ),
    batching: opt(fc.record({ maxBatchSize: fc.integer({ min: 1, max: 8 }), maxQueueDelay: seconds(0, 0.5), batchTime: fc.record({ fixed: seconds(0, 0.5), perItem: seconds(0, 0.3) }) })),
    queueLimit: opt(fc.integer({ min: 0, max: 20 })),
    timeout: opt(seconds(0.01, 5)),
  },
  { requiredKeys: ["kind", "concurrency", "serviceTime"] },
);

const llm = fc.record(
  {
    kind: fc.constant("llm" as const),
    id: fc.constantFrom("llama-3.1-8b", "qwen2.5-7b"),
    maxNumSeqs: fc.integer({ min: 1, max: 64 }),
    maxNumBatchedTokens: fc.integer({ min: 64, max: 8192 }),
    chunkedPrefill: fc.boolean(),
    // Low values leave a tiny KV cache (preemptions) or none at all (the model does not fit: no requests served).
    gpuMemoryUtilization: seconds(0.2, 0.95),
    kvReservation: fc.constantFrom("prompt" as const, "full" as const),
    prefixCaching: fc.boolean(),
    queueLimit: opt(fc.integer({ min: 0, max: 20 })),
    timeout: opt(seconds(0.01, 5)),
  },
  { requiredKeys: ["kind", "id"] },
);

const length = (max: number) =>
  fc.oneof(
    fc.record({ distribution: fc.constant("fixed" as const), value: fc.integer({ min: 0, max }) }),
    fc.record({ distribution: fc.constant("lognormal" as const), mean: fc.integer({ min: 1, max }), cv: seconds(0, 2) }),
  );
const poisson = fc.record({ poisson: fc.record({ rate: seconds(0, 12), start: fc.integer({ min: 0, max: 30 }) }), tokens: fc.record({ input: length(4096), output: length(400) }) });

const service = (i: number) =>
  fc.record({
    name: fc.constant(`s${i}`),
    model: fc.oneof(classic, llm),
    replicas: fc.integer({ min: 0, max: 3 }),
    // loadSlack is prefix-aware's argument; the other policies take none.
    routing: fc.record({ policy: fc.constantFrom(...ROUTING_POLICIES), loadSlack: fc.integer({ min: 0, max: 8 }) }).map((r) => (r.policy === "prefix-aware" ? r : { policy: r.policy })),
    pod: fc.record({ containerStartTime: fc.integer({ min: 0, max: 5 }), terminationGracePeriodSeconds: fc.integer({ min: 0, max: 20 }), readinessProbe: fc.record({ periodSeconds: fc.integer({ min: 1, max: 5 }) }) }),
    traffic: fc.array(poisson, { maxLength: 2 }),
  });

type ServiceDraft = ReturnType<typeof service> extends fc.Arbitrary<infer T> ? T : never;

const build = (x: { seed: number; duration: number; warmupShare: number; gpu: string; gpuNodes: number; services: readonly ServiceDraft[] }, trace?: string): Scenario => {
  const r = validateScenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "serving-prop" },
    seed: x.seed,
    duration: x.duration,
    warmup: x.duration * x.warmupShare,
    cluster: {
      nodePools: [
        { name: "cpu", cpu: 16, memory: "64Gi", count: 1, pricePerHour: 1 },
        { name: "gpu", gpu: { type: x.gpu, count: 2 }, cpu: 32, memory: "256Gi", count: x.gpuNodes, pricePerHour: 4 },
      ],
    },
    services: x.services.map((svc, i) => ({
      ...svc,
      // LLM pods need a GPU; classic ones are timed by their distributions and run anywhere.
      resources: { requests: { cpu: "1", memory: "1Gi", ...(svc.model.kind === "llm" ? { "nvidia.com/gpu": 1 } : {}) } },
      traffic: trace !== undefined && i === 0 ? [...svc.traffic, { trace: { file: "t.jsonl", format: "mooncake" } }] : svc.traffic,
    })),
  });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
};

const shape = fc.record({
  seed: fc.nat(),
  duration: fc.integer({ min: 1, max: 120 }),
  warmupShare: seconds(0, 0.5),
  gpu: fc.constantFrom("h100-sxm", "l4"),
  gpuNodes: fc.integer({ min: 0, max: 2 }),
  services: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => service(i)))),
});
const servingScenario = shape.map((x) => build(x));

/** A small Mooncake trace: sorted millisecond times, token lengths, and prefix hashes drawn from a few shared chains. */
const mooncakeTrace = fc
  .array(fc.record({ gap: fc.integer({ min: 0, max: 2000 }), input: fc.integer({ min: 1, max: 3000 }), output: fc.integer({ min: 1, max: 200 }), chain: fc.nat(3), reuse: fc.nat(6) }), { minLength: 1, maxLength: 60 })
  .map((rows) => {
    let t = 0;
    let fresh = 100;
    return rows
      .map((r) => {
        t += r.gap;
        const blocks = Math.max(1, Math.ceil(r.input / 512));
        // A shared chain (ids chain·10 + k) for the first `reuse` blocks, then fresh ids.
        const ids = Array.from({ length: blocks }, (_, k) => (k < r.reuse ? r.chain * 10 + k : fresh++));
        return JSON.stringify({ timestamp: t, input_length: r.input, output_length: r.output, hash_ids: ids });
      })
      .join("\n");
  });

/** arrived = completed + rejected + failed + timedOut + inFlight for every service, at the end (run and window) and at every sample. */
function expectNothingLost(r: Results) {
  for (const svc of r.services) {
    for (const c of [svc.total, svc.requests]) {
      expect(c.arrived).toBe(c.completed + c.rejected + c.failed + c.timedOut + c.inFlight);
      expect(c.inFlight).toBeGreaterThanOrEqual(0);
    }
    expect(svc.requests.rejected).toBe(svc.requests.rejectedBy.queueFull + svc.requests.rejectedBy.noEndpoint + svc.requests.rejectedBy.tooLong);
    const cols = r.series.services[svc.name]!;
    for (let i = 0; i < r.series.t.length; i++) {
      expect(cols.arrived[i]).toBe(cols.completed[i]! + cols.rejected[i]! + cols.failed[i]! + cols.timedOut[i]! + cols.inFlight[i]!);
    }
    // Every admitted request was routed to a pod; requests refused for want of a Ready pod never were.
    const mine = r.pods.filter((p) => p.service === svc.name);
    const routed = mine.reduce((a, p) => a + p.requests, 0);
    expect(routed).toBeGreaterThanOrEqual(svc.total.arrived - svc.total.rejected);
    expect(routed).toBeLessThanOrEqual(svc.total.arrived - svc.requests.rejectedBy.noEndpoint);
    if (r.scenario.warmup === 0) expect(routed).toBe(svc.total.arrived - svc.requests.rejectedBy.noEndpoint);
    for (const p of mine) if (p.timeline.ready === null) expect(p.requests).toBe(0);
    // A first token precedes its request's end; only requests still running or cut have one without a latency.
    if (svc.ttft !== null && svc.ttft.max !== null && svc.requests.inFlight + svc.requests.failed === 0) expect(svc.ttft.max).toBeLessThanOrEqual(svc.latency.max! + 1e-9);
  }
  for (const p of r.pods) if (p.llm) expect(p.llm.prefixCacheHits).toBeLessThanOrEqual(p.llm.prefixCacheQueries);
}

test.prop([servingScenario], { numRuns: 60 })("every request is completed, rejected, failed, timed out or still in flight, at every sample and at the end", (s) => {
  expectNothingLost(runScenario(s));
});

test.prop([servingScenario], { numRuns: 30 })("time never goes back in the event log, and the run reaches its end", (s) => {
  const sim = createSimulation(s, { log: { capacity: 200_000 } });
  while (!sim.advance(10_000));
  const log = sim.engine.log();
  expect(log.findIndex((e, i) => i > 0 && e.at < log[i - 1]!.at)).toBe(-1);
  expect(sim.engine.now).toBe(s.duration);
});

test.prop([servingScenario], { numRuns: 30 })("the same seed gives byte-identical results", (s) => {
  expect(resultsToJson(runScenario(s))).toBe(resultsToJson(runScenario(s)));
});

const resizes = fc.array(fc.record({ at: seconds(0, 1), service: fc.nat(2), replicas: fc.integer({ min: 0, max: 4 }) }), { maxLength: 4 });

test.prop([servingScenario, resizes], { numRuns: 60 })("pods starting, draining and being cut mid-run lose no request, and the run is reproducible", (s, changes) => {
  const run = () => {
    const sim = createSimulation(s);
    for (const c of [...changes].sort((a, b) => a.at - b.at)) {
      sim.engine.runUntil(c.at * s.duration);
      if (sim.engine.haltReason !== undefined) break;
      sim.cluster.deployments.setReplicas(c.service % s.services.length, c.replicas, sim.engine.now);
    }
    while (!sim.advance(10_000));
    return sim.results();
  };
  const r = run();
  expectNothingLost(r);
  expect(resultsToJson(run())).toBe(resultsToJson(r));
});

test.prop([shape, mooncakeTrace, fc.integer({ min: 1, max: 5000 })], { numRuns: 30 })(
  "replaying a trace with prefix hashes loses no request and gives the same results whatever the chunk sizes",
  async (x, trace, chunkEvents) => {
    const s = build({ ...x, duration: 150 }, trace);
    const a = await runScenarioAsync(s, { io: memoryIo({ "t.jsonl": trace }) });
    const b = await runScenarioAsync(s, { io: memoryIo({ "t.jsonl": trace }, 97), chunkEvents });
    expectNothingLost(a);
    expect(resultsToJson(b)).toBe(resultsToJson(a));
  },
);
