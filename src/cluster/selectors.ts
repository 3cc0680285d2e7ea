/**
 * Label and node selectors, as upstream evaluates them:
 * k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go (node selector terms,
 * Gt/Lt on integers, matchFields on metadata.name) and k8s.io/apimachinery/pkg/labels (label selectors).
 */
import type { LabelSelector, NodeAffinity, NodeSelectorRequirement, NodeSelectorTerm, PreferredSchedulingTerm } from "./api.js";

/** Labels of a node or pod. */
export type Labels = ReadonlyMap<string, string>;

export const toLabels = (record: Readonly<Record<string, string>> | undefined): Labels => new Map(Object.entries(record ?? {}));

/** An int64 as Go's strconv.ParseInt(s, 10, 64) reads it, or undefined. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?\d{1,19}$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** Integer comparison used by Gt/Lt: `label op value`; false when either side is not an integer. */
export function compareInts(label: string, value: string, op: "Gt" | "Lt"): boolean {
  const a = parseInt64(label);
  const b = parseInt64(value);
  if (a === undefined || b === undefined) return false;
  return op === "Gt" ? a > b : a < b;
}

export function matchesRequirement(r: NodeSelectorRequirement, labels: Labels): boolean {
  const v = labels.get(r.key);
  switch (r.operator) {
    case "In":
      return v !== undefined && (r.values ?? []).includes(v);
    case "NotIn":
      return v === undefined || !(r.values ?? []).includes(v);
    case "Exists":
      return v !== undefined;
    case "DoesNotExist":
      return v === undefined;
    case "Gt":
    case "Lt":
      return v !== undefined && r.values?.length === 1 && compareInts(v, r.values[0]!, r.operator);
  }
}

const isEmptyTerm = (t: NodeSelectorTerm): boolean => (t.matchExpressions?.length ?? 0) === 0 && (t.matchFields?.length ?? 0) === 0;

/** A term matches when every expression and field requirement does; an empty term matches nothing. */
export function matchesTerm(t: NodeSelectorTerm, labels: Labels, nodeName: string): boolean {
  if (isEmptyTerm(t)) return false;
  for (const r of t.matchExpressions ?? []) if (!matchesRequirement(r, labels)) return false;
  for (const f of t.matchFields ?? []) {
    // Only metadata.name is a valid field (upstream validation); In/NotIn on the node name.
    if (f.key !== "metadata.name") return false;
    const has = (f.values ?? []).includes(nodeName);
    if (f.operator === "In" ? !has : f.operator === "NotIn" ? has : true) return false;
  }
  return true;
}

/** Terms are ORed. */
export const matchesAnyTerm = (terms: readonly NodeSelectorTerm[], labels: Labels, nodeName: string): boolean =>
  terms.some((t) => matchesTerm(t, labels, nodeName));

/** `nodeSelector` (every pair equal) and required node affinity (any term), as the NodeAffinity filter requires. */
export function matchesRequiredAffinity(
  nodeSelector: Readonly<Record<string, string>> | undefined,
  affinity: NodeAffinity | undefined,
  labels: Labels,
  nodeName: string,
): boolean {
  if (nodeSelector) for (const k in nodeSelector) if (labels.get(k) !== nodeSelector[k]) return false;
  const required = affinity?.requiredDuringSchedulingIgnoredDuringExecution;
  return required === undefined || matchesAnyTerm(required.nodeSelectorTerms, labels, nodeName);
}

/** Sum of the weights of the preferred terms that match; zero-weight and empty terms are ignored as upstream. */
export function preferredWeight(terms: readonly PreferredSchedulingTerm[] | undefined, labels: Labels, nodeName: string): number {
  let sum = 0;
  for (const t of terms ?? []) if (t.weight !== 0 && matchesTerm(t.preference, labels, nodeName)) sum += t.weight;
  return sum;
}

/** A label selector over pod labels; `undefined` (a nil selector) matches nothing, `{}` matches everything. */
export function matchesLabelSelector(s: LabelSelector | undefined, labels: Labels): boolean {
  if (s === undefined) return false;
  if (s.matchLabels) for (const k in s.matchLabels) if (labels.get(k) !== s.matchLabels[k]) return false;
  for (const e of s.matchExpressions ?? []) {
    const v = labels.get(e.key);
    const inValues = v !== undefined && (e.values ?? []).includes(v);
    const ok = e.operator === "In" ? inValues : e.operator === "NotIn" ? !inValues : e.operator === "Exists" ? v !== undefined : v === undefined;
    if (!ok) return false;
  }
  return true;
}
