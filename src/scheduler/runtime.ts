/**
 * A profile made runnable (kube's frameworkImpl): plugin instances per extension point, and the
 * framework-level steps that plugins do not own — PreFilter with Skip tracking, the Filter chain
 * that stops at the first rejection, the same chain with nominated pods, Score with weights.
 */
import type { ClusterState, NodeView, PodIx, PodTemplate } from "../cluster/index.js";
import { whatIfView } from "../cluster/index.js";
import type { Stream, StreamName } from "../engine/index.js";
import { cacheable, createVerdictCache, Depends, hit, store } from "./cache.js";
import type { CacheEntry } from "./cache.js";
import { createCycleState } from "./cycle.js";
import { Code, viewOf } from "./framework.js";
import type { CycleCx, PluginHandle, PluginName, PodInfo, SchedulerPlugin, Status } from "./framework.js";
import type { Profile } from "./profile.js";
import type { Registry } from "./registry.js";
import { Scratch } from "./scratch.js";

/** Why a node was rejected: the first Filter plugin that said no, and what it said. */
export interface NodeVerdict {
  readonly plugin: PluginName;
  readonly status: Status;
}

export interface WeightedPlugin {
  readonly plugin: SchedulerPlugin;
  readonly weight: number;
  /** Position among the score plugins (its cache slot). */
  readonly slot: number;
  readonly depends: Depends | undefined;
}

/** The nodes that pass a pod's node-spec Filter steps: their positions in the walk order (ascending) and their ids. */
export interface StaticNodes {
  readonly positions: Int32Array;
  readonly ixs: Int32Array;
}

/** A Filter plugin to run for this pod, with its cache entry for the pod's template (null: no cache). */
export interface FilterStep {
  readonly plugin: SchedulerPlugin;
  readonly depends: Depends | undefined;
  readonly entry: CacheEntry<Status> | null;
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
  preFilterPod(cx: CycleCx, pod: PodInfo): { readonly filters: readonly FilterStep[] } | { readonly rejected: NodeVerdict };
  /** The Filter chain on one node; undefined when it passes. */
  filterNode(cx: CycleCx, pod: PodInfo, node: NodeView, filters: readonly FilterStep[]): NodeVerdict | undefined;
  /** The cache entry of a score plugin for a template (null: not cached). */
  scoreEntry(p: WeightedPlugin, template: number): CacheEntry<number> | null;
  /**
   * The cache entry of the weighted sum of the score plugins in `mask` (bit = slot, slots below 16)
   * for a template, valid per node version (null: not cached).
   */
  sumEntry(mask: number, template: number): CacheEntry<number> | null;
  /**
   * Positions (in the walk order of `nodes()`) of the nodes that pass every node-spec Filter step
   * for the pod's template, ascending; null when no step is node-spec. Recomputed when nodes change.
   */
  staticPositions(pod: PodInfo, steps: readonly FilterStep[]): StaticNodes | null;
  /** Whether any pod is nominated to any node (then Filter runs with them, RunFilterPluginsWithNominatedPods). */
  hasNominations(): boolean;
  /** Arrays the cycle's steps reuse from one decision to the next. */
  readonly scratch: Scratch;
}

export interface FrameworkEnv {
  readonly cluster: ClusterState;
  /** Nodes in walking order. */
  nodes(): readonly NodeView[];
  /** Pods nominated to a node, of priority ≥ `priority`, other than `except`. */
  nominatedPods(node: NodeView, priority: number, except: PodIx): readonly PodIx[];
  /** Whether any pod is nominated anywhere. */
  hasNominations(): boolean;
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
  const dryRunArgs = (cx: CycleCx, pod: PodInfo, node: NodeView): [CycleCx, PodInfo, NodeView, readonly FilterStep[]] => {
    const overrides = new Map(cx.overrides ?? []);
    overrides.set(node.ix, node);
    const dry: CycleCx = { state: createCycleState(), overrides };
    const pre = fw.preFilterPod(dry, pod);
    return [dry, pod, node, "filters" in pre ? pre.filters : []];
  };

