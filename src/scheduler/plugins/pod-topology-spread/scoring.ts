/**
 * PodTopologySpread PreScore, Score and NormalizeScore (podtopologyspread/scoring.go) for the
 * ScheduleAnyway constraints. Each constraint weighs ln(domains + 2) (domains among the feasible
 * nodes; for the hostname key, the feasible nodes); a node scores
 * round(Σ count·weight + maxSkew − 1), where count is the matching pods of its domain over every
 * node; normalisation maps the lowest raw score to 100. Nodes lacking a key are ignored (score 0)
 * when the constraints are the pod's own (or not the system defaults).
 */
import type { NodeView, PodTemplate } from "../../../cluster/index.js";
import { log } from "../../../engine/index.js";
import type { CycleCx, PluginHandle } from "../../framework.js";
import { MAX_NODE_SCORE, viewOf } from "../../framework.js";
import { roundHalfAway } from "../../normalize.js";
import type { Constraint } from "./constraints.js";
import { countOn, hasAllKeys, included } from "./constraints.js";
import { countArrays, sumAt } from "./eligible.js";
import type { Counting } from "./eligible.js";

export interface PreScoreState {
  readonly constraints: readonly Constraint[];
  readonly ignored: ReadonlySet<number>;
  /** Matching pods per domain value, for the non-hostname constraints (index aligned with `constraints`). */
  readonly domainCount: readonly ((value: string) => number)[];
  /** The same by topology value id (live views): the node's value id (hostname constraints too), and the count per id. */
  readonly ids: readonly (Int32Array | null)[];
  readonly countById: readonly (Float64Array | null)[];
  /** Per-node count arrays of the hostname constraints' templates (live state). */
  readonly arrays: readonly (readonly Int32Array[])[];
  readonly weights: readonly number[];
}

/** The reference count for non-hostname constraints: every node as this cycle sees it. */
function countAll(h: PluginHandle, cx: CycleCx, t: PodTemplate, cs: readonly Constraint[], requireAll: boolean, affinity: (n: NodeView) => boolean, domains: readonly Set<string>[]) {
  const counts = cs.map(() => new Map<string, number>());
  for (const live of h.nodes()) {
    const node = viewOf(cx, live);
    if (requireAll && !hasAllKeys(node.labels, cs)) continue;
    cs.forEach((c, i) => {
      if (c.isHostname || !included(c, t, node, affinity)) return;
      const value = node.labels.get(c.topologyKey) ?? "";
      if (domains[i]!.has(value)) counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + countOn(node, c));
    });
  }
  return counts.map((m) => (value: string) => m.get(value) ?? 0);
}

export function computePreScore(
  h: PluginHandle,
  cx: CycleCx,
  t: PodTemplate,
  cs: readonly Constraint[],
  feasible: readonly NodeView[],
  requireAll: boolean,
  affinity: (n: NodeView) => boolean,
  k: Counting,
  live?: Int32Array,
): PreScoreState {
  const ignored = new Set<number>();
  if (requireAll) for (const n of feasible) if (!hasAllKeys(n.labels, cs)) ignored.add(n.ix);
  const arrays = cs.map((c) => (c.isHostname ? countArrays(h.cluster, c) : []));
  const hostWeight = log(feasible.length - ignored.size + 2);
  if (cx.overrides !== undefined) {
    const domains = cs.map(() => new Set<string>());
    // A node without the key still opens the "" domain, as upstream's map lookup does.
    for (const n of feasible) if (!ignored.has(n.ix)) cs.forEach((c, i) => c.isHostname || domains[i]!.add(n.labels.get(c.topologyKey) ?? ""));
    const weights = cs.map((c, i) => (c.isHostname ? hostWeight : log(domains[i]!.size + 2)));
    const domainCount = countAll(h, cx, t, cs, requireAll, affinity, domains);
    return { constraints: cs, ignored, domainCount, ids: cs.map(() => null), countById: cs.map(() => null), arrays, weights };
  }
  const weights: number[] = [];
  const ids: (Int32Array | null)[] = [];
  const countById: (Float64Array | null)[] = [];
  cs.forEach((c, i) => {
    if (c.isHostname) {
      weights.push(hostWeight);
      ids.push(k.topology(c.topologyKey).ids);
      countById.push(null);
      return;
    }
    const ti = k.topology(c.topologyKey);
    const seen = new Uint8Array(ti.values.length);
    let size = 0;
    let blank = false;
    for (let k = 0; k < feasible.length; k++) {
      const ix = live !== undefined ? live[k]! : feasible[k]!.ix;
      if (ignored.size > 0 && ignored.has(ix)) continue;
      const id = ti.ids[ix]!;
      if (id < 0) blank = true;
      else if (seen[id] === 0) {
        seen[id] = 1;
        size++;
      }
    }
    weights.push(log(size + (blank ? 1 : 0) + 2));
    ids.push(ti.ids);
    countById.push(k.countsById(t, cs, i, requireAll, k.eligibleOf(t, cs, i, requireAll)));
  });
  return { constraints: cs, ignored, domainCount: cs.map(() => () => 0), ids, countById, arrays, weights };
}

export function spreadScore(st: PreScoreState, node: NodeView): number {
  if (st.ignored.size > 0 && st.ignored.has(node.ix)) return 0;
  let score = 0;
  const cs = st.constraints;
  for (let i = 0; i < cs.length; i++) {
    const count = constraintCount(st, i, node);
    if (count >= 0) score += count * st.weights[i]! + (cs[i]!.maxSkew - 1);
  }
  return roundHalfAway(score);
}

