/**
 * The scheduler framework's contracts, after kube-scheduler's framework/interface.go: a plugin is
 * an object that takes part in the extension points whose methods it has. A scheduling cycle runs
 * PreFilter → Filter (per node) → PostFilter (only when no node fits) → PreScore → Score (per
 * feasible node) → NormalizeScore, then the framework weights and sums the scores.
 */
import type * as z from "zod";
import type { Stream } from "../engine/index.js";
import type { ClusterState, NodeView, PodIx, PodTemplate } from "../cluster/index.js";
import type { Depends } from "./cache.js";
import type { CycleState } from "./cycle.js";

/** Plugin names are the upstream ones (PascalCase), so scenarios, explanations and exported configs agree. */
export type PluginName = string;

/** MaxNodeScore and MinNodeScore (kube-scheduler/framework/interface.go). */
export const MAX_NODE_SCORE = 100;
export const MIN_NODE_SCORE = 0;

export const Code = {
  /**
   * The pod does not fit this node now; preemption may help (evicting lower-priority pods could
   * make room). The node is reported in the pod's FailedScheduling message.
   */
  Unschedulable: "Unschedulable",
  /** The pod cannot fit this node whatever is evicted (a taint, an affinity, a request beyond allocatable); preemption skips the node. */
  UnschedulableAndUnresolvable: "UnschedulableAndUnresolvable",
  /** From PreFilter or PreScore: the plugin has nothing to do for this pod; its Filter or Score is not called. */
  Skip: "Skip",
  /** A bug or bad input: the cycle is aborted and the pod is retried after backoff. */
  Error: "Error",
} as const;
export type Code = (typeof Code)[keyof typeof Code];

/** `undefined` is success (kube's nil status); anything else carries a code and the reasons users see. */
export type Status = undefined | { readonly code: Code; readonly reasons: readonly string[]; readonly plugin?: PluginName };

export const status = (code: Code, ...reasons: string[]): Status => ({ code, reasons });

/** Whether a status rejects the node (Unschedulable or UnschedulableAndUnresolvable). */
export const isRejected = (s: Status): boolean => s !== undefined && (s.code === Code.Unschedulable || s.code === Code.UnschedulableAndUnresolvable);

/** The pod being scheduled. */
export interface PodInfo {
  readonly ix: PodIx;
  readonly template: PodTemplate;
}

/** What a plugin may read: the cluster (never to change it), the nodes the scheduler sees, and its own random stream. */
export interface PluginHandle {
  readonly cluster: Readonly<ClusterState>;
  /** Every node in the scheduler's snapshot, in the order it walks them. */
  nodes(): readonly NodeView[];
  /** The plugin's own seeded stream (`scheduler/<profile>/<plugin>`), created on first use. */
  stream(): Stream;
  /** Runs the profile's PreFilter and Filter plugins on one (possibly what-if) node: preemption's dry run. */
  runFilters(cx: CycleCx, pod: PodInfo, node: NodeView): Status;
}

/** Per-cycle context: the cycle state plugins write in PreFilter/PreScore and read in Filter/Score. */
export interface CycleCx {
  readonly state: CycleState;
  /** What-if views that replace live nodes (preemption's dry runs); plugins that walk every node read them through viewOf. */
  readonly overrides?: ReadonlyMap<number, NodeView>;
}

/** The node as this cycle sees it: its what-if view if the cycle has one, else the live view. */
export const viewOf = (cx: CycleCx, node: NodeView): NodeView => cx.overrides?.get(node.ix) ?? node;

/** Where PostFilter (preemption) wants the pod to go, and which pods must go first. */
export interface PostFilterResult {
  readonly nominatedNode: NodeView;
  readonly victims: readonly PodIx[];
}

export interface SchedulerPlugin {
  readonly name: PluginName;
  /** Once per cycle before Filter; `Skip` means Filter is not called for this pod; a rejection fails every node. */
  preFilter?(cx: CycleCx, pod: PodInfo): Status;
  /** Whether the pod fits this node; must read only `node` (preemption passes what-if views). */
  filter?(cx: CycleCx, pod: PodInfo, node: NodeView): Status;
  /** Only when no node passed Filter: tries to make room (preemption). `statuses` holds each node's Filter status. */
  postFilter?(cx: CycleCx, pod: PodInfo, statuses: ReadonlyMap<number, Status>): { readonly result?: PostFilterResult; readonly status: Status };
  /**
   * Once per cycle before Score, over the feasible nodes; `Skip` means Score is not called.
   * `live`, when given, holds the ids of `nodes` (aligned), every one a live view in a cycle
   * without what-if views: the plugin may read ids from it and node state by id.
   */
  preScore?(cx: CycleCx, pod: PodInfo, nodes: readonly NodeView[], live?: Int32Array): Status;
  /** Raw score of a feasible node (an integer). */
  score?(cx: CycleCx, pod: PodInfo, node: NodeView): number;
  /**
   * The raw scores of all `nodes` at once, into `scores` (aligned with `nodes`): exactly what
   * `score` gives for each, in one pass. When present the framework calls it instead of `score`
   * for the nodes it does not take from its cache.
   */
  scoreNodes?(cx: CycleCx, pod: PodInfo, nodes: readonly NodeView[], scores: Float64Array, live?: Int32Array): void;
  /**
   * Whether every node scores 0 for this pod in this cycle, raw and normalised (called after
   * PreScore): the framework may then leave the plugin out of the totals, which it does not change.
   */
  scoresZero?(cx: CycleCx, pod: PodInfo): boolean;
  /** Maps the raw scores (aligned with `nodes`) into 0..MAX_NODE_SCORE in place. */
  normalizeScores?(cx: CycleCx, pod: PodInfo, nodes: readonly NodeView[], scores: Float64Array): void;
  /** Set (with normalizeScores) when NormalizeScore is DefaultNormalizeScore: see defaultNormalization. */
  readonly defaultNormalize?: { readonly reverse: boolean };
}

/** A plugin's descriptor: its name, the zod schema of its args (kube's `<Name>Args`, with defaults) and its factory. */
export interface PluginModule<A> {
  readonly name: PluginName;
  readonly args: z.ZodType<A>;
  /** Extension points the plugin implements (checked against what a profile enables). */
  readonly points: readonly ExtensionPoint[];
  /**
   * What the plugin's Filter verdict and raw Score read besides the pod's template, so that the
   * framework may reuse them (see cache.ts). Absent: computed every time.
   */
  readonly cache?: {
    readonly filter?: Depends;
    readonly score?: Depends;
    /**
     * Everything the Filter verdict reads of the pod, as a string: templates with the same key
     * share cached verdicts (and the nodes their node-spec filters admit). Absent: per template.
     */
    readonly filterKey?: (t: PodTemplate) => string;
  };
  create(args: A, h: PluginHandle): SchedulerPlugin;
}

export const EXTENSION_POINTS = ["preFilter", "filter", "postFilter", "preScore", "score"] as const;
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];
