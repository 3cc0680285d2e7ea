/**
 * The gallery's expected outcomes: each bundled use-case scenario run as shipped, with the SLO
 * verdicts, node counts and cost its header comment and docs/gallery.md state. A change to the
 * models that flips one of these outcomes fails here, and the header and the docs must follow.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { main } from "../../src/cli/main.js";
import { cronOf } from "../../src/manifests/import-fresh.js";
import { runPlan } from "../../src/planner/index.js";
import { parseScenario } from "../../src/scenario/index.js";
import type { WorkloadScaleEvent } from "../../src/autoscaling/events.js";
import type { Results } from "../../src/sim/index.js";
import { runScenario, runScenarioAsync } from "../../src/sim/index.js";
import { fileTraceIo } from "../../workers/file-traces.js";
import { loadPlanFile, repoRoot, traceIoOf } from "../support/plans.js";

const dir = join(repoRoot, "scenarios");
const text = (name: string) => readFileSync(join(dir, `${name}.yaml`), "utf8");

function parsed(name: string, edit: (t: string) => string = (t) => t) {
  const r = parseScenario(edit(text(name)), { file: `${name}.yaml` });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join("\n"));
  return r.scenario;
}
const run = (name: string, edit?: (t: string) => string): Results => runScenario(parsed(name, edit));
const runTrace = (name: string, edit?: (t: string) => string): Promise<Results> => runScenarioAsync(parsed(name, edit), { io: fileTraceIo(dir) });

/** "service objective" → pass/fail. */
const verdicts = (r: Results) => Object.fromEntries(r.slo.verdicts.map((v) => [`${v.service} ${v.objective}`, v.status]));
const svc = (r: Results, name: string) => r.services.find((s) => s.name === name)!;
const peakNodes = (r: Results) => Object.fromEntries(r.autoscaling.pools.map((p) => [p.name, p.peakNodes]));
const failingWindows = (r: Results) => r.sloWindows.windows.filter((w) => !w.pass).map((w) => [w.start, w.verdicts.filter((v) => v.status === "fail").map((v) => `${v.service} ${v.objective}`)]);
const workloadEvents = (r: Results, service: string): WorkloadScaleEvent[] => r.autoscaling.events.filter((e): e is WorkloadScaleEvent => e.kind === "workload" && e.service === service);

describe("image-recognition: HPA on CPU beside HPA on requests in flight", () => {
  const r = run("image-recognition");
  // The service time of one image, measured the same way at a load that never queues.
  const idle = run("image-recognition", (t) => t.replaceAll("base: 100/s, peak: 350/s", "base: 2/s, peak: 2/s").replace("duration: 20m", "duration: 4m"));
  const S = svc(idle, "by-inflight").latency.p50!;

  test("by-cpu fails its p99 while by-inflight passes both objectives", () => {
    expect(verdicts(r)).toEqual({
      "by-cpu latency.p99": "fail",
      "by-cpu rejectRate": "pass",
      "by-inflight latency.p99": "pass",
      "by-inflight rejectRate": "pass",
    });
    expect(svc(r, "by-cpu").latency.p99!).toBeGreaterThan(1);
    expect(svc(r, "by-inflight").latency.p99!).toBeLessThan(0.1);
  });

  test("CPU climbs one pod at a time to 6; requests in flight jump to 9 at once", () => {
    const cpuUps = workloadEvents(r, "by-cpu").filter((e) => e.to > e.from);
    expect(cpuUps.map((e) => [e.from, e.to])).toEqual([
      [3, 4],
      [4, 5],
      [5, 6],
    ]);
    const inflightUps = workloadEvents(r, "by-inflight").filter((e) => e.to > e.from);
    expect(inflightUps[0]!.at).toBeLessThan(cpuUps[0]!.at);
    expect(Math.max(...inflightUps.map((e) => e.to))).toBe(9);
    expect(r.autoscaling.services.find((s) => s.name === "by-cpu")!.peakReplicas).toBe(6);
  });

  test("the corrected formulas give what the simulation settles at", () => {
    expect(S).toBeCloseTo(0.01298, 4);
    const mu = 1 / S;
    // Instances: λ/μ is the count at 100 % busy; at ρ = 0.7, what the in-flight HPA settles at.
    expect(Math.ceil(350 / mu)).toBe(5);
    expect(Math.ceil(350 / (mu * 0.7))).toBe(7);
    expect(svc(r, "by-inflight").replicas.desired).toBe(7);
    // HPA: ⌈6 × cpu / 80⌉ with cpu = 10 % + 90 % × busy share stays 6 (within the tolerance).
    const cpu = 10 + 90 * ((350 * S) / 6);
    expect(Math.abs(cpu / 80 - 1)).toBeLessThanOrEqual(0.1);
    expect(svc(r, "by-cpu").replicas.desired).toBe(6);
    // Utilisation per resource; the node is as full as its fullest resource, not their product.
    const a = r.nodes[0]!.allocated;
    expect([a.cpu, a.memory, a.gpu]).toEqual([0.25, 0.25, 1]);
    expect(Math.max(a.cpu, a.memory, a.gpu!)).toBe(1);
    expect(a.cpu * a.memory * a.gpu!).toBe(0.0625);
  });

  test("16 T4 nodes, about $2.81", () => {
    expect(peakNodes(r)).toEqual({ t4: 16 });
    expect(r.cost.total).toBeGreaterThan(2.6);
    expect(r.cost.total).toBeLessThan(3.0);
  });
});

