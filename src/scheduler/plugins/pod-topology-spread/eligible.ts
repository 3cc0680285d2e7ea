/**
 * The nodes whose pods count for a spread constraint (they carry the keys and pass the constraint's
 * inclusion policies), per template, recomputed only when the nodes change. Counting then walks
 * these nodes (or, when no node carrying the key is left out, reads the cluster's per-domain tallies).
 */
import type { ClusterState, NodeView, PodTemplate } from "../../../cluster/index.js";
import { podsOfTemplate, podsOfTemplateByDomain, readCountLog } from "../../../cluster/index.js";
import type { PluginHandle } from "../../framework.js";
import type { Constraint } from "./constraints.js";
import { hasAllKeys, included } from "./constraints.js";

export interface Eligible {
  /** Node ids, in walk order. */
  readonly nodes: Int32Array;
  /** The constraint's domain value of each listed node ("" when it lacks the key and that is allowed). */
  readonly values: readonly string[];
  /** 1 for listed nodes, by node id. */
  readonly mask: Uint8Array;
  /** No node carrying the key was left out: the per-domain tallies of the cluster are exact for this constraint. */
  readonly everyNode: boolean;
  /** Distinct topology value ids of the listed nodes that carry the key. */
  readonly distinct: Int32Array;
}

export type EligibleOf = (t: PodTemplate, cs: readonly Constraint[], i: number, requireAll: boolean) => Eligible;

/** What the counting steps share: eligible nodes, topology indexes, per-domain counts (all memoised per plugin instance). */
export interface Counting {
  readonly eligibleOf: EligibleOf;
  readonly topology: (key: string) => TopologyIndex;
  readonly countsById: (t: PodTemplate, cs: readonly Constraint[], i: number, requireAll: boolean, e: Eligible) => Float64Array;
}

export function createEligibleMemo(h: PluginHandle, affinityOf: (t: PodTemplate) => (n: NodeView) => boolean, topology: (key: string) => TopologyIndex): EligibleOf {
  // Keyed by the compiled constraint list (one per template and whenUnsatisfiable), then constraint and requireAll.
  const memo = new WeakMap<readonly Constraint[], Map<number, { generation: number; e: Eligible }>>();
  // Templates whose inputs are the same (see eligibleInputs) share one result.
  const shared = new Map<string, { generation: number; e: Eligible }>();
  return (t, cs, i, requireAll) => {
    const key = 2 * i + (requireAll ? 1 : 0);
    let inner = memo.get(cs);
    if (!inner) memo.set(cs, (inner = new Map()));
    const hit = inner.get(key);
    const generation = h.cluster.generation;
    if (hit && hit.generation === generation) return hit.e;
    const inputs = eligibleInputs(t, cs, i, requireAll);
    const same = shared.get(inputs);
    if (same && same.generation === generation) {
      inner.set(key, same);
      return same.e;
    }
    const e = computeEligible(h, affinityOf, topology, t, cs, i, requireAll);
    const entry = { generation, e };
    inner.set(key, entry);
    shared.set(inputs, entry);
    return e;
  };
}

/**
 * Everything computeEligible reads besides the nodes, as a string: the constraint's key and
 * inclusion policies, the pod's required node affinity (policy Honor) and tolerations (policy
 * Honor), and every constraint's key when all are required.
 */
function eligibleInputs(t: PodTemplate, cs: readonly Constraint[], i: number, requireAll: boolean): string {
  const c = cs[i]!;
  const spec = t.spec;
  return JSON.stringify([
    c.topologyKey,
    c.affinityHonor ? [spec.nodeSelector ?? null, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null] : null,
    c.taintsHonor ? (spec.tolerations ?? []) : null,
    requireAll ? cs.map((x) => x.topologyKey) : null,
  ]);
}

