import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { formatIssue, validateScenario } from "../scenario/index.js";
import type { Scenario } from "../scenario/index.js";
import { createSimulation } from "./build.js";
import { resultsToJson } from "./results.js";
import { runScenario } from "./run.js";

const serviceTime = fc.oneof(
  fc.record({ distribution: fc.constant("exponential" as const), mean: fc.double({ min: 0.01, max: 2, noNaN: true }) }),
  fc.record({ distribution: fc.constant("deterministic" as const), mean: fc.double({ min: 0, max: 2, noNaN: true }) }),
  fc.record({ distribution: fc.constant("lognormal" as const), mean: fc.double({ min: 0.01, max: 2, noNaN: true }), cv: fc.double({ min: 0, max: 3, noNaN: true }) }),
);

const rate = fc.double({ min: 0, max: 30, noNaN: true });
const start = fc.integer({ min: 0, max: 50 });
/** Every generator kind, with small parameters. */
const source = fc.oneof(
  fc.record({ poisson: fc.record({ rate, start }) }),
  fc.record({ diurnal: fc.record({ mean: rate, amplitude: fc.double({ min: 0, max: 1, noNaN: true }), period: fc.integer({ min: 1, max: 300 }), phase: fc.integer({ min: 0, max: 100 }), start }) }),
  fc.record({ step: fc.record({ before: rate, after: rate, at: fc.integer({ min: 0, max: 200 }) }) }),
  fc.record({ flashCrowd: fc.record({ base: rate, peak: rate, at: fc.integer({ min: 0, max: 100 }), rampUp: fc.integer({ min: 0, max: 50 }), hold: fc.integer({ min: 0, max: 50 }), decay: fc.integer({ min: 0, max: 50 }) }) }),
  fc.record({ mmpp: fc.record({ low: fc.record({ rate, meanDuration: fc.double({ min: 0.1, max: 30, noNaN: true }) }), high: fc.record({ rate, meanDuration: fc.double({ min: 0.1, max: 30, noNaN: true }) }), maxArrivals: fc.integer({ min: 0, max: 500 }) }) }),
  fc.record({
    piecewise: fc.record({
      points: fc.array(fc.record({ at: fc.integer({ min: 0, max: 200 }), rate }), { minLength: 1, maxLength: 5 }).map((ps) => [...ps].sort((a, b) => a.at - b.at)),
      interpolation: fc.constantFrom("step" as const, "linear" as const),
    }),
  }),
);
const length = fc.oneof(
  fc.record({ distribution: fc.constant("fixed" as const), value: fc.integer({ min: 0, max: 4096 }) }),
  fc.record({ distribution: fc.constant("uniform" as const), min: fc.integer({ min: 0, max: 100 }), max: fc.integer({ min: 100, max: 4096 }) }),
  fc.record({ distribution: fc.constant("lognormal" as const), mean: fc.integer({ min: 1, max: 4096 }), cv: fc.double({ min: 0, max: 3, noNaN: true }) }),
);
const tokens = fc.record({ input: length, output: length }, { requiredKeys: [] });

const service = (i: number) =>
  fc.record({
    name: fc.constant(`s${i}`),
    model: fc.record({
      kind: fc.constant("classic" as const),
      concurrency: fc.integer({ min: 1, max: 4 }),
      serviceTime,
      queueLimit: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    }),
    resources: fc.record({ requests: fc.record({ cpu: fc.integer({ min: 0, max: 6 }), "nvidia.com/gpu": fc.integer({ min: 0, max: 2 }) }) }),
    replicas: fc.integer({ min: 0, max: 4 }),
    image: fc.option(fc.record({ name: fc.constantFrom("img-a", "img-b"), size: fc.integer({ min: 0, max: 2e9 }) }), { nil: undefined }),
    pod: fc.record({
      containerStartTime: fc.integer({ min: 0, max: 5 }),
      terminationGracePeriodSeconds: fc.integer({ min: 0, max: 20 }),
      readinessProbe: fc.record({ periodSeconds: fc.integer({ min: 1, max: 10 }), initialDelaySeconds: fc.integer({ min: 0, max: 5 }) }),
    }),
    traffic: fc.array(fc.tuple(source, fc.option(tokens, { nil: undefined })).map(([src, t]) => (t === undefined ? src : { ...src, tokens: t })), { maxLength: 2 }),
  });

/** Small random scenarios: a few pools and services, some pods unschedulable, some queues bounded. */
const smallScenario: fc.Arbitrary<Scenario> = fc
  .record({
    seed: fc.nat(),
    duration: fc.integer({ min: 1, max: 200 }),
    warmupShare: fc.double({ min: 0, max: 0.5, noNaN: true }),
    pools: fc.array(
      fc.record({ cpu: fc.integer({ min: 1, max: 16 }), gpus: fc.integer({ min: 0, max: 2 }), count: fc.integer({ min: 0, max: 3 }), bootAtStart: fc.boolean(), zones: fc.subarray(["a", "b"]) }),
      { minLength: 1, maxLength: 3 },
    ),
    services: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => service(i)))),
  })
  .map((x) => {
    const r = validateScenario({
      apiVersion: "servesim/v1",
      kind: "Scenario",
      metadata: { name: "prop" },
      seed: x.seed,
      duration: x.duration,
      warmup: x.duration * x.warmupShare,
      cluster: {
        nodePools: x.pools.map((p, i) => ({
          name: `p${i}`,
          cpu: p.cpu,
          memory: "64Gi",
          count: p.count,
          pricePerHour: 1,
          bootAtStart: p.bootAtStart,
          bootDelay: 10,
          devicePluginDelay: 5,
          zones: p.zones,
          ...(p.gpus > 0 ? { gpu: { type: "l4", count: p.gpus } } : {}),
        })),
      },
      services: x.services,
    });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    return r.scenario;
  });

