/** The cluster autoscaler's view of nodes: template nodes of each pool, nodes on their way, group sizes. */
import type { NodeIx, NodePoolSpec, NodeView } from "../../cluster/index.js";
import { NodePhase, nodeView, WellKnown } from "../../cluster/index.js";
import type { CaCx } from "./context.js";

/** A new node of the pool once Ready with its devices advertised (the scheduler's filters run on it). */
export function templateView(spec: NodePoolSpec, width: number): NodeView {
  const labels = new Map(Object.entries(spec.labels));
  labels.set(WellKnown.hostname, `${spec.name}-template`);
  if (spec.zones.length > 0) labels.set(WellKnown.zone, spec.zones[0]!);
  if (spec.region !== undefined) labels.set(WellKnown.region, spec.region);
  return {
    ix: -1 as NodeIx,
    name: `template-node-for-${spec.name}`,
    labels,
    taints: spec.taints,
    unschedulable: false,
    allocatable: spec.allocatable,
    requested: new Float64Array(width),
    maxPods: spec.maxPods,
    podCount: 0,
    version: -1,
    pods: () => [],
    countOf: () => 0,
  };
}

export const isGone = (cx: CaCx, n: number): boolean => cx.c.state.node.phase[n] === NodePhase.Removed;

/** Nodes of the pool present or on their way. */
export function sizeOf(cx: CaCx, pool: number): number {
  const s = cx.c.state;
  let k = 0;
  for (let n = 0; n < s.node.count; n++) if (s.node.pool[n] === pool && !isGone(cx, n)) k++;
  return k;
}

export const devicesReady = (cx: CaCx, n: number): boolean => !Number.isNaN(cx.c.nodes.devicesReadyAt(n));

/** A node on its way: booting, or Ready without its devices yet; seen as its template with what it already holds. */
export function upcomingView(cx: CaCx, n: number): NodeView {
  const s = cx.c.state;
  const base = cx.templates[s.node.pool[n]!]!;
  const live = s.node.phase[n] === NodePhase.Ready ? nodeView(s, n as NodeIx) : null;
  return { ...base, requested: live ? Float64Array.from(live.requested) : base.requested, podCount: live?.podCount ?? 0, pods: live ? () => live.pods() : base.pods };
}
