/**
 * PodTopologySpread PreFilter and Filter (podtopologyspread/filtering.go): for each DoNotSchedule
 * constraint, count the matching pods of every eligible domain (nodes carrying all the keys and
 * passing the inclusion policies, zero-count domains included); a node fits when its domain's
 * count + (1 if the pod matches itself) − the global minimum ≤ maxSkew. With fewer eligible
 * domains than minDomains the global minimum is taken as 0.
 */
import type { ClusterState, NodeView, PodTemplate } from "../../../cluster/index.js";
import { podsOfTemplate, podsOfTemplateByDomain } from "../../../cluster/index.js";
import type { CycleCx, PluginHandle } from "../../framework.js";
import { viewOf } from "../../framework.js";
import type { Constraint } from "./constraints.js";
import { countOn, hasAllKeys, included } from "./constraints.js";

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = "node(s) didn't match pod topology spread constraints (missing required label)";

/** criticalPaths starts at MaxInt32: with no eligible domain every node passes. */
const MAX_INT32 = 2147483647;

export interface ConstraintCounts {
  readonly constraint: Constraint;
  /** Smallest count over the eligible domains. */
  readonly minMatch: number;
  /** Number of eligible domains. */
  readonly domains: number;
  /** Count of the domain the node belongs to (0 for a domain that is not eligible). */
  countFor(node: NodeView, value: string): number;
}

export interface PreFilterState {
  readonly counts: readonly ConstraintCounts[];
}

/** Sum over the templates' per-node count arrays (the live state, faster than a view per node). */
const arraysOf = (s: ClusterState, c: Constraint) => c.templates.map((t) => podsOfTemplate(s, t));

/** The general computation: one pass over every node the scheduler sees. */
function countAll(h: PluginHandle, cx: CycleCx, t: PodTemplate, cs: readonly Constraint[], affinity: (n: NodeView) => boolean): ConstraintCounts[] {
  const maps = cs.map(() => new Map<string, number>());
  const arrays = cs.map((c) => arraysOf(h.cluster, c));
  for (const live of h.nodes()) {
    const node = viewOf(cx, live);
    if (!hasAllKeys(node.labels, cs)) continue;
    cs.forEach((c, i) => {
      if (!included(c, t, node, affinity)) return;
      const value = node.labels.get(c.topologyKey)!;
      let n = 0;
      if (node !== live) n = countOn(node, c);
      else for (const a of arrays[i]!) n += a[node.ix]!;
      maps[i]!.set(value, (maps[i]!.get(value) ?? 0) + n);
    });
  }
  return cs.map((c, i) => {
    const m = maps[i]!;
    let min = MAX_INT32;
    m.forEach((v) => (min = Math.min(min, v)));
    return { constraint: c, minMatch: min, domains: m.size, countFor: (_node, value) => m.get(value) ?? 0 };
  });
}

/**
 * The incremental computation, valid when every node's pods count (no inclusion policy excludes
 * nodes) and there is at most one key besides the hostname: domain counts come from the cluster's
 * per-domain tallies, and only the domain list needs the nodes (cached per node generation).
 */
function countFast(h: PluginHandle, cs: readonly Constraint[], domainsOf: (keys: readonly string[]) => DomainList): ConstraintCounts[] {
  const s = h.cluster;
  const keys = [...new Set(cs.map((c) => c.topologyKey))];
  const list = domainsOf(keys);
  return cs.map((c) => {
    if (c.isHostname) {
      const arrays = arraysOf(s, c);
      const perNode = (ix: number) => {
        let n = 0;
        for (const a of arrays) n += a[ix]!;
        return n;
      };
      let total = 0;
      for (const t of c.templates) for (const v of podsOfTemplateByDomain(s, t, c.topologyKey).values()) total += v;
      // Fewer matching pods than eligible nodes: some node has none.
      let min = list.nodes.length === 0 ? MAX_INT32 : total < list.nodes.length ? 0 : Infinity;
      if (min === Infinity) for (const ix of list.nodes) min = Math.min(min, perNode(ix));
      return { constraint: c, minMatch: min, domains: list.nodes.length, countFor: (node) => (list.eligible[node.ix] === 1 ? countOn(node, c) : 0) };
    }
    const tallies = c.templates.map((t) => podsOfTemplateByDomain(s, t, c.topologyKey));
    const values = list.values.get(c.topologyKey)!;
    const countOf = (value: string) => {
      let n = 0;
      for (const m of tallies) n += m.get(value) ?? 0;
      return n;
    };
    let min = MAX_INT32;
    for (const v of values) min = Math.min(min, countOf(v));
    return { constraint: c, minMatch: min, domains: values.size, countFor: (_node, value) => (values.has(value) ? countOf(value) : 0) };
  });
}

/** Nodes carrying all of some keys, and the values each key takes on them. */
export interface DomainList {
  readonly nodes: readonly number[];
  readonly eligible: Uint8Array;
  readonly values: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A memo of domain lists per key set, rebuilt when the nodes change. */
export function createDomainMemo(h: PluginHandle): (keys: readonly string[]) => DomainList {
  const memo = new Map<string, { generation: number; list: DomainList }>();
  return (keys) => {
    const id = keys.join("\n");
    const hit = memo.get(id);
    if (hit && hit.generation === h.cluster.generation) return hit.list;
    const nodes: number[] = [];
    const eligible = new Uint8Array(h.cluster.node.count);
    const values = new Map(keys.map((k) => [k, new Set<string>()]));
    for (const node of h.nodes()) {
      if (!keys.every((k) => node.labels.has(k))) continue;
      nodes.push(node.ix);
      eligible[node.ix] = 1;
      for (const k of keys) values.get(k)!.add(node.labels.get(k)!);
    }
    const list = { nodes, eligible, values };
    memo.set(id, { generation: h.cluster.generation, list });
    return list;
  };
}

export function computePreFilter(
  h: PluginHandle,
  cx: CycleCx,
  t: PodTemplate,
  cs: readonly Constraint[],
  affinity: (n: NodeView) => boolean,
  trivialAffinity: boolean,
  domainsOf: (keys: readonly string[]) => DomainList,
): PreFilterState {
  const everyNodeCounts = cs.every((c) => (!c.affinityHonor || trivialAffinity) && !c.taintsHonor);
  const otherKeys = new Set(cs.filter((c) => !c.isHostname).map((c) => c.topologyKey));
  const fast = everyNodeCounts && otherKeys.size <= 1 && cx.overrides === undefined;
  return { counts: fast ? countFast(h, cs, domainsOf) : countAll(h, cx, t, cs, affinity) };
}

/** Filter: `undefined` when the node keeps every constraint's skew within maxSkew. */
export function fitsSpread(state: PreFilterState, node: NodeView): "fits" | "missing-label" | "skew" {
  for (const cc of state.counts) {
    const c = cc.constraint;
    const value = node.labels.get(c.topologyKey);
    if (value === undefined) return "missing-label";
    const min = cc.domains < c.minDomains ? 0 : cc.minMatch;
    const skew = cc.countFor(node, value) + (c.selfMatch ? 1 : 0) - min;
    if (skew > c.maxSkew) return "skew";
  }
  return "fits";
}
