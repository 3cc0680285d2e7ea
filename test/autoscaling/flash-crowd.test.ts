/**
 * The flash-crowd scenarios end to end: the cluster autoscaler adds nodes for the HPA's new pods,
 * whose cold starts show in the TTFT p99 of the windows during the ramp; keeping five replicas
 * warm makes that excursion smaller and costs more.
 */
import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { parseScenario } from "../../src/scenario/index.js";
import type { Results } from "../../src/sim/index.js";
import { resultsToJson, runScenario } from "../../src/sim/index.js";

const run = (file: string): Results => {
  const parsed = parseScenario(readFileSync(file, "utf8"), { file });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return runScenario(parsed.scenario);
};

/** The worst TTFT p99 over the SLO windows. */
const worstTtftP99 = (r: Results) => Math.max(...r.sloWindows.windows.flatMap((w) => w.verdicts.filter((v) => v.objective === "ttft.p99").map((v) => v.actual ?? 0)));

describe("flash crowd on an LLM service", () => {
  const cold = run("scenarios/flash-crowd-llm.yaml");
  const warm = run("scenarios/flash-crowd-llm-prewarmed.yaml");

  test("the cluster autoscaler adds nodes for the pods the HPA creates, and they cold-start", () => {
    const added = cold.autoscaling.events.filter((e) => e.kind === "node" && e.to > e.from);
    expect(added.length).toBeGreaterThan(0);
    expect(cold.autoscaling.pools[0]!.peakNodes).toBeGreaterThan(1);
    const hpaUps = cold.autoscaling.events.filter((e) => e.kind === "workload" && e.to > e.from);
    expect(hpaUps.length).toBeGreaterThan(0);
    // Pods on new nodes waited for the node's boot and GPU driver (2 m + 45 s), then pulled and loaded.
    const late = cold.pods.filter((p) => p.coldStart !== null && p.timeline.created > 0);
    expect(late.length).toBeGreaterThan(0);
    for (const p of late) expect(p.coldStart!.scheduling).toBeGreaterThanOrEqual(120 + 45 - 10);
    expect(late.every((p) => p.coldStart!.imagePull > 0 && p.coldStart!.modelLoad > 0)).toBe(true);
  });

  test("the ramp's cold start shows as a TTFT p99 excursion in the SLO windows", () => {
    const before = cold.sloWindows.windows.filter((w) => w.end <= 8 * 60);
    const beforeWorst = Math.max(...before.flatMap((w) => w.verdicts.filter((v) => v.objective === "ttft.p99").map((v) => v.actual ?? 0)));
    expect(worstTtftP99(cold)).toBeGreaterThan(10 * beforeWorst);
    expect(cold.sloWindows.windows.some((w) => !w.pass)).toBe(true);
  });

  test("a pre-warmed minimum gives a smaller p99 excursion at a higher cost", () => {
    expect(worstTtftP99(warm)).toBeLessThan(worstTtftP99(cold) / 5);
    expect(warm.services[0]!.ttft!.p99!).toBeLessThan(cold.services[0]!.ttft!.p99!);
    expect(warm.cost.total).toBeGreaterThan(cold.cost.total);
  });

  test("the HPA acts only at its sync times", () => {
    for (const r of [cold, warm]) for (const e of r.autoscaling.events) if (e.kind === "workload") expect(e.at % 15).toBe(0);
  });

  test("replicas and nodes over time are sampled with the request series", () => {
    const a = cold.autoscaling.series;
    expect(a.t).toEqual(cold.series.t);
    const ready = a.services["chat"]!.ready;
    expect(Math.max(...ready)).toBe(cold.autoscaling.services[0]!.peakReplicas);
    for (let i = 0; i < a.t.length; i++) expect(a.services["chat"]!.ready[i]!).toBeLessThanOrEqual(a.services["chat"]!.current[i]!);
  });
});

test("the scale-to-zero scenario goes to zero when idle, back on demand, and is deterministic", () => {
  const a = run("scenarios/scale-to-zero.yaml");
  const events = a.autoscaling.events.filter((e) => e.kind === "workload");
  const toZero = events.filter((e) => e.kind === "workload" && e.to === 0);
  const fromZero = events.filter((e) => e.kind === "workload" && e.from === 0);
  expect(toZero.length).toBeGreaterThanOrEqual(2);
  expect(fromZero.length).toBeGreaterThanOrEqual(1);
  // Requests that came while no pod was Ready were held by the activator, not rejected.
  expect(a.autoscaling.services[0]!.activatorHeld).toBeGreaterThan(0);
  expect(a.services[0]!.total.rejected).toBe(0);
  expect(a.services[0]!.latency.max!).toBeGreaterThan(5);
  expect(resultsToJson(run("scenarios/scale-to-zero.yaml"))).toBe(resultsToJson(a));
});
