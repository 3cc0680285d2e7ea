/** LLM services in whole runs: llama-3.1-8b on H100 replicas — TTFT and TPOT, KV-cache preemption, prefix caching on the Mooncake trace. */
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { runScenario, runScenarioAsync } from "../../src/sim/index.js";
import type { LatencySummary, Results } from "../../src/sim/index.js";
import type { ScenarioInput } from "../../src/scenario/index.js";
import type { RoutingPolicyName } from "../../src/serving/index.js";
import { fileTraceIo } from "../../workers/file-traces.js";
import { scenario } from "../support/scenarios.js";

type Llm = Extract<ScenarioInput["services"][number]["model"], { kind: "llm" }>;
type Traffic = NonNullable<ScenarioInput["services"][number]["traffic"]>[number];

/** A chat service of llama-3.1-8b on `replicas` H100s (one GPU each), its pods Ready at time 0. */
const chat = (opts: { traffic: Traffic; replicas?: number; model?: Partial<Llm>; routing?: { policy: RoutingPolicyName; loadSlack?: number }; duration?: number; warmup?: number }) =>
  scenario({
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: "llm" },
    seed: 3,
    duration: opts.duration ?? 600,
    warmup: opts.warmup ?? 60,
    cluster: { nodePools: [{ name: "h100", gpu: { type: "h100-sxm", count: 8 }, cpu: 192, memory: "2Ti", count: 1 }] },
    services: [
      {
        name: "chat",
        model: { kind: "llm", id: "llama-3.1-8b", ...opts.model },
        resources: { requests: { cpu: "8", memory: "64Gi", "nvidia.com/gpu": 1 } },
        pod: { containerStartTime: 0 },
        replicas: opts.replicas ?? 1,
        ...(opts.routing ? { routing: opts.routing } : {}),
        traffic: [opts.traffic],
      },
    ],
  });

/** Poisson chat traffic: lognormal prompts of mean 1,000 tokens and outputs of mean 300. */
const poisson = (rate: number): Traffic => ({
  poisson: { rate },
  tokens: { input: { distribution: "lognormal", mean: 1000, cv: 1 }, output: { distribution: "lognormal", mean: 300, cv: 1 } },
});

const STATS = ["mean", "p50", "p90", "p99", "p999", "max"] as const;

function expectConserved(r: Results) {
  for (const svc of r.services) for (const c of [svc.total, svc.requests]) expect(c.arrived).toBe(c.completed + c.rejected + c.failed + c.timedOut + c.inFlight);
}

