/**
 * Read-only views of a node, the scheduler's NodeInfo: live views read the cluster state as it is;
 * what-if views (preemption) show the node with some pods removed or added, without touching it.
 */
import type { Taint } from "./api.js";
import { PodPhase } from "./phases.js";
import type { ClusterState, NodeIx, PodIx } from "./state.js";
import { podsOfTemplate } from "./template-counts.js";
import type { Labels } from "./selectors.js";

/** A node as the scheduler reads it (kube's NodeInfo): identity, labels and taints, resource rows, pods. */
export interface NodeView {
  readonly ix: NodeIx;
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly unschedulable: boolean;
  /** Allocatable per resource column. */
  readonly allocatable: Float64Array;
  /** Σ effective requests of the pods on the node (terminating ones included), per resource column. */
  readonly requested: Float64Array;
  readonly maxPods: number;
  /** Pods on the node, terminating ones included. */
  readonly podCount: number;
  /**
   * Bumped by every change to the node (a bind, a deletion, its allocatable, taints or cordon): a
   * plugin may cache per node what it computed at a version. -1 for what-if views (never cache).
   */
  readonly version: number;
  /** The pods on the node, in bind order. */
  pods(): readonly PodIx[];
  /** Non-terminating pods of a template on the node. */
  countOf(template: number): number;
}

/** The live view of node `ix` (cached; rebuilt after the node rows grow). */
export function nodeView(s: ClusterState, ix: NodeIx): NodeView {
  const c = s.viewCache;
  if (c.rows !== s.node.requested.buffer) {
    c.views.length = 0;
    c.rows = s.node.requested.buffer;
  }
  return (c.views[ix] ??= liveView(s, ix));
}

/** Plain data, kept in step with the state by the state's mutations (syncView): no getters on the hot path. */
function liveView(s: ClusterState, ix: NodeIx): NodeView {
  const w = s.resources.width;
  const n = s.node;
  return {
    ix,
    name: n.name[ix]!,
    labels: n.labels[ix]!,
    taints: n.taints[ix]!,
    unschedulable: n.unschedulable[ix] === 1,
    allocatable: n.allocatable.subarray(ix * w, ix * w + w),
    requested: n.requested.subarray(ix * w, ix * w + w),
    maxPods: n.maxPods[ix]!,
    podCount: n.podCount[ix]!,
    version: n.version[ix]!,
    pods() {
      const out: PodIx[] = [];
      for (let pod = n.firstPod[ix]!; pod >= 0; pod = s.pod.nextOnNode[pod]!) out.push(pod as PodIx);
      return out;
    },
    countOf: (template) => podsOfTemplate(s, template)[ix]!,
  };
}

/** The node as it would be with `removed` pods gone and `added` pods bound (both lists disjoint from each other). */
export function whatIfView(s: ClusterState, base: NodeView, removed: readonly PodIx[], added: readonly PodIx[]): NodeView {
  const w = s.resources.width;
  const requested = Float64Array.from(base.requested);
  const apply = (pod: PodIx, sign: number) => {
    const row = s.templates[s.pod.template[pod]!]!.request;
    for (let r = 0; r < w; r++) requested[r]! += sign * row[r]!;
  };
  removed.forEach((p) => apply(p, -1));
  added.forEach((p) => apply(p, 1));
  const gone = new Set<number>(removed);
  const pods = [...base.pods().filter((p) => !gone.has(p)), ...added];
  const counts = (template: number, list: readonly PodIx[]) =>
    list.filter((p) => s.pod.template[p] === template && s.pod.phase[p] !== PodPhase.Terminating).length;
  return {
    ix: base.ix,
    name: base.name,
    labels: base.labels,
    taints: base.taints,
    unschedulable: base.unschedulable,
    allocatable: base.allocatable,
    requested,
    maxPods: base.maxPods,
    podCount: base.podCount - removed.length + added.length,
    version: -1,
    pods: () => pods,
    countOf: (template) => base.countOf(template) - counts(template, removed) + counts(template, added),
  };
}
