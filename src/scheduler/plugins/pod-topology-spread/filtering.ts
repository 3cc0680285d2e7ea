/**
 * PodTopologySpread PreFilter and Filter (podtopologyspread/filtering.go): for each DoNotSchedule
 * constraint, count the matching pods of every eligible domain (nodes carrying all the keys and
 * passing the inclusion policies, zero-count domains included); a node fits when its domain's
 * count + (1 if the pod matches itself) − the global minimum ≤ maxSkew. With fewer eligible
 * domains than minDomains the global minimum is taken as 0.
 */
import type { NodeView, PodTemplate } from "../../../cluster/index.js";
import type { CycleCx, PluginHandle } from "../../framework.js";
import { viewOf } from "../../framework.js";
import type { Constraint } from "./constraints.js";
import { countOn, hasAllKeys, included } from "./constraints.js";
import { countArrays, sumAt } from "./eligible.js";
import type { Counting } from "./eligible.js";

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
  /**
   * Live state only (else null): the constraint key's value id per node (-1: the node lacks the
   * key), and the counts by id (non-hostname keys) or the eligible mask and per-node count arrays
   * (hostname), which countFor reads.
   */
  readonly keyIds: Int32Array | null;
  readonly byId: Float64Array | null;
  readonly mask: Uint8Array | null;
  readonly arrays: readonly Int32Array[] | null;
}

export interface PreFilterState {
  readonly counts: readonly ConstraintCounts[];
}

/** The reference computation: one pass over every node as this cycle sees it (what-if views included). */
function countAll(h: PluginHandle, cx: CycleCx, t: PodTemplate, cs: readonly Constraint[], affinity: (n: NodeView) => boolean): ConstraintCounts[] {
  const maps = cs.map(() => new Map<string, number>());
  for (const live of h.nodes()) {
    const node = viewOf(cx, live);
    if (!hasAllKeys(node.labels, cs)) continue;
    cs.forEach((c, i) => {
      if (!included(c, t, node, affinity)) return;
      const value = node.labels.get(c.topologyKey)!;
      maps[i]!.set(value, (maps[i]!.get(value) ?? 0) + countOn(node, c));
    });
  }
  return cs.map((c, i) => {
    const m = maps[i]!;
    let min = MAX_INT32;
    m.forEach((v) => (min = Math.min(min, v)));
    return { constraint: c, minMatch: min, domains: m.size, countFor: (_node, value) => m.get(value) ?? 0, keyIds: null, byId: null, mask: null, arrays: null };
  });
}

/** The same from the eligible-node memo and the cluster's counts (live views only). */
function countEligible(h: PluginHandle, t: PodTemplate, cs: readonly Constraint[], k: Counting): ConstraintCounts[] {
  const s = h.cluster;
  return cs.map((c, i) => {
    const e = k.eligibleOf(t, cs, i, true);
    if (c.isHostname) {
      const arrays = countArrays(s, c);
      let min = e.nodes.length === 0 ? MAX_INT32 : Infinity;
      // Fewer matching pods than eligible nodes: some node has none.
      let total = 0;
      for (const a of arrays) for (let k = 0; k < e.nodes.length && total < e.nodes.length; k++) total += a[e.nodes[k]!]!;
      if (e.nodes.length > 0 && total < e.nodes.length) min = 0;
      else for (let k = 0; k < e.nodes.length && min > 0; k++) min = Math.min(min, sumAt(arrays, e.nodes[k]!));
      const keyIds = k.topology(c.topologyKey).ids;
      return { constraint: c, minMatch: min, domains: e.nodes.length, countFor: (node) => (e.mask[node.ix] === 1 ? sumAt(arrays, node.ix) : 0), keyIds, byId: null, mask: e.mask, arrays };
    }
    const ids = k.topology(c.topologyKey).ids;
    const byId = k.countsById(t, cs, i, true, e);
    let min = MAX_INT32;
    for (const id of e.distinct) min = Math.min(min, byId[id]!);
    return { constraint: c, minMatch: min, domains: e.distinct.length, countFor: (node) => (ids[node.ix]! >= 0 ? byId[ids[node.ix]!]! : 0), keyIds: ids, byId, mask: null, arrays: null };
  });
}

export function computePreFilter(h: PluginHandle, cx: CycleCx, t: PodTemplate, cs: readonly Constraint[], affinity: (n: NodeView) => boolean, k: Counting): PreFilterState {
  return { counts: cx.overrides === undefined ? countEligible(h, t, cs, k) : countAll(h, cx, t, cs, affinity) };
}

/** Filter: `undefined` when the node keeps every constraint's skew within maxSkew. */
export function fitsSpread(state: PreFilterState, node: NodeView): "fits" | "missing-label" | "skew" {
  const counts = state.counts;
  const ix = node.ix;
  for (let i = 0; i < counts.length; i++) {
    const cc = counts[i]!;
    const c = cc.constraint;
    let count: number;
    const keyIds = cc.keyIds;
    if (keyIds !== null) {
      // Live state: the same lookups as countFor, by the node's value id (its labels are the live node's).
      const id = keyIds[ix]!;
      if (id < 0) return "missing-label";
      count = cc.byId !== null ? cc.byId[id]! : cc.mask![ix] === 1 ? sumAt(cc.arrays!, ix) : 0;
    } else {
      const value = node.labels.get(c.topologyKey);
      if (value === undefined) return "missing-label";
      count = cc.countFor(node, value);
    }
    const min = cc.domains < c.minDomains ? 0 : cc.minMatch;
    const skew = count + (c.selfMatch ? 1 : 0) - min;
    if (skew > c.maxSkew) return "skew";
  }
  return "fits";
}
