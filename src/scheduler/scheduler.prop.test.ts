import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import type { PodSpec, Taint, Toleration } from "../cluster/index.js";
import { bindPod, createPod, findUntoleratedTaint, isDoNotSchedule, matchesRequiredAffinity, Res } from "../cluster/index.js";
import { createEngine, createStreams } from "../engine/index.js";
import { miniCluster } from "../../test/support/mini-cluster.js";
import { profileSchema } from "./profile.js";
import { inTreeRegistry } from "./registry.js";
import { createScheduler } from "./scheduler.js";

const taints: Taint[] = [
  { key: "gpu", effect: "NoSchedule" },
  { key: "spot", value: "true", effect: "PreferNoSchedule" },
  { key: "old", effect: "NoExecute" },
];
const tolerations: Toleration[] = [{ key: "gpu", operator: "Exists" }, { key: "spot", value: "true", effect: "PreferNoSchedule" }, { operator: "Exists" }];

const arbNode = fc.record({
  cpu: fc.integer({ min: 500, max: 16_000 }),
  gpus: fc.integer({ min: 0, max: 4 }),
  zone: fc.constantFrom("a", "b", "c"),
  tier: fc.constantFrom("1", "2"),
  taints: fc.subarray(taints),
  maxPods: fc.integer({ min: 1, max: 10 }),
  images: fc.subarray(["img-a", "img-b"]),
});

const arbTemplate = fc.record({
  cpu: fc.option(fc.integer({ min: 0, max: 4000 }), { nil: undefined }),
  gpus: fc.integer({ min: 0, max: 2 }),
  tolerations: fc.subarray(tolerations),
  selector: fc.option(fc.constantFrom("1", "2"), { nil: undefined }),
  preferred: fc.option(fc.constantFrom("a", "b"), { nil: undefined }),
  spread: fc.constantFrom("none", "zone-hard", "host-soft"),
  image: fc.constantFrom("img-a", "img-b", "img-c"),
  priority: fc.constantFrom(0, 0, 100),
  pods: fc.integer({ min: 1, max: 6 }),
});

const arbWorld = fc.record({
  nodes: fc.array(arbNode, { minLength: 1, maxLength: 25 }),
  templates: fc.array(arbTemplate, { minLength: 1, maxLength: 4 }),
  percentage: fc.constantFrom(0, 30, 100),
  seed: fc.nat(),
});

type World = typeof arbWorld extends fc.Arbitrary<infer W> ? W : never;

function specOf(t: World["templates"][number], i: number): PodSpec {
  return {
    labels: { app: `t${i}` },
    containers: [{ image: t.image, requests: { ...(t.cpu !== undefined ? { cpu: t.cpu } : {}), ...(t.gpus > 0 ? { "nvidia.com/gpu": t.gpus } : {}) } }],
    tolerations: t.tolerations,
    priority: t.priority,
    ...(t.selector ? { nodeSelector: { tier: t.selector } } : {}),
    ...(t.preferred ? { affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In", values: [t.preferred] }] } }] } } } : {}),
    topologySpreadConstraints:
      t.spread === "zone-hard"
        ? [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { app: `t${i}` } } }]
        : t.spread === "host-soft"
          ? [{ maxSkew: 1, topologyKey: "kubernetes.io/hostname", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: `t${i}` } } }]
          : [],
  };
}

/** Schedules every pod of the world through the scheduler component; returns where each pod went and the explanations. */
function schedule(w: World, explain = 10_000) {
  const c = miniCluster(
    w.nodes.map((n, i) => ({ name: `n${i}`, zone: n.zone, labels: { tier: n.tier }, allocatable: { cpu: n.cpu, "nvidia.com/gpu": n.gpus, pods: n.maxPods }, taints: n.taints })),
  );
  w.nodes.forEach((n, i) => n.images.forEach((img) => c.s.images.store(c.node(`n${i}`), c.s.images.intern(img, 500 * 2 ** 20), 0, Infinity)));
  const engine = createEngine();
  const scheduler = createScheduler({
    engine,
    cluster: c.s,
    config: { percentageOfNodesToScore: w.percentage, podInitialBackoffSeconds: 1, podMaxBackoffSeconds: 10, profiles: [profileSchema.parse({})] },
    registry: inTreeRegistry,
    stream: createStreams(w.seed),
    explain: { first: explain, matches: () => false, limit: 10_000 },
    warn: () => undefined,
    hooks: {
      bind: (pod, node, now) => bindPod(c.s, pod, node, now),
      evict: () => undefined,
    },
  });
  w.templates.forEach((t, i) => {
    const tpl = c.template(`t${i}`, i, specOf(t, i));
    for (let k = 0; k < t.pods; k++) scheduler.enqueue(createPod(c.s, tpl.id, `t${i}-${k}`, 0), 0);
  });
  engine.runUntil(30);
  return { c, scheduler, placements: Array.from({ length: c.s.pod.count }, (_, p) => c.s.pod.node[p]!) };
}

