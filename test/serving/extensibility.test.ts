/**
 * The serving plane's extension points, used from outside: a routing policy and a server kind
 * written here against serving's contracts alone (as a new file in src/serving/routing/policies/ or
 * a new folder in src/serving/servers/ would be, plus one registry line), given to a run through
 * copies of the registries, and run in whole simulations.
 */
import { describe, expect, test } from "vitest";
import * as z from "zod";
import { Priority } from "../../src/engine/index.js";
import type { Scenario } from "../../src/scenario/index.js";
import { ADMITTED, argBest, routingPolicies, serverKinds } from "../../src/serving/index.js";
import type { ModelServer, RoutingPolicyModule, RoutingRegistry, SchemaKit, ServedService, ServerHandle, ServerKindModule, ServerRegistry } from "../../src/serving/index.js";
import { createSimulation, resultsToJson } from "../../src/sim/index.js";
import type { Results, SimulationOptions } from "../../src/sim/index.js";
import { queueScenario, scenario } from "../support/scenarios.js";

/** least-kv-usage: the pod whose KV cache is the least used, ties drawn at random (an inference gateway's KV-aware scorer). */
const leastKvArgs = z.strictObject({});
const leastKvUsage = {
  name: "least-kv-usage",
  args: leastKvArgs,
  create: (_args, { view, stream }) => ({ pick: (pods) => argBest(pods, stream, (a, b) => view.kvUsage(a) - view.kvUsage(b)) }),
} satisfies RoutingPolicyModule<typeof leastKvArgs>;

/** echo: one request at a time per pod, each taking the block's fixed `delay`, FCFS, no queue limit. */
const echoModel = ({ strictObject, duration, limits }: SchemaKit) => strictObject({ kind: z.literal("echo"), delay: duration(0, limits.serviceTimeSeconds) });
type EchoModel = z.output<ReturnType<typeof echoModel>>;

function createEcho(services: readonly ServedService<EchoModel>[], h: ServerHandle): ModelServer {
  const { engine, requests, events } = h;
  const delay = new Map(services.map((s) => [s.index, s.model.delay]));
  const pods = new Map<number, { current: number; waiting: number[]; area: number; last: number; draining: boolean; dead: boolean }>();
  const cut = new Set<number>();
  const account = (p: { current: number; area: number; last: number }, now: number) => {
    p.area += (p.current >= 0 ? 1 : 0) * (now - p.last);
    p.last = now;
  };
  const start = (req: number, now: number) => {
    pods.get(requests.pod[req]!)!.current = req;
    requests.start[req] = now;
    engine.schedule(now + delay.get(requests.service[req]!)!, codes["echo.done"], req);
  };
  const codes = engine.on(
    {
      "echo.done": (req: number, now: number) => {
        if (cut.delete(req)) return requests.release(req);
        const pod = requests.pod[req]!;
        const p = pods.get(pod)!;
        events.finished(req, now);
        requests.release(req);
        account(p, now);
        p.current = -1;
        const next = p.waiting.shift();
        if (next !== undefined) start(next, now);
        else if (p.draining) events.drained(pod, now);
      },
    },
    { "echo.done": Priority.Departure },
  );
  return {
    addPod(pod, _service, _gpu, now) {
      pods.set(pod, { current: -1, waiting: [], area: pods.get(pod)?.area ?? 0, last: now, draining: false, dead: false });
      return true;
    },
    admit(req, now) {
      const p = pods.get(requests.pod[req]!)!;
      if (p.current >= 0) p.waiting.push(req);
      else {
        account(p, now);
        start(req, now);
      }
      return ADMITTED;
    },
    drain(pod) {
      const p = pods.get(pod);
      if (!p || p.dead || (p.current < 0 && p.waiting.length === 0)) return false;
      return (p.draining = true);
    },
    abort(pod, now) {
      const p = pods.get(pod);
      if (!p || p.dead) return;
      account(p, now);
      for (const req of p.waiting.splice(0)) {
        events.failed(req, now);
        requests.release(req);
      }
      if (p.current >= 0) {
        events.failed(p.current, now);
        cut.add(p.current);
      }
      Object.assign(p, { current: -1, dead: true, draining: false });
    },
    queued: (pod) => pods.get(pod)?.waiting.length ?? 0,
    busyArea: (pod) => pods.get(pod)?.area ?? 0,
    slots: () => 1,
    flush(now) {
      for (const p of pods.values()) account(p, now);
    },
    load: () => ({ generated: 0, preemptions: 0, kvUsed: 0, kvCapacity: 0 }),
    summary: () => null,
  };
}

const echoServer = { name: "echo", tokens: false, model: echoModel, create: createEcho } satisfies ServerKindModule<EchoModel>;

/** The scenario with each service's `key` replaced: the scenario schema knows the built-in kinds and policies only. */
const withServices = (sc: Scenario, patch: Record<string, unknown>): Scenario => ({ ...sc, services: sc.services.map((svc) => ({ ...svc, ...patch })) }) as unknown as Scenario;

