import { describe, expect, test } from "vitest";
import type { TopologySpreadConstraint } from "../../../cluster/index.js";
import { miniCluster } from "../../../../test/support/mini-cluster.js";
import { createCycleState } from "../../cycle.js";
import type { Status } from "../../framework.js";

const zone = "topology.kubernetes.io/zone";
const host = "kubernetes.io/hostname";
const foo = { matchExpressions: [{ key: "foo", operator: "Exists" as const }] };

/** Four nodes in two zones with matching pods a:2, b:1, x:0, y:2. */
function spread(constraints: TopologySpreadConstraint[], extraNode = false) {
  const c = miniCluster([
    { name: "a", zone: "zone1" },
    { name: "b", zone: "zone1" },
    { name: "x", zone: "zone2" },
    { name: "y", zone: "zone2" },
    ...(extraNode ? [{ name: "nolabel" }] : []),
  ]);
  const existing = c.template("existing", 0, { labels: { foo: "" }, containers: [{}] });
  c.place(existing, "a", 2);
  c.place(existing, "b", 1);
  c.place(existing, "y", 2);
  const incoming = c.template("incoming", 1, { labels: { foo: "" }, containers: [{}], topologySpreadConstraints: constraints });
  return { c, pod: { ix: c.pod(incoming), template: incoming } };
}

function filter(constraints: TopologySpreadConstraint[], extraNode = false): Record<string, Status> {
  const { c, pod } = spread(constraints, extraNode);
  const fw = c.framework();
  const plugin = fw.filter.find((p) => p.name === "PodTopologySpread")!;
  const cx = { state: createCycleState() };
  plugin.preFilter!(cx, pod);
  return Object.fromEntries(c.views().map((n) => [n.name, plugin.filter!(cx, pod, n)]));
}

const feasible = (r: Record<string, Status>) => Object.keys(r).filter((k) => r[k] === undefined);

describe("PodTopologySpread filter", () => {
  test("a zone constraint admits only the zones that keep the skew within maxSkew", () => {
    // zone1 holds 3, zone2 holds 2; placing in zone1 gives 3 + 1 − 2 = 2 > 1.
    const r = filter([{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: "DoNotSchedule", labelSelector: foo }]);
    expect(feasible(r)).toEqual(["a", "x", "b", "y"].filter((n) => n === "x" || n === "y"));
    expect(r["a"]).toEqual({ code: "Unschedulable", reasons: ["node(s) didn't match pod topology spread constraints"] });
  });

  test("a hostname constraint counts pods per node against the emptiest node", () => {
    const r = filter([{ maxSkew: 1, topologyKey: host, whenUnsatisfiable: "DoNotSchedule", labelSelector: foo }]);
    expect(feasible(r)).toEqual(["x"]);
  });

  test("a node without the topology key is unresolvable", () => {
    const r = filter([{ maxSkew: 5, topologyKey: zone, whenUnsatisfiable: "DoNotSchedule", labelSelector: foo }], true);
    expect(r["nolabel"]).toEqual({ code: "UnschedulableAndUnresolvable", reasons: ["node(s) didn't match pod topology spread constraints (missing required label)"] });
    expect(feasible(r)).toEqual(["a", "x", "b", "y"]);
  });

  test("with fewer eligible domains than minDomains the global minimum counts as 0", () => {
    const r = filter([{ maxSkew: 2, topologyKey: zone, whenUnsatisfiable: "DoNotSchedule", labelSelector: foo, minDomains: 3 }]);
    // zone2: 2 + 1 − 0 = 3 > 2; zone1: 4 > 2.
    expect(feasible(r)).toEqual([]);
  });

  test("a selector that matches nothing leaves every node feasible", () => {
    const r = filter([{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { bar: "x" } } }]);
    expect(feasible(r).length).toBe(4);
  });
});

function scores(build: () => ReturnType<typeof miniCluster>, makePod: (c: ReturnType<typeof miniCluster>) => number) {
  const c = build();
  const ix = makePod(c);
  const fw = c.framework();
  const plugin = fw.score.find((p) => p.plugin.name === "PodTopologySpread")!.plugin;
  const pod = { ix: ix as never, template: c.s.templates[c.s.pod.template[ix]!]! };
  const nodes = c.views();
  const cx = { state: createCycleState() };
  const pre = plugin.preScore!(cx, pod, nodes);
  if (pre !== undefined) return pre;
  const out = Float64Array.from(nodes, (n) => plugin.score!(cx, pod, n));
  const raw = [...out];
  plugin.normalizeScores!(cx, pod, nodes, out);
  return { raw, normalized: [...out], nodes: nodes.map((n) => n.name) };
}

describe("PodTopologySpread score", () => {
  test("raw scores weigh domain counts by ln(domains + 2); the emptiest domain normalises to 100", () => {
    const r = scores(
      () => {
        const c = miniCluster([{ name: "a", zone: "zone1" }, { name: "b", zone: "zone1" }, { name: "x", zone: "zone2" }]);
        const existing = c.template("existing", 0, { labels: { foo: "" }, containers: [{}] });
        c.place(existing, "a");
        c.place(existing, "b");
        return c;
      },
      (c) => c.pod(c.template("in", 1, { labels: { foo: "" }, containers: [{}], topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: "ScheduleAnyway", labelSelector: foo }] })),
    );
    // Order a, x, b (zones interleaved); zone1 holds 2: 2·ln 4 = 2.77 → 3; zone2: 0.
    expect(r).toEqual({ nodes: ["a", "x", "b"], raw: [3, 0, 3], normalized: [0, 100, 0] });
  });

  test("pods of a workload without constraints get the system defaults (hostname maxSkew 3, zone maxSkew 5)", () => {
    const r = scores(
      () => {
        const c = miniCluster([{ name: "a" }, { name: "b" }]);
        c.place(c.template("web", 7, { containers: [{}] }), "a");
        return c;
      },
      (c) => c.pod(c.s.templates[0]!),
    );
    // No zone labels: only the hostname constraint scores. a: 1·ln 4 + 2 = 3.39 → 3; b: 2. Normalised 100·(3 + 2 − s)/3.
    expect(r).toEqual({ nodes: ["a", "b"], raw: [3, 2], normalized: [66, 100] });
  });

  test("a pod outside any workload and without constraints is skipped", () => {
    const r = scores(
      () => miniCluster([{ name: "a" }]),
      (c) => c.pod(c.template("bare", -1, { containers: [{}] })),
    );
    expect(r).toEqual({ code: "Skip", reasons: [] });
  });
});