describe("ecommerce-festival, reactive and pre-scaled", () => {
  const reactive = run("ecommerce-festival");
  const prescaled = run("ecommerce-festival-prescaled");

  test("reactive: the recommender fails its p99 in the ramp, the assistant's TTFT crosses 2 s there", () => {
    expect(verdicts(reactive)).toEqual({
      "gateway latency.p99": "pass",
      "gateway rejectRate": "pass",
      "recommender latency.p99": "fail",
      "recommender rejectRate": "pass",
      "assistant ttft.p99": "pass",
      "assistant rejectRate": "pass",
    });
    expect(failingWindows(reactive)).toEqual([
      [600, ["recommender latency.p99", "assistant ttft.p99"]],
      [720, ["recommender latency.p99"]],
    ]);
    // The gateway is CPU-bound: its CPU HPA scales in the ramp.
    expect(workloadEvents(reactive, "gateway").some((e) => e.to > e.from && e.at >= 480 && e.at <= 720)).toBe(true);
  });

  test("reactive: about 16 nodes at the peak, $6–7", () => {
    expect(peakNodes(reactive)).toEqual({ cpu: 1, l4: 10, l40s: 5 });
    expect(reactive.cost.total).toBeGreaterThan(6);
    expect(reactive.cost.total).toBeLessThan(7);
  });

  test("pre-scaled: the cron triggers raise the minimums before the sale, and every SLO holds in every window", () => {
    expect(prescaled.slo.pass).toBe(true);
    expect(prescaled.sloWindows.windows.every((w) => w.pass)).toBe(true);
    const firstUp = (service: string) => workloadEvents(prescaled, service).find((e) => e.to > e.from)!;
    expect([firstUp("assistant").at, firstUp("assistant").controller, firstUp("assistant").to]).toEqual([180, "keda", 3]);
    expect([firstUp("recommender").at, firstUp("recommender").controller]).toEqual([300, "keda"]);
    expect(firstUp("recommender").reason).toMatch(/cron-0 above target/);
    // Nodes are Ready before the sale opens at 8m.
    const l4Added = prescaled.autoscaling.events.filter((e) => e.kind === "node" && e.pool === "l4" && e.to > e.from && e.at < 480);
    expect(l4Added.length).toBeGreaterThan(0);
  });

  test("pre-scaled: fewer nodes at the peak and a lower cost than reacting", () => {
    expect(peakNodes(prescaled)).toEqual({ cpu: 1, l4: 8, l40s: 3 });
    expect(prescaled.cost.total).toBeLessThan(reactive.cost.total);
    expect(prescaled.cost.total).toBeGreaterThan(5.4);
  });

  test("the schedule is exported as KEDA cron triggers, daily in Etc/UTC", async () => {
    let out = "";
    const code = await main(["export", join(dir, "ecommerce-festival-prescaled.yaml")], { stdout: (t) => void (out += t), stderr: () => {}, isTTY: false });
    expect(code).toBe(0);
    expect(out).toContain(["    - type: cron", "      metadata:", "        timezone: Etc/UTC", "        start: 5 0 * * *", "        end: 20 0 * * *", '        desiredReplicas: "8"'].join("\n"));
  });

  test("import reads daily Etc/UTC cron triggers back, and leaves others out", () => {
    const trigger = (timezone: string, start: string) => ({ type: "cron", metadata: { timezone, start, end: "20 0 * * *", desiredReplicas: "8" } });
    expect(cronOf(trigger("Etc/UTC", "5 0 * * *"))).toEqual({ start: 300, end: 1200, desiredReplicas: 8 });
    expect(cronOf(trigger("Etc/UTC", "30 23 * * *"))).toEqual({ start: 23 * 3600 + 1800, end: 1200, desiredReplicas: 8 });
    expect(cronOf(trigger("Europe/Paris", "5 0 * * *"))).toBeUndefined();
    expect(cronOf(trigger("Etc/UTC", "5 0 * * 1-5"))).toBeUndefined();
  });

  test("a schedule must fall on whole minutes", () => {
    const r = parseScenario(text("ecommerce-festival-prescaled").replace("start: 5m, end: 20m", "start: 5m30s, end: 20m"), { file: "p.yaml" });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.message)).toContain("expected a whole minute (a cron schedule has minute resolution), got 330s");
  });
});

