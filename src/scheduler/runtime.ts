/**
 * A profile made runnable (kube's frameworkImpl): plugin instances per extension point, and the
 * framework-level steps that plugins do not own — PreFilter with Skip tracking, the Filter chain
 * that stops at the first rejection, the same chain with nominated pods, Score with weights.
 */
import type { ClusterState, NodeView, PodIx } from "../cluster/index.js";
import { whatIfView } from "../cluster/index.js";
import type { Stream, StreamName } from "../engine/index.js";
import { createCycleState } from "./cycle.js";
import { Code, viewOf } from "./framework.js";
import type { CycleCx, PluginHandle, PluginName, PodInfo, SchedulerPlugin, Status } from "./framework.js";
import type { Profile } from "./profile.js";
import type { Registry } from "./registry.js";

/** Why a node was rejected: the first Filter plugin that said no, and what it said. */
export interface NodeVerdict {
  readonly plugin: PluginName;
  readonly status: Status;
}

export interface WeightedPlugin {
  readonly plugin: SchedulerPlugin;
  readonly weight: number;
}

export interface Framework {
  readonly profile: Profile;
  readonly cluster: ClusterState;
  readonly preFilter: readonly SchedulerPlugin[];
  readonly filter: readonly SchedulerPlugin[];
  readonly postFilter: readonly SchedulerPlugin[];
  readonly preScore: readonly SchedulerPlugin[];
  readonly score: readonly WeightedPlugin[];
  /**
   * Runs PreFilter; returns the filter plugins to run (those that did not Skip) or the verdict
   * that rejects every node. Writes the plugins' cycle state into `cx`.
   */
  preFilterPod(cx: CycleCx, pod: PodInfo): { readonly filters: readonly SchedulerPlugin[] } | { readonly rejected: NodeVerdict };
  /** The Filter chain on one node; undefined when it passes. */
  filterNode(cx: CycleCx, pod: PodInfo, node: NodeView, filters: readonly SchedulerPlugin[]): NodeVerdict | undefined;
}

export interface FrameworkEnv {
  readonly cluster: ClusterState;
  /** Nodes in walking order. */
  nodes(): readonly NodeView[];
  /** Pods nominated to a node, of priority ≥ `priority`, other than `except`. */
  nominatedPods(node: NodeView, priority: number, except: PodIx): readonly PodIx[];
  /** The stream of a name, created on first use. */
  stream(name: StreamName): Stream;
}

export function createFramework(profile: Profile, registry: Registry, env: FrameworkEnv): Framework {
  const instances = new Map<PluginName, SchedulerPlugin>();
  const lazyStreams = new Map<PluginName, Stream>();
  const handleOf = (name: PluginName): PluginHandle => ({
    cluster: env.cluster,
    nodes: env.nodes,
    stream: () => {
      let s = lazyStreams.get(name);
      if (!s) lazyStreams.set(name, (s = env.stream(`scheduler/${profile.schedulerName}/${name}`)));
      return s;
    },
    runFilters: (cx, pod, node) => fw.filterNode(...dryRunArgs(cx, pod, node))?.status,
  });
  const instance = (name: PluginName) => {
    let p = instances.get(name);
    if (!p) instances.set(name, (p = registry[name]!.create(profile.args.get(name), handleOf(name))));
    return p;
  };
  const at = (point: keyof Profile["points"]) => profile.points[point].map(instance);

  /** A dry run on a what-if node: its own cycle state, the node overriding the live one, PreFilter rerun. */
  const dryRunArgs = (cx: CycleCx, pod: PodInfo, node: NodeView): [CycleCx, PodInfo, NodeView, readonly SchedulerPlugin[]] => {
    const overrides = new Map(cx.overrides ?? []);
    overrides.set(node.ix, node);
    const dry: CycleCx = { state: createCycleState(), overrides };
    const pre = fw.preFilterPod(dry, pod);
    return [dry, pod, node, "filters" in pre ? pre.filters : []];
  };

  const runChain = (cx: CycleCx, pod: PodInfo, node: NodeView, filters: readonly SchedulerPlugin[]): NodeVerdict | undefined => {
    for (let i = 0; i < filters.length; i++) {
      const s = filters[i]!.filter!(cx, pod, node);
      if (s !== undefined) return { plugin: filters[i]!.name, status: s };
    }
    return undefined;
  };

  const fw: Framework = {
    profile,
    cluster: env.cluster,
    preFilter: at("preFilter"),
    filter: at("filter"),
    postFilter: at("postFilter"),
    preScore: at("preScore"),
    score: profile.points.score.map((name) => ({ plugin: instance(name), weight: profile.weights.get(name) ?? 1 })),
    preFilterPod(cx, pod) {
      const skipped = new Set<SchedulerPlugin>();
      for (const p of fw.preFilter) {
        const s = p.preFilter!(cx, pod);
        if (s === undefined) continue;
        if (s.code === Code.Skip) skipped.add(p);
        else return { rejected: { plugin: p.name, status: s } };
      }
      return { filters: skipped.size === 0 ? fw.filter : fw.filter.filter((p) => !skipped.has(p)) };
    },
    filterNode(cx, pod, node, filters) {
      const live = viewOf(cx, node);
      const nominated = env.nominatedPods(live, pod.template.priority, pod.ix);
      if (nominated.length === 0) return runChain(cx, pod, live, filters);
      // RunFilterPluginsWithNominatedPods: the pod must fit with the nominated pods of equal or
      // higher priority placed on the node, and without them.
      const withNominated = runChain(cx, pod, whatIfView(env.cluster, live, [], nominated), filters);
      return withNominated ?? runChain(cx, pod, live, filters);
    },
  };
  return fw;
}
