import { describe, expect, test } from "vitest";
import { createStreams } from "../engine/index.js";
import { miniCluster } from "../../test/support/mini-cluster.js";
import { fitErrorMessage } from "./fit-error.js";
import { Code } from "./framework.js";
import { selectHost } from "./prioritize.js";
import { numFeasibleNodesToFind } from "./schedule-one.js";

describe("numFeasibleNodesToFind", () => {
  test.each([
    [0, 50, 50],
    [0, 99, 99],
    [0, 100, 100],
    [0, 1000, 420],
    [0, 5000, 500],
    [0, 6000, 300],
    [0, 100_000, 5000],
    [100, 5000, 5000],
    [10, 500, 100],
    [30, 1000, 300],
  ])("percentage %i of %i nodes → %i", (p, n, expected) => {
    expect(numFeasibleNodesToFind(p, n)).toBe(expected);
  });
});

describe("selectHost", () => {
  test("selectHost picks the highest total, and every tied node about equally often", () => {
    const stream = createStreams(1)("scheduler/select-host");
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[selectHost(Float64Array.of(5, 9, 9, 9), stream)]! += 1;
    expect(counts[0]).toBe(0);
    for (const c of counts.slice(1)) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(selectHost(Float64Array.of(1, 2, 3), stream)).toBe(2);
  });
});

describe("fit error", () => {
  test("fitErrorMessage counts each reason over the nodes and sorts the strings", () => {
    const insufficient = { code: Code.Unschedulable, reasons: ["Insufficient cpu", "Insufficient memory"] };
    const taint = { code: Code.UnschedulableAndUnresolvable, reasons: ["node(s) had untolerated taint(s)"] };
    expect(fitErrorMessage(12, [insufficient, insufficient, ...Array(10).fill(taint)])).toBe(
      "0/12 nodes are available: 10 node(s) had untolerated taint(s), 2 Insufficient cpu, 2 Insufficient memory.",
    );
  });
});

describe("scheduleOne", () => {
  const nodes = Array.from({ length: 200 }, (_, i) => ({ name: `n${i}` }));

  test("with 200 nodes the adaptive share stops after 100 feasible nodes and reports where to start next", () => {
    const c = miniCluster(nodes);
    const t = c.template("web", 0, { containers: [{ requests: { cpu: 100 } }] });
    const r = c.cycle(c.framework(), c.pod(t), { explain: true, startIndex: 150 });
    expect(r.processed).toBe(100);
    expect(r.explain!.nodesEvaluated).toBe(100);
    expect(r.explain!.filters[0]!.node).toBe("n150");
    expect(r.explain!.scores.length).toBe(100);
    const all = c.cycle(c.framework({ percentageOfNodesToScore: 100 }), c.pod(t), { explain: true });
    expect(all.processed).toBe(200);
  });

  test("a node that fails a filter is never chosen, whatever it would score", () => {
    const c = miniCluster([{ name: "big", allocatable: { cpu: 64000 } }, { name: "small", allocatable: { cpu: 500 } }]);
    const t = c.template("web", 0, { containers: [{ requests: { cpu: 1000 } }] });
    for (let i = 0; i < 20; i++) expect(c.cycle(c.framework(), c.pod(t), { seed: `s${i}` }).node?.name).toBe("big");
  });

  test("one feasible node is chosen without scoring; none gives the FailedScheduling message", () => {
    const c = miniCluster([{ name: "a", allocatable: { "nvidia.com/gpu": 1 } }, { name: "b" }]);
    const gpu = c.template("gpu", 0, { containers: [{ requests: { "nvidia.com/gpu": 1 } }] });
    const r = c.cycle(c.framework(), c.pod(gpu), { explain: true });
    expect(r.node?.name).toBe("a");
    expect(r.explain!.note).toBe("one feasible node: chosen without scoring");
    c.place(gpu, "a");
    expect(c.cycle(c.framework(), c.pod(gpu)).message).toBe(
      "0/2 nodes are available: 2 Insufficient nvidia.com/gpu. preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, 1 Preemption is not helpful for scheduling.",
    );
  });

  test("the explanation gives each plugin's raw, normalised and weighted score, summing to the total", () => {
    const c = miniCluster([{ name: "a" }, { name: "b", taints: [{ key: "k", effect: "PreferNoSchedule" }] }]);
    const t = c.template("web", 0, { containers: [{ requests: { cpu: 1000, memory: 2 ** 30 } }] });
    const e = c.cycle(c.framework(), c.pod(t), { explain: true }).explain!;
    const taint = e.plugins.findIndex((p) => p.name === "TaintToleration");
    expect(e.scores.map((s) => s.plugins[taint])).toEqual([
      { raw: 0, normalized: 100, weighted: 300 },
      { raw: 1, normalized: 0, weighted: 0 },
    ]);
    for (const s of e.scores) expect(s.plugins.reduce((a, p) => a + p.weighted, 0)).toBe(s.total);
    expect(e.chosen).toBe("a");
  });
});

describe("the skipping walk", () => {
  test("wraps around when the start lies past the last node the node-spec filters admit", () => {
    const nodes = Array.from({ length: 200 }, (_, i) => ({ name: `n${i}`, ...(i >= 150 ? { taints: [{ key: "k", effect: "NoSchedule" as const }] } : {}) }));
    const c = miniCluster(nodes);
    const t = c.template("web", 0, { containers: [{ requests: { cpu: 100 } }] });
    const fw = c.framework();
    for (const start of [0, 120, 149, 150, 180, 199]) {
      const fast = c.cycle(fw, c.pod(t), { startIndex: start, seed: `s${start}` });
      const plain = c.cycle(fw, c.pod(t), { startIndex: start, seed: `s${start}`, explain: true });
      expect([fast.node?.name, fast.processed]).toEqual([plain.node?.name, plain.processed]);
      expect(fast.node).not.toBeNull();
    }
  });
});
