import { describe, expect, test } from "vitest";
import { miniCluster } from "../../../../test/support/mini-cluster.js";
import { createCycleState } from "../../cycle.js";
import type { Status } from "../../framework.js";
import type { PodSpec } from "../../../cluster/index.js";
import { setUnschedulable } from "../../../cluster/index.js";

/** Filter verdicts of one plugin for a pod over nodes a (zone x, gpu), b (zone y), c (cordoned). */
function verdicts(plugin: string, spec: Partial<PodSpec>, config: Parameters<ReturnType<typeof miniCluster>["framework"]>[0] = {}): Record<string, Status | "skip"> {
  const c = miniCluster([{ name: "a", zone: "x", labels: { gpu: "yes" } }, { name: "b", zone: "y" }, { name: "c", zone: "y" }]);
  setUnschedulable(c.s, c.node("c"), true);
  const t = c.template("t", 0, { containers: [{}], ...spec });
  const fw = c.framework(config);
  const p = fw.filter.find((x) => x.name === plugin)!;
  const pod = { ix: c.pod(t), template: t };
  const cx = { state: createCycleState() };
  if (p.preFilter?.(cx, pod)?.code === "Skip") return { all: "skip" };
  return Object.fromEntries(c.views().map((n) => [n.name, p.filter!(cx, pod, n)]));
}

describe("node filters", () => {
  test("NodeAffinity admits nodes matching the nodeSelector and any required term", () => {
    const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "gpu", operator: "Exists" as const }] }, { matchFields: [{ key: "metadata.name", operator: "In" as const, values: ["c"] }] }] } } };
    const r = verdicts("NodeAffinity", { affinity });
    expect(r).toEqual({ a: undefined, b: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match Pod's node affinity/selector"] }, c: undefined });
    expect(verdicts("NodeAffinity", { nodeSelector: { "topology.kubernetes.io/zone": "y" } })["a"]).toMatchObject({ code: "UnschedulableAndUnresolvable" });
    expect(verdicts("NodeAffinity", {})).toEqual({ all: "skip" });
  });

  test("NodeAffinity enforces the profile's addedAffinity with its own reason", () => {
    const addedAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In" as const, values: ["x"] }] }] } };
    const r = verdicts("NodeAffinity", {}, { pluginConfig: [{ name: "NodeAffinity", args: { addedAffinity } }] });
    expect(r["a"]).toBeUndefined();
    expect(r["b"]).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match scheduler-enforced node affinity"] });
  });

  test("NodeUnschedulable keeps pods off cordoned nodes unless they tolerate the unschedulable taint", () => {
    expect(verdicts("NodeUnschedulable", {})).toEqual({ a: undefined, b: undefined, c: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) were unschedulable"] } });
    expect(verdicts("NodeUnschedulable", { tolerations: [{ key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" }] })["c"]).toBeUndefined();
  });

  test("NodeName admits only the named node, and is skipped for pods that name none", () => {
    expect(verdicts("NodeName", { nodeName: "b" })).toEqual({
      a: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match the requested node name"] },
      b: undefined,
      c: { code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match the requested node name"] },
    });
    expect(verdicts("NodeName", {})).toEqual({ all: "skip" });
  });
});
