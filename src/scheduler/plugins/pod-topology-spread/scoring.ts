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
import { podsOfTemplate, podsOfTemplateByDomain } from "../../../cluster/index.js";
import type { CycleCx, PluginHandle } from "../../framework.js";
import { MAX_NODE_SCORE, viewOf } from "../../framework.js";
import { roundHalfAway } from "../../normalize.js";
import type { Constraint } from "./constraints.js";
import { countOn, hasAllKeys, included } from "./constraints.js";

export interface PreScoreState {
  readonly constraints: readonly Constraint[];
  readonly ignored: ReadonlySet<number>;
  /** Matching pods per domain value, for the non-hostname constraints (index aligned with `constraints`). */
  readonly domainCount: readonly ((value: string) => number)[];
  readonly weights: readonly number[];
}

export function computePreScore(
  h: PluginHandle,
  cx: CycleCx,
  t: PodTemplate,
  cs: readonly Constraint[],
  feasible: readonly NodeView[],
  requireAll: boolean,
  affinity: (n: NodeView) => boolean,
  trivialAffinity: boolean,
): PreScoreState {
  const ignored = new Set<number>();
  const domains = cs.map(() => new Set<string>());
  for (const node of feasible) {
    if (requireAll && !hasAllKeys(node.labels, cs)) {
      ignored.add(node.ix);
      continue;
    }
    // A node without the key still opens the "" domain, as upstream's map lookup does.
    cs.forEach((c, i) => !c.isHostname && domains[i]!.add(node.labels.get(c.topologyKey) ?? ""));
  }
  const weights = cs.map((c, i) => log((c.isHostname ? feasible.length - ignored.size : domains[i]!.size) + 2));

  const everyNodeCounts = cs.every((c) => (!c.affinityHonor || trivialAffinity) && !c.taintsHonor);
  const otherKeys = new Set(cs.filter((c) => !c.isHostname).map((c) => c.topologyKey));
  let domainCount: ((value: string) => number)[];
  if (everyNodeCounts && otherKeys.size <= 1 && cx.overrides === undefined) {
    domainCount = cs.map((c) => {
      if (c.isHostname) return () => 0;
      const tallies = c.templates.map((tt) => podsOfTemplateByDomain(h.cluster, tt, c.topologyKey));
      return (value) => {
        let n = 0;
        for (const m of tallies) n += m.get(value) ?? 0;
        return n;
      };
    });
  } else {
    const counts = cs.map(() => new Map<string, number>());
    const arrays = cs.map((c) => c.templates.map((tt) => podsOfTemplate(h.cluster, tt)));
    for (const live of h.nodes()) {
      const node = viewOf(cx, live);
      if (requireAll && !hasAllKeys(node.labels, cs)) continue;
      cs.forEach((c, i) => {
        if (c.isHostname || !included(c, t, node, affinity)) return;
        const value = node.labels.get(c.topologyKey) ?? "";
        if (!domains[i]!.has(value)) return;
        let n = 0;
        if (node !== live) n = countOn(node, c);
        else for (const a of arrays[i]!) n += a[node.ix]!;
        counts[i]!.set(value, (counts[i]!.get(value) ?? 0) + n);
      });
    }
    domainCount = counts.map((m) => (value: string) => m.get(value) ?? 0);
  }
  return { constraints: cs, ignored, domainCount, weights };
}

export function spreadScore(st: PreScoreState, node: NodeView): number {
  if (st.ignored.has(node.ix)) return 0;
  let score = 0;
  st.constraints.forEach((c, i) => {
    const value = node.labels.get(c.topologyKey);
    if (value === undefined) return;
    const count = c.isHostname ? countOn(node, c) : st.domainCount[i]!(value);
    score += count * st.weights[i]! + (c.maxSkew - 1);
  });
  return roundHalfAway(score);
}

/** Lowest raw score → 100, highest → 100·min/max; ignored nodes 0. */
export function normalizeSpread(st: PreScoreState, nodes: readonly NodeView[], scores: Float64Array): void {
  let min = Infinity;
  let max = 0;
  nodes.forEach((n, i) => {
    if (st.ignored.has(n.ix)) return;
    min = Math.min(min, scores[i]!);
    max = Math.max(max, scores[i]!);
  });
  nodes.forEach((n, i) => {
    if (st.ignored.has(n.ix)) scores[i] = 0;
    else if (max === 0) scores[i] = MAX_NODE_SCORE;
    else scores[i] = Math.floor((MAX_NODE_SCORE * (max + min - scores[i]!)) / max);
  });
}