  const runChain = (cx: CycleCx, pod: PodInfo, node: NodeView, steps: readonly FilterStep[]): NodeVerdict | undefined => {
    for (let i = 0; i < steps.length; i++) {
      const step = steps[i]!;
      const e = step.entry;
      let s: Status;
      if (e !== null && cacheable(step.depends!, node)) {
        if (hit(e, step.depends!, node)) s = e.values[node.ix];
        else store(e, node, (s = step.plugin.filter!(cx, pod, node)));
      } else s = step.plugin.filter!(cx, pod, node);
      if (s !== undefined) return { plugin: step.plugin.name, status: s };
    }
    return undefined;
  };
  const cache = createVerdictCache(env.cluster);
  const positions = new Map<string, { generation: number; nodes: StaticNodes }>();
  const filterDeps = profile.points.filter.map((name) => registry[name]!.cache?.filter);
  // Per filter plugin, the cache slot of a template: its id, or the number of its filterKey (templates
  // whose keys are equal get the same verdicts, so they share the slot).
  const filterKeys = profile.points.filter.map((name) => registry[name]!.cache?.filterKey);
  const slotsByTemplate = filterKeys.map(() => new Map<number, number>());
  const keyNumbers = filterKeys.map(() => new Map<string, number>());
  const filterSlot = (i: number, t: PodTemplate): number => {
    let slot = slotsByTemplate[i]!.get(t.id);
    if (slot === undefined) {
      const f = filterKeys[i];
      if (f === undefined) slot = t.id;
      else {
        const key = f(t);
        const numbers = keyNumbers[i]!;
        slot = numbers.get(key);
        if (slot === undefined) numbers.set(key, (slot = numbers.size));
      }
      slotsByTemplate[i]!.set(t.id, slot);
    }
    return slot;
  };
  // The static positions' key: which node-spec steps run, and each one's slot (or the template).
  const positionKeys = new Map<number, string>();
  const positionKey = (t: PodTemplate, fixed: readonly number[], mask: number): string => {
    let key = positionKeys.get(t.id * 65536 + mask);
    if (key === undefined) {
      key = fixed.every((i) => filterKeys[i] !== undefined) ? `${mask}:${fixed.map((i) => filterSlot(i, t)).join(",")}` : `${mask}:t${t.id}`;
      positionKeys.set(t.id * 65536 + mask, key);
    }
    return key;
  };

  const fw: Framework = {
    profile,
    cluster: env.cluster,
    preFilter: at("preFilter"),
    filter: at("filter"),
    postFilter: at("postFilter"),
    preScore: at("preScore"),
    score: profile.points.score.map((name, slot) => ({ plugin: instance(name), weight: profile.weights.get(name) ?? 1, slot, depends: registry[name]!.cache?.score })),
    preFilterPod(cx, pod) {
      const skipped = new Set<SchedulerPlugin>();
      for (const p of fw.preFilter) {
        const s = p.preFilter!(cx, pod);
        if (s === undefined) continue;
        if (s.code === Code.Skip) skipped.add(p);
        else return { rejected: { plugin: p.name, status: s } };
      }
      const t = pod.template;
      const filters: FilterStep[] = [];
      fw.filter.forEach((plugin, i) => {
        if (skipped.has(plugin)) return;
        const depends = filterDeps[i];
        filters.push({ plugin, depends, entry: depends === undefined ? null : cache.entry<Status>(i, "filter", depends, filterSlot(i, t)) });
      });
      return { filters };
    },
    staticPositions(pod, steps) {
      const fixed = steps.filter((st) => st.depends === Depends.NodeSpec);
      if (fixed.length === 0 || fw.filter.length > 16) return null;
      // Which filter plugins run (PreFilter may skip some) is part of the key.
      let mask = 0;
      const indexes: number[] = [];
      for (const st of fixed) {
        const i = fw.filter.indexOf(st.plugin);
        mask |= 1 << i;
        indexes.push(i);
      }
      const key = positionKey(pod.template, indexes, mask);
      const hit = positions.get(key);
      if (hit && hit.generation === env.cluster.generation) return hit.nodes;
      const cx: CycleCx = { state: createCycleState() };
      const out: number[] = [];
      const all = env.nodes();
      all.forEach((node, k) => runChain(cx, pod, node, fixed) === undefined && out.push(k));
      const list = Int32Array.from(out);
      const nodes = { positions: list, ixs: list.map((k) => all[k]!.ix) };
      positions.set(key, { generation: env.cluster.generation, nodes });
      return nodes;
    },
    hasNominations: () => env.hasNominations(),
    scratch: new Scratch(),
    scoreEntry: (p, template) => (p.depends === undefined ? null : cache.entry<number>(p.slot, "score", p.depends, template)),
    // Sum entries sit after the plugins' slots (at most 32 score plugins).
    sumEntry: (mask, template) => cache.entry<number>(32 + mask, "score", Depends.NodeState, template),
    filterNode(cx, pod, node, filters) {
      const live = cx.overrides === undefined ? node : viewOf(cx, node);
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
