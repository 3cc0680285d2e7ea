/**
 * The chart specs on real runs of bundled scenarios: each chart draws the columns the results
 * hold, in the units of its axis, and derived curves agree with the results' own totals.
 */
import { describe, expect, test } from "vitest";
import flashCrowd from "../../../scenarios/flash-crowd-llm.yaml?raw";
import gpuPending from "../../../scenarios/gpu-pending.yaml?raw";
import quickstart from "../../../scenarios/quickstart.yaml?raw";
import { parseScenario } from "../../scenario/index.js";
import { runScenario } from "../../sim/index.js";
import type { Results } from "../../../workers/protocol.js";
import { podSegments, PHASES } from "./cold-start-waterfall/phases.js";
import { timelineEvents } from "./event-timeline/timeline-events.js";
import { ratePerSecond } from "./frame/runs.js";
import { latencyChart } from "./latency-chart/latency-chart.js";
import { loadChart } from "./load-chart/load-chart.js";
import { costSoFar, nodesCostChart } from "./nodes-cost-chart/nodes-cost-chart.js";
import { queueChart } from "./queue-chart/queue-chart.js";
import { replicasChart } from "./replicas-chart/replicas-chart.js";

const run = (text: string, edit: (t: string) => string = (t) => t): Results => {
  const parsed = parseScenario(edit(text));
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => i.message).join("; "));
  return runScenario(parsed.scenario);
};
const quick = run(quickstart, (t) => t.replace("duration: 1h", "duration: 10m"));
const flash = run(flashCrowd);
const pending = run(gpuPending);
const one = (results: Results) => [{ results, label: "A" }];

describe("chart specs", () => {
  test("ratePerSecond of a cumulative counter integrates back to the counter", () => {
    const t = quick.series.t;
    const arrived = quick.series.services["classifier"]!.arrived;
    const rate = ratePerSecond(t, arrived);
    let total = 0;
    for (let k = 0; k < t.length; k++) total += rate[k]! * (t[k]! - (k === 0 ? 0 : t[k - 1]!));
    expect(total).toBeCloseTo(arrived[arrived.length - 1]!, 6);
  });

  test("loadChart draws offered and served per service, on a linear scale for one service", () => {
    const spec = loadChart(one(quick));
    expect(spec.lines.map((l) => l.id)).toEqual(["0/classifier/offered", "0/classifier/served"]);
    expect(spec.left.scale).toBe("linear");
    expect(spec.left.label).toContain("/s");
  });

  test("latencyChart puts every latency SLO of the run as a rule at its target, in seconds", () => {
    const spec = latencyChart(one(quick), "latency")!;
    expect(spec.rules.map((r) => [r.y, r.label])).toEqual([
      [0.06, "classifier SLO p50 ≤ 60 ms"],
      [0.25, "classifier SLO p99 ≤ 250 ms"],
    ]);
    expect(latencyChart(one(quick), "ttft")).toBeNull();
    const ttft = latencyChart(one(flash), "ttft")!;
    expect(ttft.lines.map((l) => l.id)).toEqual(["0/chat/ttft/p50", "0/chat/ttft/p99"]);
    expect(ttft.rules.map((r) => r.y)).toEqual([2]);
  });

  test("replicasChart marks every workload scale event at its new count, with its reason", () => {
    const spec = replicasChart(one(flash));
    const events = flash.autoscaling.events.filter((e) => e.kind === "workload");
    expect(events.length).toBeGreaterThan(0);
    expect(spec.marks.map((m) => [m.t, m.y])).toEqual(events.map((e) => [e.at, e.to]));
    expect(spec.marks[0]!.label).toContain(events[0]!.reason);
    expect(spec.lines.map((l) => l.id)).toEqual(["0/chat/desired", "0/chat/current", "0/chat/ready"]);
  });

  test("costSoFar bills every node from creation to removal: it ends at the run's total cost", () => {
    const t = flash.autoscaling.series.t;
    const cost = costSoFar(flash, t);
    expect(cost[cost.length - 1]).toBeCloseTo(flash.cost.total, 6);
    for (let k = 1; k < cost.length; k++) expect(cost[k]!).toBeGreaterThanOrEqual(cost[k - 1]!);
    const spec = nodesCostChart(one(flash));
    expect(spec.right?.label).toBe("cost so far ($)");
    expect(spec.marks.length).toBe(flash.autoscaling.events.filter((e) => e.kind === "node").length);
  });

  test("queueChart adds KV-cache usage on a share axis for LLM services only", () => {
    expect(queueChart(one(quick)).right).toBeUndefined();
    const spec = queueChart(one(flash));
    expect(spec.lines.map((l) => [l.id, l.axis])).toEqual([
      ["0/chat/queued", "left"],
      ["0/chat/kv", "right"],
    ]);
    expect(spec.right?.format(0.25)).toBe("25 %");
  });

  test("two runs overlay: the second run's lines are faint and labelled with its name", () => {
    const spec = loadChart([{ results: quick, label: "A" }, { results: pending, label: "B" }]);
    expect(spec.lines.map((l) => [l.label, l.faint])).toEqual([
      ["A: classifier offered", false],
      ["A: classifier served", false],
      ["B: embedder offered", true],
      ["B: embedder served", true],
    ]);
  });

  test("podSegments of a Ready pod lay its cold-start phases end to end up to Ready, then serving", () => {
    for (const p of flash.pods.filter((x) => x.coldStart !== null)) {
      const segs = podSegments(p, flash.simulatedTime);
      const cold = segs.filter((s) => s.phase !== "serving" && s.phase !== "terminating");
      for (let i = 1; i < cold.length; i++) expect(cold[i]!.start).toBeCloseTo(cold[i - 1]!.end, 9);
      expect(cold[0]!.start).toBe(p.timeline.created);
      expect(cold.at(-1)!.end).toBeCloseTo(p.timeline.ready!, 6);
      expect(cold.every((s) => PHASES.some((ph) => ph.key === s.phase))).toBe(true);
      expect(segs.find((s) => s.phase === "serving")?.start).toBe(p.timeline.ready);
    }
  });

  test("podSegments of a pod never scheduled is one wait from creation to the end of the run", () => {
    const p = pending.pods.find((x) => x.status === "Pending")!;
    expect(podSegments(p, pending.simulatedTime)).toEqual([{ phase: "scheduling", start: p.timeline.created, end: pending.simulatedTime }]);
  });

  test("timelineEvents lists every scale event and fault, each pod's placement, and Pending pods with the scheduler's message", () => {
    const events = timelineEvents(pending);
    expect(events.filter((e) => e.lane === "placement").map((e) => e.what)).toEqual(["embedder-0 → l4-1", "embedder-1 → l4-0", "embedder-2 Pending"]);
    expect(events.find((e) => e.what === "embedder-2 Pending")?.why).toContain("Insufficient nvidia.com/gpu");
    const flashEvents = timelineEvents(flash);
    expect(flashEvents.filter((e) => e.lane === "workload" || e.lane === "node")).toHaveLength(flash.autoscaling.events.length);
    for (let i = 1; i < flashEvents.length; i++) expect(flashEvents[i]!.at).toBeGreaterThanOrEqual(flashEvents[i - 1]!.at);
  });
});