test.prop([arbWorld], { numRuns: 150 })("no bind exceeds a node's allocatable or pod limit", (w) => {
  const { c } = schedule(w);
  const width = c.s.resources.width;
  for (let n = 0; n < c.s.node.count; n++) {
    for (let r = 0; r < width; r++) {
      if (r === Res.nonZeroCpu || r === Res.nonZeroMemory) continue;
      expect(c.s.node.requested[n * width + r]).toBeLessThanOrEqual(c.s.node.allocatable[n * width + r]!);
    }
    expect(c.s.node.podCount[n]).toBeLessThanOrEqual(c.s.node.maxPods[n]!);
  }
});

test.prop([arbWorld], { numRuns: 150 })("a node that fails a filter never wins, and every normalised score is in 0..100", (w) => {
  const { c, scheduler } = schedule(w);
  // Independently of the explanations: every bound pod tolerates its node's taints and matches its selector.
  for (let p = 0; p < c.s.pod.count; p++) {
    const n = c.s.pod.node[p]!;
    if (n < 0) continue;
    const spec = c.s.templates[c.s.pod.template[p]!]!.spec;
    expect(findUntoleratedTaint(c.s.node.taints[n]!, spec.tolerations ?? [], isDoNotSchedule)).toBeUndefined();
    expect(matchesRequiredAffinity(spec.nodeSelector, spec.affinity?.nodeAffinity, c.s.node.labels[n]!, c.s.node.name[n]!)).toBe(true);
  }
  expect(scheduler.stats.errors).toBe(0);
  for (const e of scheduler.explained) {
    const r = e.record;
    if (r.chosen !== null) expect(r.filters.find((f) => f.node === r.chosen)?.passed).toBe(true);
    for (const f of r.filters) if (!f.passed) expect(r.scores.some((s) => s.node === f.node)).toBe(false);
    for (const s of r.scores) {
      let total = 0;
      s.plugins.forEach((p, i) => {
        if (p.normalized !== null) {
          expect(p.normalized).toBeGreaterThanOrEqual(0);
          expect(p.normalized).toBeLessThanOrEqual(100);
          expect(Number.isInteger(p.normalized)).toBe(true);
        }
        total += p.weighted;
        expect(p.weighted).toBe((p.normalized ?? 0) * r.plugins[i]!.weight);
      });
      expect(total).toBe(s.total);
    }
    // The winner has the highest total among the scored nodes.
    if (r.scores.length > 1 && r.chosen !== null) {
      const best = Math.max(...r.scores.map((s) => s.total));
      expect(r.scores.find((s) => s.node === r.chosen)!.total).toBe(best);
    }
  }
});

test.prop([arbWorld], { numRuns: 100 })("the same seed gives the same placements", (w) => {
  expect(schedule(w).placements).toEqual(schedule(w).placements);
});

test.prop([arbWorld.filter((w) => w.nodes.length >= 2)], { numRuns: 60 })("pods that fit nowhere stay Pending with a kube-style reason", (w) => {
  const { c, scheduler } = schedule(w);
  for (let p = 0; p < c.s.pod.count; p++) {
    if (c.s.pod.node[p] !== -1) continue;
    expect(scheduler.pendingMessage(p as never)).toMatch(/^0\/\d+ nodes are available: .+\./);
  }
});

test.prop([arbWorld], { numRuns: 100 })("the walk that skips nodes the node-spec filters reject places pods exactly as the plain walk", (w) => {
  // Explaining every decision forces the plain walk; explaining none lets the scheduler skip.
  expect(schedule(w, 0).placements).toEqual(schedule(w, 10_000).placements);
});
