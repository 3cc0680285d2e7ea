/**
 * One definition of every rate: each SLO verdict of a run, recomputed from the results JSON alone
 * (the request counts and latency summaries it gives), agrees with the verdict the run gave, and
 * the rates the JSON gives are the same shares of the same counts. Scenarios with a node failure,
 * a zone outage, timeouts at pods and at the activator, and an LLM service.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, test } from "vitest";
import { formatIssue, parseScenario } from "../../src/scenario/index.js";
import type { Scenario } from "../../src/scenario/index.js";
import { resultsToJson, runScenario } from "../../src/sim/index.js";
import type { Results } from "../../src/sim/index.js";
import { scenario } from "../support/scenarios.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** A bundled scenario, cut to `duration`, with `slo` added to every service's objectives. */
function bundled(file: string, duration: string, slo: Record<string, unknown>): Scenario {
  const r = parseScenario(readFileSync(`${root}scenarios/${file}`, "utf8"), { file, overrides: { duration } });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return { ...r.scenario, services: r.scenario.services.map((svc) => ({ ...svc, slo: { ...svc.slo, ...slo } })) } as Scenario;
}

/** Four nodes over two zones, one service retrying nothing; zone z1 is lost at 2 min for 3 min, its nodes for good. */
const zoneOutage = scenario({
  apiVersion: "servesim/v1",
  kind: "Scenario",
  metadata: { name: "zone-outage" },
  seed: 11,
  duration: 600,
  warmup: 60,
  cluster: {
    nodePools: [{ name: "cpu", cpu: 8, memory: "32Gi", zones: ["z1", "z2"], pricePerHour: 1, size: { min: 4, max: 6, initial: 4 }, bootDelay: 30 }],
    autoscaler: { expander: "random" },
    nodeHealth: { monitorGracePeriod: 20, podEvictionTimeout: 30 },
  },
  services: [
    {
      name: "api",
      model: { kind: "classic", concurrency: 2, serviceTime: { distribution: "exponential", mean: 0.2 }, queueLimit: 20, timeout: 2 },
      resources: { requests: { cpu: "3", memory: "4Gi" } },
      pod: { containerStartTime: 5 },
      replicas: 4,
      traffic: [{ poisson: { rate: 25 } }],
      slo: { latency: { p99: 1 }, maxRejectRate: 0.01, maxErrorRate: 0.01 },
    },
  ],
  faults: [{ at: 120, zoneOutage: { zone: "z1", duration: 180 } }],
});

/** An overloaded classic service with a queue limit and a timeout, an LLM service with a timeout, and a service scaled from zero whose held requests time out. */
const timeouts = scenario({
  apiVersion: "servesim/v1",
  kind: "Scenario",
  metadata: { name: "timeouts" },
  seed: 3,
  duration: 300,
  warmup: 30,
  cluster: { nodePools: [{ name: "h100", gpu: { type: "h100-sxm", count: 8 }, cpu: 192, memory: "2Ti", count: 1 }] },
  services: [
    {
      name: "busy",
      model: { kind: "classic", concurrency: 2, serviceTime: { distribution: "exponential", mean: 0.1 }, queueLimit: 10, timeout: 0.3 },
      resources: { requests: { cpu: "1", memory: "1Gi" } },
      pod: { containerStartTime: 0 },
      traffic: [{ poisson: { rate: 30 } }],
      slo: { latency: { p50: 0.2, p999: 1 }, maxRejectRate: 0.2, maxErrorRate: 0.2 },
    },
    {
      name: "chat",
      model: { kind: "llm", id: "llama-3.1-8b", maxNumSeqs: 8, timeout: 1 },
      resources: { requests: { cpu: "8", memory: "64Gi", "nvidia.com/gpu": 1 } },
      pod: { containerStartTime: 0 },
      traffic: [{ poisson: { rate: 10 }, tokens: { input: { distribution: "lognormal", mean: 2000, cv: 1 }, output: { distribution: "lognormal", mean: 200, cv: 1 } } }],
      slo: { ttft: { p99: 0.5 }, tpot: { p50: 0.02 }, maxRejectRate: 0.05, maxErrorRate: 0.05 },
    },
    {
      name: "cold",
      model: { kind: "classic", serviceTime: { distribution: "deterministic", mean: 0.05 } },
      resources: { requests: { cpu: "1", memory: "1Gi" } },
      pod: { containerStartTime: 60 },
      replicas: 0,
      autoscaling: { kind: "keda", minReplicaCount: 0, maxReplicaCount: 2, pollingInterval: 10, triggers: [{ metric: "requests_per_second", threshold: "5" }] },
      activator: { queueLimit: 1000, timeout: 20 },
      traffic: [{ poisson: { rate: 2 } }],
      slo: { maxRejectRate: 0, maxErrorRate: 0.01 },
    },
  ],
});

