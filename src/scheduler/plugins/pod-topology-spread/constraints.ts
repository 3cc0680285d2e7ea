/**
 * The spread constraints that apply to a pod (podtopologyspread/common.go): its own, or the
 * profile's defaults for pods that belong to a workload; each compiled with the templates whose
 * pods its selector matches, and the node-inclusion policies (nodeAffinityPolicy default Honor,
 * nodeTaintsPolicy default Ignore).
 */
import type { ClusterState, Labels, NodeView, PodTemplate, TopologySpreadConstraint } from "../../../cluster/index.js";
import { findUntoleratedTaint, isDoNotSchedule, matchesLabelSelector, matchesRequiredAffinity, NodePhase, WellKnown } from "../../../cluster/index.js";

export interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly isHostname: boolean;
  readonly minDomains: number;
  readonly affinityHonor: boolean;
  readonly taintsHonor: boolean;
  /** Templates whose pods the selector matches (pods of one namespace: servesim has one). */
  readonly templates: readonly number[];
  /** The incoming pod matches its own selector. */
  readonly selfMatch: boolean;
}

/** The system default constraints (podtopologyspread/plugin.go systemDefaultConstraints). */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly TopologySpreadConstraint[] = [
  { topologyKey: WellKnown.hostname, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 3 },
  { topologyKey: WellKnown.zone, whenUnsatisfiable: "ScheduleAnyway", maxSkew: 5 },
];

export type Defaulting = { readonly type: "System" } | { readonly type: "List"; readonly constraints: readonly TopologySpreadConstraint[] };

function compile(s: ClusterState, t: PodTemplate, c: TopologySpreadConstraint, selects: (other: PodTemplate) => boolean): Constraint {
  const templates = s.templates.filter(selects).map((o) => o.id);
  return {
    maxSkew: c.maxSkew,
    topologyKey: c.topologyKey,
    isHostname: c.topologyKey === WellKnown.hostname,
    minDomains: c.minDomains ?? 1,
    affinityHonor: (c.nodeAffinityPolicy ?? "Honor") === "Honor",
    taintsHonor: (c.nodeTaintsPolicy ?? "Ignore") === "Honor",
    templates,
    selfMatch: templates.includes(t.id),
  };
}

/** The pod's own constraints with the given `whenUnsatisfiable`, or the defaults when it has none and belongs to a workload. */
export function constraintsFor(s: ClusterState, t: PodTemplate, when: TopologySpreadConstraint["whenUnsatisfiable"], defaulting: Defaulting): Constraint[] {
  const own = t.spec.topologySpreadConstraints ?? [];
  if (own.length > 0) {
    return own
      .filter((c) => c.whenUnsatisfiable === when)
      .map((c) => {
        // matchLabelKeys: the pod's values of those keys are ANDed into the selector.
        const extra = (c.matchLabelKeys ?? []).flatMap((k) => (t.labels.has(k) ? [[k, t.labels.get(k)!] as const] : []));
        const selects = (o: PodTemplate) => matchesLabelSelector(c.labelSelector, o.labels) && extra.every(([k, v]) => o.labels.get(k) === v);
        return compile(s, t, c, selects);
      });
  }
  // Defaults select the pods of the pod's own workload (helper.DefaultSelector over its Service and ReplicaSet).
  if (t.owner < 0) return [];
  const defaults = defaulting.type === "System" ? SYSTEM_DEFAULT_CONSTRAINTS : defaulting.constraints;
  return defaults.filter((c) => c.whenUnsatisfiable === when).map((c) => compile(s, t, c, (o) => o.owner === t.owner));
}

/** Whether the node carries every constraint's topology key. */
export const hasAllKeys = (labels: Labels, cs: readonly Constraint[]): boolean => cs.every((c) => labels.has(c.topologyKey));

/** Pods on the node that the constraint's selector matches. */
export function countOn(node: NodeView, c: Constraint): number {
  let n = 0;
  for (const t of c.templates) n += node.countOf(t);
  return n;
}

/** matchNodeInclusionPolicies: whether a node's pods count for the constraint. */
export function included(c: Constraint, t: PodTemplate, node: NodeView, affinityMatch: (node: NodeView) => boolean): boolean {
  if (c.affinityHonor && !affinityMatch(node)) return false;
  if (c.taintsHonor && findUntoleratedTaint(node.taints, t.spec.tolerations ?? [], isDoNotSchedule) !== undefined) return false;
  return true;
}

/** A per-template memo of the pod's required node affinity on every node, valid for one node generation. */
export function createAffinityMemo(s: ClusterState): (t: PodTemplate) => (node: NodeView) => boolean {
  const memo = new Map<number, { generation: number; bits: Uint8Array }>();
  // Templates with the same selector and required affinity share one result.
  const shared = new Map<string, { generation: number; bits: Uint8Array }>();
  return (t) => {
    const spec = t.spec;
    if (spec.nodeSelector === undefined && spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution === undefined) return () => true;
    let m = memo.get(t.id);
    if (!m || m.generation !== s.generation) {
      const inputs = JSON.stringify([spec.nodeSelector ?? null, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null]);
      const same = shared.get(inputs);
      if (same && same.generation === s.generation) m = same;
    }
    if (!m || m.generation !== s.generation) {
      const bits = new Uint8Array(s.node.count);
      for (let n = 0; n < s.node.count; n++) {
        if (s.node.phase[n] === NodePhase.Ready) bits[n] = matchesRequiredAffinity(spec.nodeSelector, spec.affinity?.nodeAffinity, s.node.labels[n]!, s.node.name[n]!) ? 1 : 0;
      }
      m = { generation: s.generation, bits };
      shared.set(JSON.stringify([spec.nodeSelector ?? null, spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null]), m);
    }
    memo.set(t.id, m);
    const bits = m.bits;
    return (node) => bits[node.ix] === 1;
  };
}
