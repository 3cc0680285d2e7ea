import { describe, expect, test } from "vitest";
import { InvariantError } from "../engine/index.js";
import { createNodeOrder, zoneKey } from "./node-order.js";
import { nodeView, whatIfView } from "./node-view.js";
import { createResourceIndex } from "./resources.js";
import { toLabels } from "./selectors.js";
import type { NodeIx } from "./state.js";
import { addNode, createClusterState, registerNode, removeNode } from "./state.js";
import { bindPod, createPod, deletePod, markTerminating, overCommit } from "./pods.js";
import { PodPhase } from "./phases.js";
import { podsOfTemplate, podsOfTemplateByDomain } from "./template-counts.js";
import { addTemplate } from "./template.js";

function cluster(nodes: number, zones: string[] = []) {
  const s = createClusterState(createResourceIndex(["nvidia.com/gpu"]));
  const row = new Float64Array(s.resources.width);
  row[s.resources.id("cpu")] = 1000;
  row[s.resources.id("nvidia.com/gpu")] = 1;
  const ids: NodeIx[] = [];
  for (let i = 0; i < nodes; i++) {
    const labels = toLabels({ "kubernetes.io/hostname": `n${i}`, ...(zones.length ? { "topology.kubernetes.io/zone": zones[i % zones.length]! } : {}) });
    const n = addNode(s, { name: `n${i}`, pool: 0, allocatable: row, maxPods: 2, labels, taints: [] }, 0);
    registerNode(s, n, 0);
    ids.push(n);
  }
  const gpu = addTemplate(s, "gpu", 0, { containers: [{ requests: { cpu: 400, "nvidia.com/gpu": 1 } }] });
  const cpu = addTemplate(s, "cpu", 1, { containers: [{ requests: { cpu: 400 } }] });
  return { s, ids, gpu: gpu.id, cpu: cpu.id };
}

describe("cluster state", () => {
  test("bindPod adds the pod's requests to its node and deletePod takes them back", () => {
    const { s, ids, gpu } = cluster(1);
    const pod = createPod(s, gpu, "p", 0);
    bindPod(s, pod, ids[0]!, 1);
    const v = nodeView(s, ids[0]!);
    expect([v.requested[s.resources.id("cpu")], v.requested[s.resources.id("nvidia.com/gpu")], v.podCount]).toEqual([400, 1, 1]);
    expect(v.pods()).toEqual([pod]);
    deletePod(s, pod, 2);
    expect([v.requested[s.resources.id("cpu")], v.podCount, s.pod.phase[pod]]).toEqual([0, 0, PodPhase.Deleted]);
  });

  test("bindPod refuses to over-commit a node, to bind twice, or to bind to a node that is not Ready", () => {
    const { s, ids, gpu, cpu } = cluster(1);
    const a = createPod(s, gpu, "a", 0);
    bindPod(s, a, ids[0]!, 0);
    expect(() => bindPod(s, a, ids[0]!, 0)).toThrow(InvariantError);
    const b = createPod(s, gpu, "b", 0);
    expect(overCommit(s, b, ids[0]!)).toBe("nvidia.com/gpu");
    expect(() => bindPod(s, b, ids[0]!, 0)).toThrow(/over-commit nvidia.com\/gpu/);
    const c = createPod(s, cpu, "c", 0);
    bindPod(s, c, ids[0]!, 0);
    const d = createPod(s, cpu, "d", 0);
    expect(overCommit(s, d, ids[0]!)).toBe("pods");
    const booting = addNode(s, { name: "x", pool: 0, allocatable: new Float64Array(s.resources.width).fill(1e9), maxPods: 9, labels: toLabels({}), taints: [] }, 0);
    expect(() => bindPod(s, d, booting, 0)).toThrow(/not Ready/);
  });

  test("a node with pods on it cannot be removed; an empty one leaves the scheduling order", () => {
    const { s, ids, cpu } = cluster(2);
    const pod = createPod(s, cpu, "p", 0);
    bindPod(s, pod, ids[0]!, 0);
    expect(() => removeNode(s, ids[0]!, 1)).toThrow(/removed with 1 pods/);
    removeNode(s, ids[1]!, 1);
    expect(s.order.list()).toEqual([ids[0]]);
  });

  test("per-template counts per node and per zone follow binds, terminations and deletions", () => {
    const { s, ids, cpu } = cluster(4, ["a", "b"]);
    const byNode = podsOfTemplate(s, cpu);
    const byZone = podsOfTemplateByDomain(s, cpu, "topology.kubernetes.io/zone");
    const pods = [0, 1, 2].map((i) => createPod(s, cpu, `p${i}`, 0));
    bindPod(s, pods[0]!, ids[0]!, 0);
    bindPod(s, pods[1]!, ids[2]!, 0);
    bindPod(s, pods[2]!, ids[1]!, 0);
    expect([...podsOfTemplate(s, cpu).slice(0, 4)]).toEqual([1, 1, 1, 0]);
    expect(Object.fromEntries(byZone)).toEqual({ a: 2, b: 1 });
    markTerminating(s, pods[0]!, 1);
    expect(podsOfTemplate(s, cpu)[ids[0]!]).toBe(0);
    expect(byZone.get("a")).toBe(1);
    deletePod(s, pods[0]!, 2);
    deletePod(s, pods[1]!, 2);
    expect(Object.fromEntries(byZone)).toEqual({ a: 0, b: 1 });
    expect(byNode).toBeDefined();
  });

  test("a what-if view shows the node without some pods and with others, leaving the node unchanged", () => {
    const { s, ids, cpu, gpu } = cluster(1);
    const a = createPod(s, gpu, "a", 0);
    bindPod(s, a, ids[0]!, 0);
    const b = createPod(s, cpu, "b", 0);
    const live = nodeView(s, ids[0]!);
    const v = whatIfView(s, live, [a], [b]);
    const col = s.resources.id("nvidia.com/gpu");
    expect([v.requested[col], v.podCount, v.pods(), v.countOf(gpu), v.countOf(cpu)]).toEqual([0, 1, [b], 0, 1]);
    expect([live.requested[col], live.podCount]).toEqual([1, 1]);
  });
});

describe("node order", () => {
  test("nodes are walked with zones interleaved, each zone in join order", () => {
    const o = createNodeOrder();
    const z = (n: string) => zoneKey(undefined, n);
    [["a", 0], ["a", 1], ["b", 2], ["c", 3], ["b", 4], ["a", 5]].forEach(([zone, n]) => o.add(n as number, z(zone as string)));
    expect(o.list()).toEqual([0, 2, 3, 1, 4, 5]);
    o.remove(3, z("c"));
    o.remove(0, z("a"));
    expect(o.list()).toEqual([1, 2, 5, 4]);
    expect(() => o.remove(9, z("a"))).toThrow();
  });
});
