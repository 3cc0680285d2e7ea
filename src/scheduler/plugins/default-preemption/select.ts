/**
 * Victim selection and node choice of DefaultPreemption (pkg/scheduler/framework/plugins/
 * defaultpreemption/default_preemption.go SelectVictimsOnNode, framework/preemption/preemption.go
 * pickOneNodeForPreemption). servesim has no PodDisruptionBudgets, so no victim violates one.
 */
import type { ClusterState, NodeView, PodIx } from "../../../cluster/index.js";
import { whatIfView } from "../../../cluster/index.js";
import type { CycleCx, PluginHandle, PodInfo, Status } from "../../framework.js";
import { Code, status } from "../../framework.js";

export const ERR_NO_VICTIMS = "No preemption victims found for incoming pod";

/** MoreImportantPod: higher priority first, then the earlier start. */
export const moreImportant = (s: ClusterState) => (a: PodIx, b: PodIx) =>
  s.pod.priority[b]! - s.pod.priority[a]! || s.pod.boundAt[a]! - s.pod.boundAt[b]!;

/**
 * Removes every lower-priority pod; if the pod then fits, adds victims back from the most important
 * down, keeping each that still lets the pod fit. Returns the victims (most important first) or why the node cannot help.
 */
export function selectVictimsOnNode(h: PluginHandle, cx: CycleCx, pod: PodInfo, node: NodeView): { victims: PodIx[] } | { status: Status } {
  const s = h.cluster;
  const priority = pod.template.priority;
  const potential = node.pods().filter((p) => s.pod.priority[p]! < priority);
  if (potential.length === 0) return { status: status(Code.UnschedulableAndUnresolvable, ERR_NO_VICTIMS) };
  const without = whatIfView(s, node, potential, []);
  const fits = h.runFilters(cx, pod, without);
  if (fits !== undefined) return { status: fits };
  potential.sort(moreImportant(s));
  const victims: PodIx[] = [];
  let removed = potential;
  for (const p of potential) {
    const trial = removed.filter((v) => v !== p);
    if (h.runFilters(cx, pod, whatIfView(s, node, trial, [])) === undefined) removed = trial;
    else victims.push(p);
  }
  return { victims };
}

export interface Candidate {
  readonly node: NodeView;
  /** Most important first. */
  readonly victims: readonly PodIx[];
}

/** The candidate whose eviction costs least, by upstream's criteria in order; ties → the first found. */
export function pickOneNode(s: ClusterState, candidates: readonly Candidate[]): Candidate | undefined {
  const MAX_INT32 = 2147483647;
  const criteria: ((c: Candidate) => number)[] = [
    // Lowest highest-priority victim.
    (c) => s.pod.priority[c.victims[0]!]!,
    // Lowest sum of priorities (offset so that negative priorities count as less).
    (c) => c.victims.reduce((sum, v) => sum + s.pod.priority[v]! + MAX_INT32 + 1, 0),
    // Fewest victims.
    (c) => c.victims.length,
    // Latest start among the highest-priority victims' earliest start (negated: lower is better).
    (c) => {
      const top = s.pod.priority[c.victims[0]!]!;
      let earliest = Infinity;
      for (const v of c.victims) if (s.pod.priority[v] === top) earliest = Math.min(earliest, s.pod.boundAt[v]!);
      return -earliest;
    },
  ];
  let left = candidates;
  for (const f of criteria) {
    if (left.length <= 1) break;
    const best = Math.min(...left.map(f));
    left = left.filter((c) => f(c) === best);
  }
  return left[0];
}
