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
      const ix = feasible[k]!.ix;
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
    const c = cs[i]!;
    let count: number;
    if (c.isHostname) {
      const ids = st.ids[i];
      if (ids ? ids[node.ix]! < 0 : !node.labels.has(c.topologyKey)) continue;
      count = node.version >= 0 ? sumAt(st.arrays[i]!, node.ix) : countOn(node, c);
    } else {
      const ids = st.ids[i];
      if (ids) {
        const id = ids[node.ix]!;
        if (id < 0) continue;
        count = st.countById[i]![id]!;
      } else {
        const value = node.labels.get(c.topologyKey);
        if (value === undefined) continue;
        count = st.domainCount[i]!(value);
      }
    }
    score += count * st.weights[i]! + (c.maxSkew - 1);
  }
  return roundHalfAway(score);
}

/** Lowest raw score → 100, highest → 100·min/max; ignored nodes 0. */
export function normalizeSpread(st: PreScoreState, nodes: readonly NodeView[], scores: Float64Array): void {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < nodes.length; i++) {
    if (st.ignored.size > 0 && st.ignored.has(nodes[i]!.ix)) continue;
    min = Math.min(min, scores[i]!);
    max = Math.max(max, scores[i]!);
  }
  for (let i = 0; i < nodes.length; i++) {
    if (st.ignored.size > 0 && st.ignored.has(nodes[i]!.ix)) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.floor((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
  }
}