/**
 * spreadScore of every node of `nodes` into `out`, constraint by constraint: each node's sum takes
 * the same terms in the same order as spreadScore, so the results are identical. `live`: the
 * nodes' ids, all live views (SchedulerPlugin.scoreNodes).
 */
export function spreadScores(st: PreScoreState, nodes: readonly NodeView[], out: Float64Array, live?: Int32Array): void {
  const n = nodes.length;
  const ignoring = st.ignored.size > 0;
  const cs = st.constraints;
  if (!ignoring && cs.length === 2 && spreadScores2(st, nodes, out, live)) return;
  out.fill(0, 0, n);
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i]!;
    const ids = st.ids[i];
    const w = st.weights[i]!;
    const extra = c.maxSkew - 1;
    if (ids === null || ids === undefined || (c.isHostname && st.arrays[i]!.length !== 1)) {
      // The general case (what-if views, several templates): node by node as spreadScore does.
      for (let k = 0; k < n; k++) {
        const node = nodes[k]!;
        if (ignoring && st.ignored.has(node.ix)) continue;
        const count = constraintCount(st, i, node);
        if (count >= 0) out[k]! += count * w + extra;
      }
      continue;
    }
    if (c.isHostname) {
      const counts = st.arrays[i]![0]!;
      for (let k = 0; k < n; k++) {
        const node = nodes[k]!;
        const ix = node.ix;
        if (ids[ix]! < 0 || (ignoring && st.ignored.has(ix))) continue;
        const count = node.version >= 0 ? counts[ix]! : countOn(node, c);
        out[k]! += count * w + extra;
      }
      continue;
    }
    const byId = st.countById[i]!;
    for (let k = 0; k < n; k++) {
      const ix = nodes[k]!.ix;
      const id = ids[ix]!;
      if (id < 0 || (ignoring && st.ignored.has(ix))) continue;
      out[k]! += byId[id]! * w + extra;
    }
  }
  for (let k = 0; k < n; k++) out[k] = ignoring && st.ignored.has(nodes[k]!.ix) ? 0 : roundHalfAway(out[k]!);
}

/**
 * The common case of two constraints on live state with no ignored node (the system defaults: a
 * hostname and a zone constraint): both terms of each node in one pass. False when it does not apply.
 */
function spreadScores2(st: PreScoreState, nodes: readonly NodeView[], out: Float64Array, live: Int32Array | undefined): boolean {
  const a = typedTerm(st, 0);
  const b = typedTerm(st, 1);
  if (a === null || b === null) return false;
  const wa = st.weights[0]!;
  const wb = st.weights[1]!;
  const ea = st.constraints[0]!.maxSkew - 1;
  const eb = st.constraints[1]!.maxSkew - 1;
  for (let k = 0; k < nodes.length; k++) {
    let ix: number;
    if (live !== undefined) ix = live[k]!;
    else {
      const node = nodes[k]!;
      // A what-if view counts its own pods (spreadScore): leave it to the general case.
      if (node.version < 0) return false;
      ix = node.ix;
    }
    let score = 0;
    const ia = a.ids[ix]!;
    if (ia >= 0) score += (a.byId === null ? a.counts![ix]! : a.byId[ia]!) * wa + ea;
    const ib = b.ids[ix]!;
    if (ib >= 0) score += (b.byId === null ? b.counts![ix]! : b.byId[ib]!) * wb + eb;
    out[k] = roundHalfAway(score);
  }
  return true;
}

/** Constraint i's lookups on live state: hostname (one template) by per-node counts, others by value id; null otherwise. */
function typedTerm(st: PreScoreState, i: number): { ids: Int32Array; byId: Float64Array | null; counts: Int32Array | null } | null {
  const ids = st.ids[i];
  if (ids === null || ids === undefined) return null;
  if (st.constraints[i]!.isHostname) return st.arrays[i]!.length === 1 ? { ids, byId: null, counts: st.arrays[i]![0]! } : null;
  return { ids, byId: st.countById[i]!, counts: null };
}

/** Constraint i's matching-pod count for the node's domain, or -1 when the node has no domain for it. */
function constraintCount(st: PreScoreState, i: number, node: NodeView): number {
  const c = st.constraints[i]!;
  const ids = st.ids[i];
  if (c.isHostname) {
    if (ids ? ids[node.ix]! < 0 : !node.labels.has(c.topologyKey)) return -1;
    return node.version >= 0 ? sumAt(st.arrays[i]!, node.ix) : countOn(node, c);
  }
  if (ids) {
    const id = ids[node.ix]!;
    return id < 0 ? -1 : st.countById[i]![id]!;
  }
  const value = node.labels.get(c.topologyKey);
  return value === undefined ? -1 : st.domainCount[i]!(value);
}

/** Lowest raw score → 100, highest → 100·min/max; ignored nodes 0. */
export function normalizeSpread(st: PreScoreState, nodes: readonly NodeView[], scores: Float64Array): void {
  let min = Infinity;
  let max = 0;
  const ignoring = st.ignored.size > 0;
  const n = nodes.length;
  for (let i = 0; i < n; i++) {
    if (ignoring && st.ignored.has(nodes[i]!.ix)) continue;
    min = Math.min(min, scores[i]!);
    max = Math.max(max, scores[i]!);
  }
  for (let i = 0; i < n; i++) {
    if (ignoring && st.ignored.has(nodes[i]!.ix)) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.floor((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
  }
}