function run(sc: Scenario, registries: SimulationOptions["registries"]): Results {
  const sim = createSimulation(sc, registries ? { registries } : {});
  while (!sim.advance(1 << 16));
  return sim.results();
}

function expectConserved(r: Results) {
  for (const svc of r.services) for (const c of [svc.total, svc.requests]) expect(c.arrived).toBe(c.completed + c.rejected + c.failed + c.timedOut + c.inFlight);
}

describe("a routing policy added from outside the plane", () => {
  const routing: RoutingRegistry = { ...routingPolicies, [leastKvUsage.name]: leastKvUsage };
  /** Four llama-3.1-8b replicas with small KV caches under long prompts, routed by `policy`. */
  const chat = (policy: string) =>
    withServices(
      scenario({
        apiVersion: "servesim/v1",
        kind: "Scenario",
        metadata: { name: "kv" },
        seed: 5,
        duration: 300,
        warmup: 30,
        cluster: { nodePools: [{ name: "h100", gpu: { type: "h100-sxm", count: 4 }, cpu: 192, memory: "2Ti", count: 1 }] },
        services: [
          {
            name: "chat",
            model: { kind: "llm", id: "llama-3.1-8b", gpuMemoryUtilization: 0.3 },
            resources: { requests: { cpu: "8", memory: "64Gi", "nvidia.com/gpu": 1 } },
            pod: { containerStartTime: 0 },
            replicas: 4,
            traffic: [{ poisson: { rate: 12 }, tokens: { input: { distribution: "lognormal", mean: 3000, cv: 1 }, output: { distribution: "lognormal", mean: 300, cv: 1 } } }],
          },
        ],
      }),
      { routing: { policy } },
    );

  test("least-kv-usage runs through the plane's view: it balances KV usage and tail TTFT better than random routing, and loses nothing", () => {
    const kv = run(chat("least-kv-usage"), { routingPolicies: routing });
    const random = run(chat("random"), { routingPolicies: routing });
    for (const r of [kv, random]) {
      expect(r.status).toBe("completed");
      expectConserved(r);
    }
    const spread = (r: Results) => {
      const usage = r.pods.map((p) => p.llm!.meanKvUsage!);
      return Math.max(...usage) - Math.min(...usage);
    };
    expect(spread(kv)).toBeLessThan(spread(random));
    expect(kv.services[0]!.ttft!.p99!).toBeLessThan(random.services[0]!.ttft!.p99!);
    expect(resultsToJson(run(chat("least-kv-usage"), { routingPolicies: routing }))).toBe(resultsToJson(kv));
  });

  test("its arguments are checked by its own schema, and the built-in registry does not know it", () => {
    expect(leastKvUsage.args.safeParse({ loadSlack: 3 }).success).toBe(false);
    expect(() => run(chat("least-kv-usage"), undefined)).toThrow('unknown routing policy "least-kv-usage" (expected random | round-robin | least-request | power-of-two | prefix-aware)');
  });
});

describe("a server kind added from outside the plane", () => {
  const kinds: ServerRegistry = { ...serverKinds, [echoServer.name]: echoServer };
  /** One pod, Poisson arrivals at 5/s, each request taking 100 ms: an M/D/1 queue at ρ = 0.5. */
  const md1 = (model: Record<string, unknown>) =>
    withServices(queueScenario({ c: 1, lambda: 5, serviceTime: { distribution: "deterministic", mean: 0.1 }, duration: 3000, warmup: 100 }), { model });

  test("an echo server written against the ModelServer contract serves exactly as the classic server with the same deterministic time", () => {
    const echo = run(md1({ kind: "echo", delay: 0.1 }), { serverKinds: kinds });
    const classic = run(md1({ kind: "classic", concurrency: 1, serviceTime: { distribution: "deterministic", mean: 0.1 }, dtype: "fp16" }), undefined);
    expectConserved(echo);
    const pick = (r: Results) => ({ requests: r.services[0]!.requests, latency: r.services[0]!.latency, wait: r.services[0]!.wait, utilisation: r.services[0]!.utilisation });
    expect(pick(echo)).toEqual(pick(classic));
    // Pollaczek–Khinchine for M/D/1: Wq = ρ D / (2 (1 − ρ)) = 50 ms.
    expect(echo.services[0]!.wait.mean!).toBeGreaterThan(0.04);
    expect(echo.services[0]!.wait.mean!).toBeLessThan(0.06);
    expect(echo.services[0]!.ttft).toBeNull();
  });

  test("its model block is validated by its own schema, built with the scenario's field helpers", () => {
    const kit = { strictObject: z.strictObject, duration: () => z.number(), bytes: () => z.number(), count: () => z.number().int(), limits: { serviceTimeSeconds: 60 } } as unknown as SchemaKit;
    expect(echoServer.model(kit).safeParse({ kind: "echo", delay: 0.1 }).success).toBe(true);
    expect(echoServer.model(kit).safeParse({ kind: "echo", delay: 0.1, concurrency: 2 }).success).toBe(false);
    expect(() => run(md1({ kind: "echo", delay: 0.1 }), undefined)).toThrow('service svc: unknown model kind "echo" (expected classic | llm)');
  });
});
