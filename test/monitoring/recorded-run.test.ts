import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { createMonitoringRecorder } from "../../src/metrics/exposition/index.js";
import type { MonitoringData } from "../../src/metrics/exposition/index.js";
import { formatIssue, parseScenario } from "../../src/scenario/index.js";
import type { Scenario } from "../../src/scenario/index.js";
import { resultsToJson, runScenario } from "../../src/sim/index.js";
import type { Results } from "../../src/sim/index.js";

function load(path: string, overrides: Record<string, string> = {}): Scenario {
  const r = parseScenario(readFileSync(new URL(path, import.meta.url), "utf8"), { file: path, overrides });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
}

function recordedRun(sc: Scenario): { results: Results; data: MonitoringData } {
  const monitoring = createMonitoringRecorder();
  const results = runScenario(sc, { monitoring });
  return { results, data: monitoring.data() };
}

const last = <T>(xs: readonly T[]): T => xs[xs.length - 1]!;

describe("a run recorded for the monitoring export", () => {
  const sc = load("../e2e/fixtures/monitoring.yaml", { duration: "20m" });
  const { results, data } = recordedRun(sc);

  test("gives byte-identical results to the same run without the recorder", () => {
    expect(resultsToJson(results)).toBe(resultsToJson(runScenario(sc)));
  });

  test("samples at the results' series times", () => {
    expect(data.t).toEqual(Array.from(results.series.t));
  });

  test("counts every completion once in the latency and queue histograms and the success counters", () => {
    sc.services.forEach((svc, s) => {
      const total = results.services[s]!.total;
      const track = data.services[s]!;
      expect(last(Array.from(track.e2e.count))).toBe(total.completed);
      expect(last(Array.from(track.queue.count))).toBe(total.completed);
      expect(last(track.counters.completed)).toBe(total.completed);
      expect(last(track.counters.failed)).toBe(total.rejected + total.failed + total.timedOut);
      expect(Array.from(track.e2e.count)).toEqual(Array.from(results.series.services[svc.name]!.completed));
    });
    const chat = results.services[1]!;
    expect(chat.tokens!.output).toBeGreaterThan(0);
    // Without a warm-up every request is measured: prompt tokens (counted at completion) are the results' own;
    // generated tokens also count those of requests still in flight.
    expect(last(data.services[1]!.counters.promptTokens)).toBe(chat.tokens!.input);
    expect(last(data.services[1]!.counters.generationTokens)).toBeGreaterThanOrEqual(chat.tokens!.output);
    expect(last(data.services[1]!.counters.generationTokens)).toBeLessThan(chat.tokens!.output * 1.05);
  });

  test("replicas and Ready nodes at each sample are those of results.autoscaling.series", () => {
    const a = results.autoscaling.series;
    sc.services.forEach((svc, s) => {
      expect(data.services[s]!.counters.available).toEqual(Array.from(a.services[svc.name]!.ready));
      expect(data.services[s]!.counters.desired).toEqual(Array.from(a.services[svc.name]!.desired));
      expect(data.services[s]!.counters.current).toEqual(Array.from(a.services[svc.name]!.current));
    });
    const registered = data.t.map((_, row) => data.nodes.filter((n) => row >= n.first && row < n.first + n.condition.length && n.condition[row - n.first] !== "provisioning").length);
    const ready = data.t.map((_, row) => Object.values(a.pools).reduce((sum, p) => sum + p.ready[row]!, 0));
    expect(registered).toEqual(ready);
    expect(Math.max(...ready)).toBeGreaterThan(3);
  });

  test("node prices summed over the samples give the results' cost within a step per node", () => {
    const step = results.series.step;
    const cost = data.nodes.reduce((sum, n) => sum + n.pricePerHour.reduce((a, p) => a + (p * step) / 3600, 0), 0);
    const slack = (data.nodes.length * Math.max(...data.nodes.map((n) => n.pricePerHour[0]!)) * step) / 3600;
    expect(Math.abs(cost - results.cost.total)).toBeLessThanOrEqual(slack);
  });

  test("GPUs are held by at most one pod each, busy shares stay in [0, 1], and a Ready LLM pod's KV usage is a share", () => {
    for (const n of data.nodes) {
      for (let r = 0; r < n.condition.length; r++) {
        const pods = n.gpuPod.map((g) => g[r]).filter((p) => p !== null);
        expect(new Set(pods).size).toBe(pods.length);
        for (const g of n.gpuUtil) {
          expect(g[r]!).toBeGreaterThanOrEqual(0);
          expect(g[r]!).toBeLessThanOrEqual(1);
        }
      }
    }
    const busiest = Math.max(...data.nodes.flatMap((n) => n.gpuUtil.flat()));
    expect(busiest).toBeGreaterThan(0.5);
    for (const p of data.pods.filter((x) => sc.services[x.service]!.model.kind === "llm")) {
      p.kvUsage.forEach((k, r) => {
        if (p.ready[r] !== 1) return;
        expect(k).toBeGreaterThanOrEqual(0);
        expect(k).toBeLessThanOrEqual(1);
      });
    }
  });
});

describe("a node failure in the monitoring export", () => {
  test("turns the node's Ready condition unknown once the monitor grace period has passed, never before the fault", () => {
    const sc = load("../../scenarios/node-failure-at-peak.yaml", { duration: "20m" });
    const { results, data } = recordedRun(sc);
    const fault = results.autoscaling.events.find((e) => e.kind === "fault")!;
    const grace = sc.cluster.nodeHealth.monitorGracePeriod;
    const unknown = data.nodes.flatMap((n) => n.condition.flatMap((c, r) => (c === "unknown" ? [data.t[n.first + r]!] : [])));
    expect(unknown.length).toBeGreaterThan(0);
    expect(Math.min(...unknown)).toBeGreaterThanOrEqual(fault.at + grace);
    expect(Math.min(...unknown)).toBeLessThanOrEqual(fault.at + grace + 2 * results.series.step);
  });
});