describe("medical-imaging: the urgent service preempts the batch one", () => {
  const r = run("medical-imaging");

  test("every SLO passes; the urgent p99 stays under 100 ms through the surge", () => {
    expect(r.slo.pass).toBe(true);
    expect(r.sloWindows.windows.every((w) => w.pass)).toBe(true);
    expect(svc(r, "urgent").latency.p99!).toBeLessThan(0.1);
  });

  test("two batch pods are preempted, below the PDB's minAvailable of 3", () => {
    expect(r.scheduler.preempted).toBe(2);
    expect(svc(r, "urgent").replicas).toMatchObject({ desired: 4, ready: 4 });
    expect(svc(r, "batch").replicas).toMatchObject({ desired: 4, ready: 2, pending: 2 });
    const pending = r.pods.filter((p) => p.service === "batch" && p.status === "Pending");
    expect(pending.map((p) => p.pendingReason)).toEqual(Array(2).fill(expect.stringContaining("preemption: not eligible due to preemptionPolicy=Never")));
  });

  test("6 L4 nodes, about $1.61", () => {
    expect(peakNodes(r)).toEqual({ l4: 6 });
    expect(r.cost.total).toBeCloseTo(1.61, 1);
  });
});

describe("finance-zone-outage", () => {
  const r = run("finance-zone-outage");

  test("the p99 holds; the error budget is spent in the outage minute", () => {
    expect(verdicts(r)).toEqual({ "risk latency.p99": "pass", "risk errorRate": "fail" });
    expect(svc(r, "risk").latency.p99!).toBeLessThan(0.02);
    expect(svc(r, "risk").errorRate!).toBeGreaterThan(0.01);
    expect(failingWindows(r)).toEqual([[480, ["risk errorRate"]]]);
  });

  test("the replacements start in the surviving zone; three nodes are lost", () => {
    const zoneOf = new Map(r.nodes.map((n) => [n.name, n.zone]));
    const replacements = r.pods.filter((p) => p.timeline.created > 480);
    expect(replacements).toHaveLength(3);
    for (const p of replacements) expect(zoneOf.get(p.node!)).toBe("us-east-1a");
    expect(r.nodes.filter((n) => n.status === "Removed").map((n) => n.zone)).toEqual(["us-east-1b", "us-east-1b", "us-east-1b"]);
    expect(r.cost.total).toBeCloseTo(1.27, 1);
  });

  test("the run's table names the failing window with the error rate as a fraction", async () => {
    let out = "";
    const code = await main(["run", join(dir, "finance-zone-outage.yaml")], { stdout: (t) => void (out += t), stderr: () => {}, isTTY: false });
    expect(code).toBe(3);
    expect(out).toMatch(/\n {2}8m–9m: risk errorRate 0\.\d{4} > 0\.001\n/);
  });

  test("round-robin routing fails fewer requests than least-request, which favours the dead pods", () => {
    const rr = run("finance-zone-outage", (t) => t.replace("policy: least-request", "policy: round-robin"));
    expect(svc(rr, "risk").errorRate!).toBeLessThan(svc(r, "risk").errorRate! / 2);
  });
});

