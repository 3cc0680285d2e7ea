/**
 * Builds the cluster of a golden case: its nodes (registered, in case order), the pods bound to
 * them, unassigned pods, and the incoming pod left Pending; plus a handle for one plugin.
 */
import type { ClusterState, NodeView, PodIx, PodSpec } from "../../cluster/index.js";
import { addNode, addTemplate, bindPod, createClusterState, createPod, createResourceIndex, nodeView, registerNode, toLabels } from "../../cluster/index.js";
import type { NodeIx } from "../../cluster/index.js";
import { createStreams } from "../../engine/index.js";
import { createCycleState } from "../cycle.js";
import type { CycleCx, PodInfo } from "../framework.js";
import { defaultProfile } from "../profile.js";
import type { Profile } from "../profile.js";
import type { Registry } from "../registry.js";
import { createFramework } from "../runtime.js";
import type { Framework } from "../runtime.js";
import type { GoldenPod, GoldenSchedulerCase } from "./case-schema.js";

/** Pod limits are int32 (a node without a `pods` allocatable takes any number). */
const MAX_INT32 = 2147483647;

export interface GoldenCluster {
  readonly state: ClusterState;
  readonly nodes: readonly NodeView[];
  readonly pod: PodInfo;
}

const toSpec = (p: GoldenPod): PodSpec => ({
  labels: p.labels,
  containers: p.containers,
  initContainers: p.initContainers,
  overhead: p.overhead,
  resources: p.resources,
  nodeName: p.nodeName,
  nodeSelector: p.nodeSelector,
  affinity: p.nodeAffinity ? { nodeAffinity: p.nodeAffinity } : undefined,
  tolerations: p.tolerations,
  priority: p.priority,
  topologySpreadConstraints: p.topologySpreadConstraints,
});

const resourceNames = (p: GoldenPod): string[] => [
  ...[...p.containers, ...(p.initContainers ?? [])].flatMap((c) => Object.keys(c.requests ?? {})),
  ...Object.keys(p.overhead ?? {}),
  ...Object.keys(p.resources?.requests ?? {}),
];

export function buildGoldenCluster(c: GoldenSchedulerCase): GoldenCluster {
  const nodes = c.nodes ?? [];
  const incoming = c.pod ?? { containers: [] };
  const allPods = [incoming, ...(c.unassignedPods ?? []), ...nodes.flatMap((n) => n.pods)];
  const names = [...nodes.flatMap((n) => Object.keys(n.allocatable)), ...allPods.flatMap(resourceNames)];
  const state = createClusterState(createResourceIndex(names));
  const w = state.resources.width;
  const sizes = new Map<string, number>();
  let podSeq = 0;
  const place = (p: GoldenPod, node: NodeIx | null): PodIx => {
    const t = addTemplate(state, p.name ?? `pod-${podSeq}`, -1, toSpec(p), (image) => sizes.get(image) ?? 0);
    const pod = createPod(state, t.id, p.name ?? `pod-${podSeq++}`, 0);
    if (node !== null) bindPod(state, pod, node, 0);
    return pod;
  };
  for (const n of nodes) {
    const allocatable = new Float64Array(w);
    let maxPods = MAX_INT32;
    for (const [name, v] of Object.entries(n.allocatable)) {
      if (name === "pods") maxPods = Math.min(v, MAX_INT32);
      else allocatable[state.resources.id(name)] = v;
    }
    const ix = addNode(state, { name: n.name, pool: -1, allocatable, maxPods, labels: toLabels(n.labels), taints: n.taints }, 0);
    registerNode(state, ix, 0);
    if (n.unschedulable) state.node.unschedulable[ix] = 1;
    for (const img of n.images) for (const name of img.names) state.images.store(ix, state.images.intern(name, img.sizeBytes), 0, Infinity);
  }
  // Pods already on nodes were admitted by the test's snapshot, not by a Fit check: bypass bindPod's.
  nodes.forEach((n, i) => n.pods.forEach((p) => bindUnchecked(state, place(p, null), i as NodeIx)));
  for (const p of c.unassignedPods ?? []) place(p, null);
  const pod = place(incoming, null);
  // Case order, as the upstream tests list them (not the zone-interleaved walk order).
  const views = nodes.map((_, i) => nodeView(state, i as NodeIx));
  return { state, nodes: views, pod: { ix: pod, template: state.templates[state.pod.template[pod]!]! } };
}

/** Binds a pod the way a test snapshot lists it on a node, even over the node's allocatable. */
function bindUnchecked(state: ClusterState, pod: PodIx, node: NodeIx): void {
  const saved = state.node.maxPods[node]!;
  const w = state.resources.width;
  const alloc = state.node.allocatable.slice(node * w, node * w + w);
  state.node.maxPods[node] = MAX_INT32;
  state.node.allocatable.fill(Number.MAX_SAFE_INTEGER, node * w, node * w + w);
  bindPod(state, pod, node, 0);
  state.node.allocatable.set(alloc, node * w);
  state.node.maxPods[node] = saved;
}

/** A framework running just one plugin (at every point it implements), with the case's args. */
export function goldenFramework(g: GoldenCluster, registry: Registry, plugin: string, args: unknown): Framework {
  const base: Profile = defaultProfile(registry);
  const m = registry[plugin]!;
  const profile: Profile = {
    ...base,
    points: { preFilter: [], filter: [], postFilter: [], preScore: [], score: [], ...Object.fromEntries(m.points.map((p) => [p, [plugin]])) },
    weights: new Map([[plugin, 1]]),
    args: new Map([[plugin, m.args.parse(args ?? {})]]),
  };
  const stream = createStreams("golden");
  return createFramework(profile, registry, { cluster: g.state, nodes: () => g.nodes, nominatedPods: () => [], hasNominations: () => false, stream });
}

export const goldenCycle = (): CycleCx => ({ state: createCycleState() });