describe("an LLM service in the simulation", () => {
  let runs: { low: Results; high: Results } | undefined;
  /** The service at 1 and at 12 requests/s, run once on first use. */
  const loads = () => (runs ??= { low: runScenario(chat({ traffic: poisson(1) })), high: runScenario(chat({ traffic: poisson(12) })) });

  test("the time to first token never exceeds the end-to-end latency, statistic by statistic, and TPOT is positive", () => {
    const { low, high } = loads();
    for (const r of [low, high]) {
      const svc = r.services[0]!;
      expect(svc.requests.completed).toBeGreaterThan(400);
      const ttft = svc.ttft as LatencySummary;
      for (const k of STATS) {
        expect(ttft[k]!).toBeGreaterThan(0);
        expect(ttft[k]!).toBeLessThanOrEqual(svc.latency[k]!);
      }
      for (const k of STATS) expect(svc.tpot![k]!).toBeGreaterThan(0);
      // TPOT × (output − 1) + TTFT = latency per request, so the mean latency is at least the mean TTFT plus the decode time.
      expect(svc.latency.mean!).toBeGreaterThan(ttft.mean!);
      expect(svc.tokens!.output).toBeGreaterThan(0);
      expectConserved(r);
    }
  });

  test("at low load a token takes a few milliseconds; at high load batches grow and each token takes longer", () => {
    const { low, high } = loads();
    const [l, h] = [low.services[0]!, high.services[0]!];
    // An 8B model in bf16 reads 16 GB per decode step: ≥ 4.8 ms on 3.35 TB/s.
    expect(l.tpot!.p50!).toBeGreaterThan(0.0048);
    expect(l.tpot!.p50!).toBeLessThan(0.05);
    expect(h.tpot!.mean!).toBeGreaterThan(l.tpot!.mean!);
    expect(h.tpot!.p50!).toBeGreaterThan(l.tpot!.p50!);
    expect(h.ttft!.p99!).toBeGreaterThan(l.ttft!.p99!);
    expect(high.pods[0]!.llm!.meanBatch!).toBeGreaterThan(low.pods[0]!.llm!.meanBatch!);
    expect(h.tokens!.outputPerSecond).toBeGreaterThan(5 * l.tokens!.outputPerSecond);
  });

  test("a KV cache made small (gpuMemoryUtilization 0.25) preempts sequences; the default 0.9 does not", () => {
    const small = runScenario(chat({ traffic: poisson(6), model: { gpuMemoryUtilization: 0.25 } }));
    const roomy = runScenario(chat({ traffic: poisson(6) }));
    const [s, r] = [small.pods[0]!.llm!, roomy.pods[0]!.llm!];
    expect(s.kvBlocks).toBeLessThan(r.kvBlocks / 10);
    expect(s.preemptions).toBeGreaterThan(0);
    expect(r.preemptions).toBe(0);
    expect(s.meanKvUsage!).toBeGreaterThan(r.meanKvUsage!);
    // Recomputing preempted sequences costs time.
    expect(small.services[0]!.latency.mean!).toBeGreaterThan(roomy.services[0]!.latency.mean!);
    for (const x of [small, roomy]) expectConserved(x);
  });

  test("full KV reservation (TensorRT-LLM's no-evict) never preempts, even in the small cache", () => {
    const r = runScenario(chat({ traffic: poisson(6), model: { gpuMemoryUtilization: 0.25, kvReservation: "full" } }));
    expect(r.pods[0]!.llm!.preemptions).toBe(0);
    expect(r.services[0]!.requests.completed).toBeGreaterThan(0);
    expectConserved(r);
  });
});

const root = fileURLToPath(new URL("../../", import.meta.url));
/** The first 15 minutes of the Mooncake conversation trace (its prompts carry hash_ids of 512-token blocks). */
const MOONCAKE: Traffic = { trace: { file: "traces/mooncake-fast25/conversation_trace.jsonl", format: "mooncake", window: 900 } };
const mooncake = (routing: RoutingPolicyName, model: Partial<Llm> = {}, loadSlack = 4) =>
  runScenarioAsync(chat({ traffic: MOONCAKE, replicas: 4, routing: routing === "prefix-aware" ? { policy: routing, loadSlack } : { policy: routing }, model, duration: 900 }), { io: fileTraceIo(root) });
const hitRate = (r: Results) => {
  const q = r.pods.reduce((a, p) => a + p.llm!.prefixCacheQueries, 0);
  return r.pods.reduce((a, p) => a + p.llm!.prefixCacheHits, 0) / q;
};

describe("prefix caching on the Mooncake trace (4 replicas)", () => {
  test("prefix caching reuses cached blocks; switched off, nothing is reused", async () => {
    const on = await mooncake("random");
    const off = await mooncake("random", { prefixCaching: false });
    expect(hitRate(on)).toBeGreaterThan(0.02);
    expect(off.pods.every((p) => p.llm!.prefixCacheHits === 0)).toBe(true);
    expect(on.services[0]!.ttft!.mean!).toBeLessThan(off.services[0]!.ttft!.mean!);
    for (const r of [on, off]) expectConserved(r);
  });

  test("prefix-aware routing sends requests to the replica holding their prefix: a higher hit rate than random or least-request", async () => {
    const random = await mooncake("random");
    const least = await mooncake("least-request");
    const aware = await mooncake("prefix-aware");
    expect(hitRate(aware)).toBeGreaterThan(1.3 * hitRate(random));
    expect(hitRate(aware)).toBeGreaterThan(1.3 * hitRate(least));
    // Within its load slack it still balances: its tail TTFT is far below random routing's, near least-request's.
    expect(aware.services[0]!.ttft!.p99!).toBeLessThan(0.5 * random.services[0]!.ttft!.p99!);
    expect(aware.services[0]!.ttft!.p99!).toBeLessThan(1.2 * least.services[0]!.ttft!.p99!);
    for (const r of [random, least, aware]) expectConserved(r);
  });
});