function computeEligible(
  h: PluginHandle,
  affinityOf: (t: PodTemplate) => (n: NodeView) => boolean,
  topology: (key: string) => TopologyIndex,
  t: PodTemplate,
  cs: readonly Constraint[],
  i: number,
  requireAll: boolean,
): Eligible {
  const c = cs[i]!;
  const affinity = affinityOf(t);
  const nodes: number[] = [];
  const values: string[] = [];
  const mask = new Uint8Array(h.cluster.node.count);
  let everyNode = true;
  for (const node of h.nodes()) {
    const has = node.labels.has(c.topologyKey);
    if ((requireAll && !hasAllKeys(node.labels, cs)) || !included(c, t, node, affinity)) {
      if (has) everyNode = false;
      continue;
    }
    nodes.push(node.ix);
    values.push(node.labels.get(c.topologyKey) ?? "");
    mask[node.ix] = 1;
  }
  const ids = topology(c.topologyKey).ids;
  const distinct = Int32Array.from(new Set(nodes.map((n) => ids[n]!).filter((id) => id >= 0)));
  return { nodes: Int32Array.from(nodes), values, mask, everyNode, distinct };
}

/** The per-node count arrays of the constraint's templates (live state). */
export const countArrays = (s: Readonly<ClusterState>, c: Constraint): Int32Array[] => c.templates.map((t) => podsOfTemplate(s as ClusterState, t));

export function sumAt(arrays: readonly Int32Array[], ix: number): number {
  let n = 0;
  for (let j = 0; j < arrays.length; j++) n += arrays[j]![ix]!;
  return n;
}

/**
 * Matching pods per topology value id of a non-hostname constraint, over its eligible nodes. When
 * no node with the key is left out, from the cluster's per-domain tallies; otherwise kept per
 * (template, constraint) and brought up to date from the cluster's count log (recounted when nodes
 * change or the log has moved on too far).
 */
export function createDomainCounter(h: PluginHandle, topology: (key: string) => TopologyIndex) {
  const memo = new WeakMap<readonly Constraint[], Map<number, { generation: number; seq: number; byId: Float64Array }>>();
  return (_t: PodTemplate, cs: readonly Constraint[], i: number, requireAll: boolean, e: Eligible): Float64Array => {
    const s = h.cluster as ClusterState;
    const c = cs[i]!;
    const ti = topology(c.topologyKey);
    if (e.everyNode) {
      const values = ti.values;
      const byId = new Float64Array(values.length);
      for (const tt of c.templates) {
        const m = podsOfTemplateByDomain(s, tt, c.topologyKey);
        for (let id = 0; id < values.length; id++) byId[id]! += m.get(values[id]!) ?? 0;
      }
      return byId;
    }
    const key = 2 * i + (requireAll ? 1 : 0);
    let inner = memo.get(cs);
    if (!inner) memo.set(cs, (inner = new Map()));
    let m = inner.get(key);
    const ids = ti.ids;
    if (m && m.generation === s.generation) {
      const byId = m.byId;
      const mine = c.templates;
      const seq = readCountLog(s, m.seq, (node, template, delta) => {
        if (e.mask[node] === 1 && ids[node]! >= 0 && mine.includes(template)) byId[ids[node]!]! += delta;
      });
      if (seq >= 0) {
        m.seq = seq;
        return byId;
      }
    }
    const arrays = countArrays(s, c);
    const byId = new Float64Array(ti.values.length);
    for (let k = 0; k < e.nodes.length; k++) {
      const id = ids[e.nodes[k]!]!;
      if (id >= 0) byId[id]! += sumAt(arrays, e.nodes[k]!);
    }
    m = { generation: s.generation, seq: s.countLog.seq, byId };
    inner.set(key, m);
    return byId;
  };
}

/** The value of one label key on every node, as small integers (-1: the node lacks the key). */
export interface TopologyIndex {
  readonly ids: Int32Array;
  readonly values: readonly string[];
}

/** Topology indexes per label key, rebuilt when nodes change. */
export function createTopologyIndex(h: PluginHandle): (key: string) => TopologyIndex {
  const memo = new Map<string, { generation: number; index: TopologyIndex }>();
  return (key) => {
    const hit = memo.get(key);
    if (hit && hit.generation === h.cluster.generation) return hit.index;
    const s = h.cluster;
    const ids = new Int32Array(s.node.count).fill(-1);
    const values: string[] = [];
    const idOf = new Map<string, number>();
    for (let n = 0; n < s.node.count; n++) {
      const v = s.node.labels[n]!.get(key);
      if (v === undefined) continue;
      let id = idOf.get(v);
      if (id === undefined) idOf.set(v, (id = values.push(v) - 1));
      ids[n] = id;
    }
    const index = { ids, values };
    memo.set(key, { generation: s.generation, index });
    return index;
  };
}