type Json = ReturnType<typeof parse>;
const parse = (r: Results) => JSON.parse(resultsToJson(r)) as Results;

/** The verdicts of every service, recomputed from the results JSON's counts and latency summaries. */
function recompute(json: Json, sc: Scenario) {
  return json.services.flatMap((svc, s) => {
    const spec = sc.services[s]!.slo ?? {};
    const { arrived, rejected, failed, timedOut } = svc.requests;
    const verdict = (objective: string, target: number, actual: number | null) => ({
      service: svc.name,
      objective,
      target,
      actual,
      status: actual === null ? "no-data" : actual <= target ? "pass" : "fail",
    });
    const percentiles = (name: "latency" | "ttft" | "tpot") =>
      Object.entries(spec[name] ?? {}).flatMap(([key, target]) => (target === undefined ? [] : [verdict(`${name}.${key}`, target, svc[name]?.[key as "p50" | "p99" | "p999"] ?? null)]));
    return [
      ...percentiles("latency"),
      ...percentiles("ttft"),
      ...percentiles("tpot"),
      ...(spec.maxRejectRate === undefined ? [] : [verdict("rejectRate", spec.maxRejectRate, arrived === 0 ? null : rejected / arrived)]),
      ...(spec.maxErrorRate === undefined ? [] : [verdict("errorRate", spec.maxErrorRate, arrived === 0 ? null : (rejected + failed + timedOut) / arrived)]),
    ];
  });
}

describe("SLO verdicts recomputed from the results JSON", () => {
  const cases: [string, () => Scenario][] = [
    ["a node failure with retries (node-failure-at-peak, 16 minutes)", () => bundled("node-failure-at-peak.yaml", "16m", { maxErrorRate: 0.005 })],
    ["a zone outage", () => zoneOutage],
    ["timeouts at pods, in an LLM batch queue and at the activator", () => timeouts],
    ["two services with a timeout (mixed-serving, 7 minutes)", () => bundled("mixed-serving.yaml", "7m", { maxErrorRate: 0.001 })],
  ];

  test.each(cases)("%s: every verdict, the pass flag and every rate follow from the JSON's counts", (_name, make) => {
    const sc = make();
    const json = parse(runScenario(sc));
    const verdicts = recompute(json, sc);
    expect(verdicts.length).toBeGreaterThan(0);
    expect(json.slo.verdicts).toEqual(verdicts);
    expect(json.slo.pass).toBe(verdicts.every((v) => v.status === "pass"));
    for (const svc of json.services) {
      const { arrived, completed, rejected, failed, timedOut, inFlight } = svc.requests;
      expect(arrived).toBe(completed + rejected + failed + timedOut + inFlight);
      const share = (n: number) => (arrived === 0 ? null : n / arrived);
      expect([svc.rejectRate, svc.failRate, svc.timeoutRate, svc.errorRate]).toEqual([share(rejected), share(failed), share(timedOut), share(rejected + failed + timedOut)]);
    }
    // Window verdicts use the same definitions: each status follows from its actual and target.
    for (const w of json.sloWindows.windows) for (const v of w.verdicts) expect(v.status).toBe(v.actual === null ? "no-data" : v.actual <= v.target ? "pass" : "fail");
  });

  test("the failure scenarios exercise what the rates tell apart: failed requests, timed-out ones, and rejections", () => {
    const outage = parse(runScenario(zoneOutage)).services[0]!;
    expect(outage.requests.failed).toBeGreaterThan(0);
    expect(outage.errorRate!).toBeGreaterThan(outage.rejectRate!);
    const t = parse(runScenario(timeouts));
    const [busy, chat, cold] = t.services;
    expect(busy!.requests.timedOut).toBeGreaterThan(0);
    expect(busy!.requests.rejected).toBeGreaterThan(0);
    expect(chat!.requests.timedOut).toBeGreaterThan(0);
    expect(cold!.requests.timedOut).toBeGreaterThan(0);
    // A request the activator held past its timeout is an error, not a rejection.
    expect(cold!.rejectRate).toBe(0);
    expect(t.slo.verdicts.find((v) => v.service === "cold" && v.objective === "rejectRate")!.status).toBe("pass");
    expect(t.slo.verdicts.find((v) => v.service === "cold" && v.objective === "errorRate")!.status).toBe("fail");
  });
});
