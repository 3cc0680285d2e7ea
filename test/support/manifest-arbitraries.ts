/** Arbitraries of valid scenarios (as YAML text and parsed) and of simulated figures, for the manifests properties. */
import { fc } from "@fast-check/vitest";
import { stringify } from "yaml";
import type { Figures, PhaseFigures } from "../../src/manifests/index.js";
import { parseScenario } from "../../src/scenario/index.js";

/** Label values YAML 1.1 reads as booleans, numbers or null unless quoted. */
const tricky = fc.constantFrom("on", "yes", "no", "y", "n", "off", "true", "0755", "1e3", "null", "plain", "ON", "Y");
const dns = fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/);

const arbPool = fc.record({
  gpu: fc.option(fc.record({ type: fc.constantFrom("t4", "l4", "a100-80gb-sxm", "h100-sxm", "mi300x"), count: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
  cpu: fc.integer({ min: 4, max: 192 }),
  memoryGi: fc.integer({ min: 16, max: 2048 }),
  sized: fc.boolean(),
  count: fc.integer({ min: 0, max: 3 }),
  extra: fc.integer({ min: 0, max: 5 }),
  zones: fc.subarray(["zone-a", "zone-b", "zone-c"]),
  taint: fc.boolean(),
  label: tricky,
});

const arbService = fc.record({
  llm: fc.boolean(),
  gpus: fc.integer({ min: 0, max: 2 }),
  cpuMilli: fc.integer({ min: 100, max: 16000 }),
  memoryMi: fc.integer({ min: 64, max: 65536 }),
  replicas: fc.integer({ min: 0, max: 6 }),
  autoscaling: fc.constantFrom("none", "hpa", "hpa-cpu", "keda"),
  min: fc.integer({ min: 1, max: 3 }),
  extraMax: fc.integer({ min: 0, max: 20 }),
  target: fc.integer({ min: 1, max: 200_000 }),
  pdb: fc.constantFrom("none", "int", "percent"),
  expose: fc.boolean(),
  label: tricky,
  grace: fc.integer({ min: 0, max: 300 }),
  period: fc.integer({ min: 1, max: 30 }),
  routing: fc.constantFrom("random", "round-robin", "least-request"),
  image: fc.option(fc.constantFrom("registry.example.com/x:1", "yes", "on:1"), { nil: undefined }),
});

const arbInput = fc.record({ name: dns, pools: fc.array(arbPool, { minLength: 1, maxLength: 3 }), services: fc.array(arbService, { minLength: 1, maxLength: 3 }), high: fc.boolean(), mostAllocated: fc.boolean() });

type Input = typeof arbInput extends fc.Arbitrary<infer T> ? T : never;

function scenarioText(x: Input): string {
  const s = {
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: x.name, labels: { env: x.services[0]!.label } },
    duration: "10m",
    cluster: {
      nodePools: x.pools.map((p, i) => ({
        name: `pool-${i}`,
        ...(p.gpu ? { gpu: p.gpu } : {}),
        cpu: p.cpu,
        memory: `${p.memoryGi}Gi`,
        pricePerHour: 10,
        ...(p.sized ? { size: { min: p.count, max: p.count + p.extra } } : { count: p.count }),
        zones: p.zones,
        labels: { tier: p.label },
        ...(p.taint ? { taints: [{ key: "nvidia.com/gpu", value: p.label, effect: "NoSchedule" }] } : {}),
      })),
      priorityClasses: x.high ? [{ name: "high", value: 1000 }] : [],
      ...(x.mostAllocated ? { scheduler: { profiles: [{ schedulerName: "default-scheduler", pluginConfig: [{ name: "NodeResourcesFit", args: { scoringStrategy: { type: "MostAllocated" } } }] }] } } : {}),
    },
    services: x.services.map((v, i) => {
      const gpus = v.llm ? Math.max(1, v.gpus) : v.gpus;
      const max = v.min + v.extraMax;
      const autoscaling =
        v.autoscaling === "hpa"
          ? { kind: "hpa", minReplicas: v.min, maxReplicas: max, metrics: [{ type: "Pods", pods: { metric: { name: "requests_in_flight" }, target: { type: "AverageValue", averageValue: `${v.target}m` } } }], behavior: { scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: "Max", policies: [{ type: "Pods", value: 4, periodSeconds: 15 }] } } }
          : v.autoscaling === "hpa-cpu"
            ? { kind: "hpa", minReplicas: v.min, maxReplicas: max }
            : v.autoscaling === "keda"
              ? { kind: "keda", minReplicaCount: v.min - 1, maxReplicaCount: max, triggers: [{ metric: "queue_length", threshold: v.target / 1000, activationThreshold: 1 }] }
              : undefined;
      return {
        name: `svc-${i}`,
        ...(v.image ? { image: { name: v.image } } : {}),
        model: v.llm ? { kind: "llm", id: "llama-3.1-8b" } : { kind: "classic", serviceTime: { distribution: "deterministic", mean: "10ms" } },
        resources: { requests: { cpu: `${v.cpuMilli}m`, memory: `${v.memoryMi}Mi`, ...(gpus > 0 ? { "nvidia.com/gpu": gpus } : {}) } },
        pod: { labels: { flavour: v.label }, terminationGracePeriodSeconds: v.grace, readinessProbe: { periodSeconds: v.period }, ...(x.high ? { priorityClassName: "high" } : {}) },
        replicas: v.replicas,
        routing: { policy: v.routing },
        ...(autoscaling ? { autoscaling } : {}),
        ...(v.pdb === "int" ? { disruptionBudget: { maxUnavailable: 1 } } : v.pdb === "percent" ? { disruptionBudget: { minAvailable: "50%" } } : {}),
        ...(v.expose ? { expose: { host: `svc-${i}.example.com` } } : {}),
      };
    }),
  };
  return stringify(s);
}

const arbPhase: fc.Arbitrary<PhaseFigures> = fc.tuple(fc.double({ min: 0, max: 600, noNaN: true }), fc.double({ min: 0, max: 600, noNaN: true })).map(([a, b]) => ({ p50: Math.min(a, b), p99: Math.max(a, b) }));
const arbFigures = (names: readonly string[]): fc.Arbitrary<Figures> =>
  fc.record({
    source: fc.constant("property test"),
    services: fc.tuple(
      ...names.map((name) =>
        fc.record({
          name: fc.constant(name),
          coldStart: fc.option(fc.record({ pods: fc.nat(100), scheduling: arbPhase, imagePull: arbPhase, containerStart: arbPhase, modelLoad: arbPhase, readiness: arbPhase, total: arbPhase }), { nil: null }),
          latencyP99: fc.option(fc.double({ min: 0, max: 3600, noNaN: true }), { nil: null }),
          latencyMax: fc.option(fc.double({ min: 0, max: 3600, noNaN: true }), { nil: null }),
          throughput: fc.double({ min: 0, max: 1e5, noNaN: true }),
          cutByGrace: fc.nat(1000),
          pools: fc.constant(["pool-0"]),
        }),
      ),
    ),
  });

export const arbCase = arbInput.chain((x) => {
  const text = scenarioText(x);
  const parsed = parseScenario(text);
  if (!parsed.ok) throw new Error(`the generator made an invalid scenario: ${parsed.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}\n${text}`);
  return fc.tuple(fc.constant(text), fc.constant(parsed.scenario), arbFigures(parsed.scenario.services.map((s) => s.name)), fc.boolean(), fc.boolean());
});

