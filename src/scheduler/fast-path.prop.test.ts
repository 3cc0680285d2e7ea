import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import type { PodIx, PodSpec, Taint } from "../cluster/index.js";
import { addTemplate, bindPod, deletePod, PodPhase } from "../cluster/index.js";
import { miniCluster } from "../../test/support/mini-cluster.js";


/** The type of an arbitrary's values. */
type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;
const GiB = 2 ** 30;
const ZONE = "topology.kubernetes.io/zone";

const arbNode = fc.record({
  zone: fc.constantFrom("z1", "z2", "z3"),
  pool: fc.constantFrom("a", "b"),
  taint: fc.constantFrom("none", "none", "none", "gpu", "prefer"),
  // Few distinct sizes, so that resource scores often tie and the other plugins decide.
  cpu: fc.constantFrom(4, 8),
  gpus: fc.constantFrom(0, 0, 2, 4),
  image: fc.constantFrom(-1, -1, 0, 1),
});

const arbTemplate = fc.record({
  cpu: fc.constantFrom(0, 250, 500, 1500),
  memory: fc.constantFrom(0, 1, 4),
  gpus: fc.constantFrom(0, 0, 1),
  tolerates: fc.constantFrom("none", "gpu", "prefer", "all"),
  pool: fc.boolean(),
  prefer: fc.option(fc.constantFrom("z1", "z2"), { nil: undefined }),
  spread: fc.constantFrom("none", "zone-hard", "zone-soft", "host-soft"),
  owned: fc.boolean(),
  image: fc.constantFrom(0, 1, 2),
});

function spec(t: Value<typeof arbTemplate>, w: number): PodSpec {
  const labels = { app: `w${w}` };
  const requests: Record<string, number> = {};
  if (t.cpu > 0) requests["cpu"] = t.cpu;
  if (t.memory > 0) requests["memory"] = t.memory * GiB;
  if (t.gpus > 0) requests["nvidia.com/gpu"] = t.gpus;
  const tolerations = {
    none: [],
    gpu: [{ key: "nvidia.com/gpu", operator: "Exists" as const, effect: "NoSchedule" as const }],
    prefer: [{ key: "workload", operator: "Exists" as const }],
    all: [{ operator: "Exists" as const }],
  }[t.tolerates];
  const spread = {
    none: [],
    "zone-hard": [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule" as const, labelSelector: { matchLabels: labels } }],
    "zone-soft": [{ maxSkew: 2, topologyKey: ZONE, whenUnsatisfiable: "ScheduleAnyway" as const, labelSelector: { matchLabels: labels } }],
    "host-soft": [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway" as const, labelSelector: { matchLabels: labels } }],
  }[t.spread];
  return {
    labels,
    containers: [{ image: `registry.example.com/img-${t.image}:1`, requests }],
    tolerations,
    ...(t.pool ? { nodeSelector: { pool: "a" } } : {}),
    ...(t.prefer ? { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 40, preference: { matchExpressions: [{ key: ZONE, operator: "In" as const, values: [t.prefer] }] } }] } } } : {}),
    topologySpreadConstraints: spread,
  };
}

/**
 * The scheduler's fast path (no explanation: the skipping walk over cached verdicts, batched and
 * summed scores, DefaultNormalizeScore folded into weighting, zero-score plugins left out) against
 * the plain path that explains each decision (every node walked, every plugin scored node by
 * node): same node chosen, same count of nodes processed, same message, decision after decision
 * as pods are bound and deleted. Each path has its own framework, so its own caches.
 */
test.prop([fc.array(arbNode, { minLength: 100, maxLength: 160 }), fc.array(arbTemplate, { minLength: 1, maxLength: 4 }), fc.array(fc.record({ template: fc.nat(3), remove: fc.nat(9) }), { minLength: 1, maxLength: 80 })], {
  numRuns: 25,
})("the fast path makes the same decisions as the explained plain path", (nodes, templates, steps) => {
  const taints: Record<string, Taint[]> = { none: [], gpu: [{ key: "nvidia.com/gpu", effect: "NoSchedule" }], prefer: [{ key: "workload", value: "x", effect: "PreferNoSchedule" }] };
  const c = miniCluster(
    nodes.map((n, i) => ({
      name: `n${i}`,
      zone: n.zone,
      labels: { pool: n.pool },
      allocatable: { cpu: 1000 * n.cpu, memory: 16 * GiB, "nvidia.com/gpu": n.gpus },
      taints: taints[n.taint]!,
    })),
  );
  const ts = templates.map((t, w) => addTemplate(c.s, `w${w}`, t.owned ? w : -1, spec(t, w), () => 300 * 2 ** 20));
  nodes.forEach((n, i) => {
    if (n.image >= 0) c.s.images.store(c.node(`n${i}`), c.s.images.intern(`registry.example.com/img-${n.image}:1`, 300 * 2 ** 20), 0, Infinity);
  });
  const fast = c.framework();
  const plain = c.framework();
  let start = 0;
  const bound: PodIx[] = [];
  steps.forEach((step, k) => {
    if (step.remove === 0 && bound.length > 0) deletePod(c.s, bound.splice(k % bound.length, 1)[0]!, k);
    const t = ts[step.template % ts.length]!;
    const pod = c.pod(t);
    const a = c.cycle(fast, pod, { startIndex: start, seed: `s${k}` });
    const b = c.cycle(plain, pod, { startIndex: start, seed: `s${k}`, explain: true });
    expect([a.node?.name, a.processed, a.message, a.error]).toEqual([b.node?.name, b.processed, b.message, b.error]);
    start = (start + a.processed) % nodes.length;
    if (a.node) {
      bindPod(c.s, pod, a.node.ix, k);
      bound.push(pod);
    }
  });
  expect(bound.every((p) => c.s.pod.phase[p] === PodPhase.Bound)).toBe(true);
});