test.prop([smallScenario], { numRuns: 60 })("nothing is lost: arrived = completed + rejected + failed + timed out + in flight, at every sample and at the end", (s) => {
  const r = runScenario(s);
  for (const svc of r.services) {
    const cols = r.series.services[svc.name]!;
    for (let i = 0; i < r.series.t.length; i++) {
      expect(cols.arrived[i]).toBe(cols.completed[i]! + cols.rejected[i]! + cols.failed[i]! + cols.timedOut[i]! + cols.inFlight[i]!);
    }
    expect(svc.total.arrived).toBe(svc.total.completed + svc.total.rejected + svc.total.failed + svc.total.timedOut + svc.total.inFlight);
    expect(svc.requests.inFlight).toBeGreaterThanOrEqual(0);
    expect(svc.requests.rejected).toBe(svc.requests.rejectedBy.queueFull + svc.requests.rejectedBy.noEndpoint + svc.requests.rejectedBy.tooLong);
    if (r.pods.every((p) => p.service !== svc.name || p.timeline.ready === null)) expect(svc.total.completed).toBe(0);
  }
  expect(r.series.t.length).toBe(Math.ceil(s.duration / r.series.step - 1e-9));
});

test.prop([smallScenario], { numRuns: 40 })("no node is over-committed and every pod is Running or Pending with a reason", (s) => {
  const r = runScenario(s);
  for (const n of r.nodes) {
    expect(n.allocated.cpu).toBeLessThanOrEqual(1);
    expect(n.allocated.memory).toBeLessThanOrEqual(1);
    if (n.allocated.gpu !== null) expect(n.allocated.gpu).toBeLessThanOrEqual(1);
  }
  for (const p of r.pods) {
    if (p.status === "Pending") expect(p.node === null && /^(0\/\d+ nodes are available|no nodes available to schedule pods)/.test(p.pendingReason!)).toBe(true);
    else expect(p.node !== null && p.pendingReason === null).toBe(true);
  }
});

test.prop([smallScenario], { numRuns: 40 })("time never goes back in the event log", (s) => {
  const sim = createSimulation(s, { log: { capacity: 100_000 } });
  while (!sim.advance(10_000));
  const log = sim.engine.log();
  const back = log.findIndex((e, i) => i > 0 && e.at < log[i - 1]!.at);
  expect(back).toBe(-1);
  expect(sim.engine.now).toBe(s.duration);
});

test.prop([smallScenario], { numRuns: 30 })("the same seed gives byte-identical results", (s) => {
  expect(resultsToJson(runScenario(s))).toBe(resultsToJson(runScenario(s)));
});

/** Replica changes at random times: pods start, drain, are cut at their grace period, are replaced. */
const resizes = fc.array(fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), service: fc.nat(2), replicas: fc.integer({ min: 0, max: 5 }) }), { maxLength: 4 });

test.prop([smallScenario, resizes], { numRuns: 60 })("scaling up and down keeps every request accounted for and never over-commits a node", (s, changes) => {
  const sim = createSimulation(s);
  for (const c of [...changes].sort((a, b) => a.at - b.at)) {
    sim.engine.runUntil(c.at * s.duration);
    if (sim.engine.haltReason !== undefined) break;
    sim.cluster.deployments.setReplicas(c.service % s.services.length, c.replicas, sim.engine.now);
  }
  while (!sim.advance(10_000));
  const r = sim.results();
  for (const svc of r.services) {
    expect(svc.total.arrived).toBe(svc.total.completed + svc.total.rejected + svc.total.failed + svc.total.timedOut + svc.total.inFlight);
    const cols = r.series.services[svc.name]!;
    for (let i = 0; i < r.series.t.length; i++) expect(cols.arrived[i]).toBe(cols.completed[i]! + cols.rejected[i]! + cols.failed[i]! + cols.timedOut[i]! + cols.inFlight[i]!);
    expect(svc.replicas.ready + svc.replicas.starting + svc.replicas.pending).toBe(svc.replicas.desired);
  }
  for (const n of r.nodes) {
    expect(n.allocated.cpu).toBeLessThanOrEqual(1);
    if (n.allocated.gpu !== null) expect(n.allocated.gpu).toBeLessThanOrEqual(1);
  }
  for (const p of r.pods) {
    const t = p.timeline;
    const times = [t.created, t.scheduled, t.imageReady, t.started, t.modelLoaded, t.ready].filter((x): x is number => x !== null);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
    if (p.coldStart) expect(p.coldStart.scheduling + p.coldStart.imagePull + p.coldStart.init + p.coldStart.containerStart + p.coldStart.modelLoad + p.coldStart.readiness).toBeCloseTo(p.coldStart.total, 6);
  }
});
