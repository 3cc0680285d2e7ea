import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { formatIssue } from "../scenario/index.js";
import { loadPlan } from "./load.js";
import { buildScenario, coordsOf } from "./space.js";

const scenario = readFileSync(new URL("../../test/planner/classifier.yaml", import.meta.url), "utf8");
const plan = (body: string, scenarios: Record<string, string> = { "s.yaml": scenario }) =>
  loadPlan({
    file: "p.yaml",
    text: `apiVersion: servesim/v1\nkind: Plan\nmetadata: { name: p }\nscenarios: [s.yaml]\n${body}`,
    scenarios: Object.fromEntries(Object.entries(scenarios).map(([k, text]) => [k, { text }])),
  });
const issues = (body: string, scenarios?: Record<string, string>) => {
  const r = plan(body, scenarios);
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe("loadPlan", () => {
  test("reads axes (monotone ones ordered by capacity), links and seeds", () => {
    const r = plan("seeds: 3\nvary:\n  services[classifier].replicas: 1..4\n  services[classifier].model.concurrency: [4, 1, 2]\n  cluster.nodePools[gpu].gpu.type: [t4, l4]\n");
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    expect(r.plan.axes.map((a) => [a.address, a.values, a.monotone])).toEqual([
      ["services[classifier].replicas", [1, 2, 3, 4], "increasing"],
      ["services[classifier].model.concurrency", [4, 1, 2], null],
      ["cluster.nodePools[gpu].gpu.type", ["t4", "l4"], null],
    ]);
    expect(r.plan.candidates).toBe(24);
    expect(r.plan.seeds).toEqual(["1/0", "1/1", "1/2"]);
  });

  test("a decreasing axis holds its values from least to most capacity; ranges take steps and factors", () => {
    const r = plan('vary:\n  services[classifier].model.queueLimit: { values: "8..64 x2", monotone: decreasing }\n  services[classifier].replicas: "2..8 by 3"\n');
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    expect(r.plan.axes.map((a) => a.values)).toEqual([[64, 32, 16, 8], [2, 5, 8]]);
  });

  test("the hash covers the plan and its scenarios' texts, not their file names", () => {
    const a = plan("vary:\n  services[classifier].replicas: 1..4\n");
    const b = loadPlan({ file: "q.yaml", text: "apiVersion: servesim/v1\nkind: Plan\nmetadata: { name: p }\nscenarios: [other.yaml]\nvary:\n  services[classifier].replicas: 1..4\n", scenarios: { "other.yaml": { text: scenario } } });
    const c = plan("vary:\n  services[classifier].replicas: 1..4\n", { "s.yaml": scenario.replace("150/s", "151/s") });
    if (!a.ok || !b.ok || !c.ok) throw new Error("plans do not load");
    expect(b.plan.hash).toBe(a.plan.hash);
    expect(c.plan.hash).not.toBe(a.plan.hash);
  });

  test("bad plans: every problem located in the plan file, with what was expected", () => {
    expect(issues("objectve: cost\nvary:\n  services[classifier].replicas: 1..4\n")).toMatchInlineSnapshot(`
      [
        "p.yaml:5:1 objectve: unknown field "objectve" (did you mean "objective"?)",
      ]
    `);
    expect(issues("vary:\n  services[clasifier].replicas: 1..4\n  services[classifier].model.concurrency: [1, two]\n  cluster.nodePools[gpu].count: [a, b]\n")).toMatchInlineSnapshot(`
      [
        "p.yaml:6:33 vary["services[clasifier].replicas"]: s.yaml: services has no item named "clasifier" (names: classifier)",
        "p.yaml:8:33 vary["cluster.nodePools[gpu].count"]: a monotone axis takes numbers (cluster.nodePools[gpu].count is monotone by default: set monotone: false to vary it freely)",
      ]
    `);
    expect(issues("vary:\n  services[classifier].model.concurrency: [1, 5000]\n  services[classifier].replicas: 4..2\n")).toMatchInlineSnapshot(`
      [
        "p.yaml:7:34 vary["services[classifier].replicas"]: invalid range "4..2": expected the first value at most the last",
      ]
    `);
    expect(issues("vary:\n  services[classifier].replicas: 1..4\n", {})).toEqual(["p.yaml:4:13 scenarios[0]: cannot read scenario s.yaml"]);
    expect(issues("vary:\n  services[classifier].replicas: 1..10000\n  services[classifier].model.concurrency: 1..4096\n")).toEqual([
      "p.yaml:6:3 vary: expected at most 1000000 candidates, got 40960000 (the product of the value counts)",
    ]);
    expect(issues("vary:\n  services[classifier].replicas: [1, 2\n")).toEqual(["p.yaml:7:1 (root): invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]"]);
    expect(issues("link:\n  - { from: \"services[classifier].nope\", set: \"services[classifier].replicas\" }\nvary:\n  services[classifier].replicas: 1..2\n")).toEqual([
      "p.yaml:6:13 link[0].from: s.yaml: services[classifier].nope is not in the scenario (nor does the plan vary it)",
    ]);
  });

  test("an invalid combination is a candidate's problem, reported in words, not a crash", () => {
    const hpa = scenario.replace("    replicas: 2\n", "    replicas: 2\n    autoscaling: { kind: hpa, minReplicas: 1, maxReplicas: 4, metrics: [{ type: Pods, pods: { metric: { name: requests_in_flight }, target: { type: AverageValue, averageValue: 4 } } }] }\n");
    const r = plan("vary:\n  services[classifier].autoscaling.minReplicas: 1..4\n  services[classifier].autoscaling.maxReplicas: [2, 4]\n", { "s.yaml": hpa });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    const s = r.plan.scenarios[0]!;
    const build = (index: number) => buildScenario(s.raw, s.file, r.plan.axes, coordsOf(r.plan.axes, index), r.plan.links);
    expect(build(6)).toEqual({ ok: false, problems: ["s.yaml services[0].autoscaling.minReplicas: expected minReplicas at most maxReplicas (2), got 4"] });
    expect(build(7)).toMatchObject({ ok: true });
    expect(() => plan("vary:\n  services[classifier].autoscaling.minReplicas: 1..5\n  services[classifier].autoscaling.maxReplicas: [2, 4]\n", { "s.yaml": hpa })).not.toThrow();
    expect(issues("vary:\n  services[classifier].autoscaling.minReplicas: 1..5\n  services[classifier].autoscaling.maxReplicas: [2, 4]\n", { "s.yaml": hpa })).toEqual([
      "p.yaml:6:49 vary[\"services[classifier].autoscaling.minReplicas\"]: value 5: s.yaml: services[0].autoscaling.minReplicas: expected minReplicas at most maxReplicas (2), got 5",
    ]);
  });
});
