import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import type { TopologySpreadConstraint } from "../../../cluster/index.js";
import { miniCluster } from "../../../../test/support/mini-cluster.js";
import { createCycleState } from "../../cycle.js";

const arbCluster = fc.record({
  nodes: fc.array(fc.record({ zone: fc.option(fc.constantFrom("z1", "z2", "z3"), { nil: undefined }), pods: fc.array(fc.nat(2), { minLength: 2, maxLength: 2 }) }), { minLength: 1, maxLength: 8 }),
  constraints: fc.array(
    fc.record({
      maxSkew: fc.integer({ min: 1, max: 3 }),
      topologyKey: fc.constantFrom("topology.kubernetes.io/zone", "kubernetes.io/hostname"),
      whenUnsatisfiable: fc.constantFrom("DoNotSchedule" as const, "ScheduleAnyway" as const),
      minDomains: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
      labelSelector: fc.constantFrom({ matchLabels: { app: "a" } }, { matchExpressions: [{ key: "app", operator: "Exists" as const }] }),
    }),
    { maxLength: 2 },
  ),
  owned: fc.boolean(),
});

/** Runs every PodTopologySpread step twice: on the incremental path and on the full per-node pass (forced by an empty overrides map). */
test.prop([arbCluster], { numRuns: 200 })("the incremental domain counts give the same verdicts and scores as counting every node", ({ nodes, constraints, owned }) => {
  const c = miniCluster(nodes.map((n, i) => ({ name: `n${i}`, ...(n.zone ? { zone: n.zone } : {}) })));
  const ta = c.template("a", 0, { labels: { app: "a" }, containers: [{}] });
  const tb = c.template("b", 1, { labels: { app: "b" }, containers: [{}] });
  nodes.forEach((n, i) => {
    c.place(ta, `n${i}`, n.pods[0]!);
    c.place(tb, `n${i}`, n.pods[1]!);
  });
  const cs = constraints.map((k) => (k.minDomains !== undefined && k.whenUnsatisfiable === "DoNotSchedule" ? k : { ...k, minDomains: undefined })) as TopologySpreadConstraint[];
  const t = c.template("in", owned ? 0 : -1, { labels: { app: "a" }, containers: [{}], topologySpreadConstraints: cs });
  const pod = { ix: c.pod(t), template: t };
  const plugin = c.framework().filter.find((p) => p.name === "PodTopologySpread")!;
  const views = c.views();
  const run = (overrides: Map<number, never> | undefined) => {
    const cx = overrides ? { state: createCycleState(), overrides } : { state: createCycleState() };
    const pf = plugin.preFilter!(cx, pod);
    const verdicts = pf ? "skip" : views.map((n) => plugin.filter!(cx, pod, n)?.reasons[0] ?? "ok");
    const ps = plugin.preScore!(cx, pod, views);
    if (ps) return { verdicts, scores: "skip" };
    const scores = Float64Array.from(views, (n) => plugin.score!(cx, pod, n));
    plugin.normalizeScores!(cx, pod, views, scores);
    for (const s of scores) expect(s >= 0 && s <= 100).toBe(true);
    return { verdicts, scores: [...scores] };
  };
  expect(run(undefined)).toEqual(run(new Map<number, never>()));
});
