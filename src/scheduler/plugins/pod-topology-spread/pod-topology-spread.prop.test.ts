import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import type { PodIx, TopologySpreadConstraint } from "../../../cluster/index.js";
import { bindPod, createPod, deletePod, markTerminating, PodPhase } from "../../../cluster/index.js";
import { miniCluster } from "../../../../test/support/mini-cluster.js";
import { createCycleState } from "../../cycle.js";

const arbConstraint = fc.record({
  maxSkew: fc.integer({ min: 1, max: 3 }),
  topologyKey: fc.constantFrom("topology.kubernetes.io/zone", "kubernetes.io/hostname", "rack"),
  whenUnsatisfiable: fc.constantFrom("DoNotSchedule" as const, "ScheduleAnyway" as const),
  minDomains: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  labelSelector: fc.constantFrom({ matchLabels: { app: "a" } }, { matchExpressions: [{ key: "app", operator: "Exists" as const }] }),
  nodeAffinityPolicy: fc.option(fc.constantFrom("Honor" as const, "Ignore" as const), { nil: undefined }),
  nodeTaintsPolicy: fc.option(fc.constantFrom("Honor" as const, "Ignore" as const), { nil: undefined }),
});

const arbWorld = fc.record({
  nodes: fc.array(
    fc.record({
      zone: fc.option(fc.constantFrom("z1", "z2", "z3"), { nil: undefined }),
      rack: fc.option(fc.constantFrom("r1", "r2"), { nil: undefined }),
      tier: fc.constantFrom("gold", "silver"),
      tainted: fc.boolean(),
      pods: fc.array(fc.nat(2), { minLength: 2, maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 8 },
  ),
  constraints: fc.array(arbConstraint, { maxLength: 2 }),
  owned: fc.boolean(),
  selector: fc.boolean(),
  tolerates: fc.boolean(),
  /** Changes between cycles: bind a new pod of template a or b to node k, or end the n-th bound pod. */
  steps: fc.array(fc.record({ bind: fc.boolean(), template: fc.nat(1), node: fc.nat(7), terminate: fc.boolean() }), { maxLength: 6 }),
});

/**
 * Runs every PodTopologySpread step on the incremental path (eligible-node memos, per-domain
 * tallies, the count log) and on the reference per-node pass (forced by an empty overrides map),
 * before and after each of a few binds and deletions, and compares them.
 */
test.prop([arbWorld], { numRuns: 250 })("incremental spread counts give the same verdicts and scores as counting every node, as pods come and go; scoring all nodes at once gives what scoring each does", (w) => {
  const c = miniCluster(
    w.nodes.map((n, i) => ({
      name: `n${i}`,
      ...(n.zone ? { zone: n.zone } : {}),
      labels: { tier: n.tier, ...(n.rack ? { rack: n.rack } : {}) },
      taints: n.tainted ? [{ key: "dedicated", effect: "NoSchedule" as const }] : [],
    })),
  );
  const templates = [c.template("a", 0, { labels: { app: "a" }, containers: [{}] }), c.template("b", 1, { labels: { app: "b" }, containers: [{}] })];
  w.nodes.forEach((n, i) => templates.forEach((t, k) => c.place(t, `n${i}`, n.pods[k]!)));
  const cs = w.constraints.map((k) => (k.minDomains !== undefined && k.whenUnsatisfiable === "DoNotSchedule" ? k : { ...k, minDomains: undefined })) as TopologySpreadConstraint[];
  const t = c.template("in", w.owned ? 0 : -1, {
    labels: { app: "a" },
    containers: [{}],
    topologySpreadConstraints: cs,
    ...(w.selector ? { nodeSelector: { tier: "gold" } } : {}),
    ...(w.tolerates ? { tolerations: [{ key: "dedicated", operator: "Exists" as const }] } : {}),
  });
  const pod = { ix: c.pod(t), template: t };
  const plugin = c.framework().filter.find((p) => p.name === "PodTopologySpread")!;
  const run = (overrides: Map<number, never> | undefined) => {
    const views = c.views();
    const cx = overrides ? { state: createCycleState(), overrides } : { state: createCycleState() };
    const pf = plugin.preFilter!(cx, pod);
    const verdicts = pf ? "skip" : views.map((n) => plugin.filter!(cx, pod, n)?.reasons[0] ?? "ok");
    // Live views also come with their ids (the framework's fast path).
    const live = overrides ? undefined : Int32Array.from(views, (n) => n.ix);
    const ps = plugin.preScore!(cx, pod, views, live);
    if (ps) return { verdicts, scores: "skip" };
    const scores = Float64Array.from(views, (n) => plugin.score!(cx, pod, n));
    for (const ids of [undefined, live]) {
      const batch = new Float64Array(views.length);
      plugin.scoreNodes!(cx, pod, views, batch, ids);
      expect([...batch]).toEqual([...scores]);
    }
    plugin.normalizeScores!(cx, pod, views, scores);
    for (const s of scores) expect(s >= 0 && s <= 100).toBe(true);
    return { verdicts, scores: [...scores] };
  };
  const bound: PodIx[] = [];
  for (let p = 0; p < c.s.pod.count; p++) if (c.s.pod.phase[p] === PodPhase.Bound) bound.push(p as PodIx);
  expect(run(undefined)).toEqual(run(new Map<number, never>()));
  for (const step of w.steps) {
    if (step.bind) {
      const p = createPod(c.s, templates[step.template]!.id, `x${c.s.pod.count}`, 0);
      bindPod(c.s, p, c.node(`n${step.node % w.nodes.length}`), 0);
      bound.push(p);
    } else if (bound.length > 0) {
      const p = bound.splice(step.node % bound.length, 1)[0]!;
      if (step.terminate) markTerminating(c.s, p, 0);
      else deletePod(c.s, p, 0);
    }
    expect(run(undefined)).toEqual(run(new Map<number, never>()));
  }
});