describe("education-lectures: a campus day, scaled to zero at night", () => {
  const r = run("education-lectures");

  test("the morning cold start and the lecture peaks fail the SLOs", () => {
    expect(verdicts(r)).toEqual({ "grader latency.p99": "fail", "grader rejectRate": "fail" });
    expect(failingWindows(r).map(([start]) => start)).toEqual([7.5 * 3600, 11 * 3600, 14 * 3600]);
    expect(svc(r, "grader").requests.rejected).toBeGreaterThan(0);
  });

  test("no pod and no node at night; at most three nodes, a quarter of a fixed fleet's cost", () => {
    expect(svc(r, "grader").replicas.desired).toBe(0);
    const scaledToZero = workloadEvents(r, "grader").filter((e) => e.to === 0);
    expect(scaledToZero.map((e) => e.at)).toEqual([23 * 3600 + 15 * 60]);
    expect(peakNodes(r)).toEqual({ t4: 3 });
    const nodeHours = r.cost.pools[0]!.nodeHours;
    expect(nodeHours).toBeGreaterThan(17);
    expect(nodeHours).toBeLessThan(19.5);
    expect(r.cost.total).toBeLessThan(0.3 * 3 * 24 * r.cost.pools[0]!.pricePerHour);
  });
});

describe("the LLM trace replays", () => {
  test("azure-conv-trace: chat on eight L4s passes every objective, $6.44 for the hour", async () => {
    const r = await runTrace("azure-conv-trace");
    expect(r.slo.pass).toBe(true);
    expect(svc(r, "chat").ttft!.p99!).toBeLessThan(2);
    expect(peakNodes(r)).toEqual({ l4: 8 });
    expect(r.cost.total).toBeCloseTo(6.44, 1);
  });

  test("azure-code-trace: two H100s pass; four L4s miss the TTFT by far", async () => {
    const r = await runTrace("azure-code-trace");
    expect(verdicts(r)).toEqual({ "completion latency.p99": "pass", "completion ttft.p99": "pass" });
    expect(peakNodes(r)).toEqual({ h100: 2 });
    expect(r.cost.total).toBeCloseTo(13.76, 1);
    const l4 = await runTrace("azure-code-trace", (t) => t.replace("type: h100-sxm, count: 1 }\n      cpu: 16\n      memory: 96Gi\n      count: 2", "type: l4, count: 1 }\n      cpu: 8\n      memory: 32Gi\n      count: 4").replace("replicas: 2", "replicas: 4"));
    expect(verdicts(l4)).toEqual({ "completion latency.p99": "fail", "completion ttft.p99": "fail" });
    expect(svc(l4, "completion").ttft!.p99!).toBeGreaterThan(10);
  });

  test("mooncake-trace: prefix-aware routing cuts the TTFT against least-request; the 5 s p99 still fails", async () => {
    const prefix = await runTrace("mooncake-trace");
    expect(verdicts(prefix)).toEqual({ "kimi latency.p99": "pass", "kimi ttft.p99": "fail" });
    expect(peakNodes(prefix)).toEqual({ h100: 2 });
    const least = await runTrace("mooncake-trace", (t) => t.replace("policy: prefix-aware", "policy: least-request"));
    expect(svc(prefix, "kimi").ttft!.p50!).toBeLessThan(svc(least, "kimi").ttft!.p50! / 3);
    expect(svc(prefix, "kimi").ttft!.p99!).toBeLessThan(svc(least, "kimi").ttft!.p99!);
  });
});

describe("plans/gpu-per-dollar.yaml: L4 vs L40S vs H100 for code completion", () => {
  test("three H100s are the cheapest configuration meeting the SLOs; no count of L4s or L40S up to eight does", async () => {
    const file = join(repoRoot, "plans/gpu-per-dollar.yaml");
    const plan = loadPlanFile(file);
    const r = await runPlan(plan, { io: traceIoOf(file, plan) });
    expect(r.winner?.values).toEqual({ "cluster.nodePools[gpu].gpu.type": "h100-sxm", "services[completion].replicas": 3 });
    expect(r.winner?.cost).toBeCloseTo(5.16, 2);
    const passing = r.candidates.filter((c) => c.status === "passed" || c.status === "implied-pass");
    expect(new Set(passing.map((c) => c.values["cluster.nodePools[gpu].gpu.type"]))).toEqual(new Set(["h100-sxm"]));
    // The rule of thumb (λ ÷ per-replica rate × 1.2) says one replica; the simulation needs three.
    expect(r.ruleOfThumb[0]).toMatchObject({ replicas: 1, simulated: "3" });
  }, 120_000);
});
