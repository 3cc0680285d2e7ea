import { describe, expect, test } from "vitest";
import type { NodeSelectorRequirement } from "./api.js";
import { matchesLabelSelector, matchesRequiredAffinity, matchesRequirement, matchesTerm, preferredWeight, toLabels } from "./selectors.js";
import { findUntoleratedTaint, isDoNotSchedule, toleratesTaint } from "./taints.js";

const labels = toLabels({ zone: "a", gen: "5", "kubernetes.io/hostname": "n1" });

describe("node selectors", () => {
  test.each<[NodeSelectorRequirement, boolean]>([
    [{ key: "zone", operator: "In", values: ["a", "b"] }, true],
    [{ key: "zone", operator: "In", values: ["b"] }, false],
    [{ key: "zone", operator: "NotIn", values: ["b"] }, true],
    [{ key: "missing", operator: "NotIn", values: ["b"] }, true],
    [{ key: "zone", operator: "Exists" }, true],
    [{ key: "zone", operator: "DoesNotExist" }, false],
    [{ key: "gen", operator: "Gt", values: ["4"] }, true],
    [{ key: "gen", operator: "Gt", values: ["5"] }, false],
    [{ key: "gen", operator: "Lt", values: ["+6"] }, true],
    [{ key: "zone", operator: "Gt", values: ["1"] }, false],
    [{ key: "gen", operator: "Gt", values: ["1", "2"] }, false],
  ])("matchesRequirement %j → %s", (r, expected) => {
    expect(matchesRequirement(r, labels)).toBe(expected);
  });

  test("an empty term matches nothing; matchFields reads the node name", () => {
    expect(matchesTerm({}, labels, "n1")).toBe(false);
    expect(matchesTerm({ matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] }, labels, "n1")).toBe(true);
    expect(matchesTerm({ matchFields: [{ key: "metadata.name", operator: "NotIn", values: ["n1"] }] }, labels, "n1")).toBe(false);
  });

  test("matchesRequiredAffinity needs every nodeSelector pair and any required term", () => {
    const affinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "zone", operator: "In" as const, values: ["x"] }] }, { matchExpressions: [{ key: "gen", operator: "Exists" as const }] }] } };
    expect(matchesRequiredAffinity({ zone: "a" }, affinity, labels, "n1")).toBe(true);
    expect(matchesRequiredAffinity({ zone: "b" }, affinity, labels, "n1")).toBe(false);
    expect(matchesRequiredAffinity(undefined, undefined, labels, "n1")).toBe(true);
  });

  test("preferredWeight sums the weights of matching terms only", () => {
    const terms = [
      { weight: 2, preference: { matchExpressions: [{ key: "zone", operator: "In" as const, values: ["a"] }] } },
      { weight: 5, preference: { matchExpressions: [{ key: "zone", operator: "In" as const, values: ["b"] }] } },
      { weight: 3, preference: {} },
    ];
    expect(preferredWeight(terms, labels, "n1")).toBe(2);
  });

  test("a nil label selector matches nothing and an empty one everything", () => {
    expect(matchesLabelSelector(undefined, labels)).toBe(false);
    expect(matchesLabelSelector({}, labels)).toBe(true);
    expect(matchesLabelSelector({ matchLabels: { zone: "a" }, matchExpressions: [{ key: "gen", operator: "NotIn", values: ["6"] }] }, labels)).toBe(true);
    expect(matchesLabelSelector({ matchExpressions: [{ key: "gen", operator: "DoesNotExist" }] }, labels)).toBe(false);
  });
});

describe("taints and tolerations", () => {
  const taint = { key: "k", value: "v", effect: "NoSchedule" as const };
  test.each([
    [{ key: "k", value: "v", effect: "NoSchedule" as const }, true],
    [{ key: "k", operator: "Equal" as const, value: "w" }, false],
    [{ key: "k", operator: "Exists" as const }, true],
    [{ operator: "Exists" as const }, true],
    [{ key: "k", value: "v", effect: "NoExecute" as const }, false],
    [{ key: "other", operator: "Exists" as const }, false],
  ])("toleratesTaint(%j) → %s", (t, expected) => {
    expect(toleratesTaint(t, taint)).toBe(expected);
  });

  test("Gt and Lt compare the taint's integer value with the toleration's", () => {
    const sla = { key: "sla", value: "950", effect: "NoSchedule" as const };
    expect(toleratesTaint({ key: "sla", operator: "Gt", value: "750" }, sla)).toBe(true);
    expect(toleratesTaint({ key: "sla", operator: "Lt", value: "800" }, sla)).toBe(false);
    expect(toleratesTaint({ key: "sla", operator: "Gt", value: "750" }, { ...sla, value: "high" })).toBe(false);
  });

  test("findUntoleratedTaint ignores PreferNoSchedule taints when filtering", () => {
    const taints = [{ key: "a", effect: "PreferNoSchedule" as const }, { key: "b", effect: "NoExecute" as const }];
    expect(findUntoleratedTaint(taints, [], isDoNotSchedule)).toEqual(taints[1]);
    expect(findUntoleratedTaint(taints, [{ key: "b", operator: "Exists" }], isDoNotSchedule)).toBeUndefined();
  });
});
