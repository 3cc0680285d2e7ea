import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import type { PodSpec } from "../cluster/index.js";
import { addTemplate, setUnschedulable } from "../cluster/index.js";
import { miniCluster } from "../../test/support/mini-cluster.js";
import { createCycleState } from "./cycle.js";
import { inTreeRegistry } from "./registry.js";
import type { Registry } from "./registry.js";

const registry: Registry = inTreeRegistry;


/** The type of an arbitrary's values. */
type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;
const arbSpec = fc.record({
  tolerations: fc.subarray([
    { key: "dedicated", operator: "Exists" as const },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists" as const, effect: "NoSchedule" as const },
    { key: "gpu", operator: "Equal" as const, value: "yes", effect: "NoSchedule" as const },
  ]),
  nodeSelector: fc.option(fc.constantFrom({ tier: "gold" }, { tier: "silver" }), { nil: undefined }),
  zones: fc.option(fc.subarray(["z1", "z2", "z3"], { minLength: 1 }), { nil: undefined }),
  nodeName: fc.option(fc.constantFrom("n0", "n1"), { nil: undefined }),
  // Fields no Filter of these plugins reads: they must not change a key's verdicts.
  cpu: fc.constantFrom(100, 900),
  app: fc.constantFrom("a", "b"),
});

function spec(a: Value<typeof arbSpec>): PodSpec {
  return {
    labels: { app: a.app },
    containers: [{ requests: { cpu: a.cpu } }],
    tolerations: a.tolerations,
    ...(a.nodeSelector ? { nodeSelector: a.nodeSelector } : {}),
    ...(a.nodeName ? { nodeName: a.nodeName } : {}),
    ...(a.zones ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "topology.kubernetes.io/zone", operator: "In" as const, values: a.zones }] }] } } } } : {}),
  };
}

/**
 * The framework shares cached Filter verdicts between templates whose filterKey is equal: for
 * every plugin that declares one, templates with equal keys get the same verdict on every node —
 * random templates, and copies of one that differ only in fields outside the key.
 */
test.prop([fc.array(arbSpec, { minLength: 2, maxLength: 8 }), fc.constantFrom(100, 900), fc.constantFrom("a", "b")], { numRuns: 200 })(
  "templates with the same filter key get the same verdicts",
  (specs, cpu, app) => {
    const c = miniCluster([
      { name: "n0", zone: "z1", labels: { tier: "gold" } },
      { name: "n1", zone: "z2", labels: { tier: "silver" }, taints: [{ key: "dedicated", effect: "NoSchedule" }] },
      { name: "n2", zone: "z3", labels: { tier: "gold" }, taints: [{ key: "gpu", value: "yes", effect: "NoSchedule" }] },
      { name: "n3", zone: "z1", labels: { tier: "silver" } },
    ]);
    setUnschedulable(c.s, c.node("n3"), true);
    const all = [...specs, { ...specs[0]!, cpu, app }];
    const templates = all.map((a, i) => addTemplate(c.s, `t${i}`, 0, spec(a)));
    const fw = c.framework();
    const views = c.views();
    const keyed = fw.filter.filter((p) => registry[p.name]!.cache?.filterKey !== undefined);
    expect(keyed.map((p) => p.name).sort()).toEqual(["NodeAffinity", "NodeName", "NodeUnschedulable", "TaintToleration"]);
    for (const plugin of keyed) {
      const key = registry[plugin.name]!.cache!.filterKey!;
      const verdicts = (i: number) => views.map((n) => plugin.filter!({ state: createCycleState() }, { ix: c.pod(templates[i]!), template: templates[i]! }, n)?.reasons ?? null);
      expect(key(templates[0]!)).toBe(key(templates[all.length - 1]!));
      for (let i = 0; i < templates.length; i++) {
        for (let j = i + 1; j < templates.length; j++) if (key(templates[i]!) === key(templates[j]!)) expect(verdicts(i)).toEqual(verdicts(j));
      }
    }
  },
);
