/**
 * Explanations of scheduling decisions, as plain JSON: each evaluated node's Filter verdict (the
 * first plugin that rejected it and its reasons), each Score plugin's raw, normalised and weighted
 * score per feasible node, the totals and the chosen node. Recorded only for the decisions asked for.
 */
import type { NodeView } from "../cluster/index.js";
import type { PluginName, PostFilterResult } from "./framework.js";
import type { Framework, NodeVerdict } from "./runtime.js";

export interface FilterVerdict {
  readonly node: string;
  readonly passed: boolean;
  /** The plugin that rejected the node (null when it passed). */
  readonly plugin: PluginName | null;
  readonly code: string | null;
  readonly reasons: readonly string[];
}

export interface PluginScore {
  /** Null when the plugin skipped this pod (PreScore returned Skip). */
  readonly raw: number | null;
  readonly normalized: number | null;
  /** normalized × weight (0 when skipped). */
  readonly weighted: number;
}

export interface NodeScore {
  readonly node: string;
  /** Aligned with ExplainRecord.plugins. */
  readonly plugins: readonly PluginScore[];
  readonly total: number;
}

export interface ExplainRecord {
  readonly profile: string;
  readonly nodesTotal: number;
  /** Nodes whose filters ran; the rest were not looked at (percentageOfNodesToScore was reached). */
  readonly nodesEvaluated: number;
  readonly filters: readonly FilterVerdict[];
  /** Score plugins in order, with their weights. */
  readonly plugins: readonly { readonly name: PluginName; readonly weight: number; readonly skipped: boolean }[];
  /** Feasible nodes with their scores (empty when fewer than two nodes were feasible: no scoring then). */
  readonly scores: readonly NodeScore[];
  readonly chosen: string | null;
  /** The FailedScheduling message of an unschedulable pod. */
  readonly message: string | null;
  readonly nominatedNode: string | null;
  readonly victims: readonly string[];
  readonly note: string | null;
}

export interface ExplainRecorder {
  preFilterRejected(v: NodeVerdict): void;
  filtered(node: NodeView, v: NodeVerdict | undefined): void;
  single(): void;
  scored(plugin: PluginName, weight: number, raw: Float64Array | null, normalized: Float64Array | null): void;
  feasible(nodes: readonly NodeView[], totals: Float64Array): void;
  finish(chosen: NodeView | null, message: string | null, post: PostFilterResult | undefined): ExplainRecord;
}

export function createExplainRecorder(fw: Framework, nodesTotal: number): ExplainRecorder {
  const filters = new Map<string, FilterVerdict>();
  const plugins: { name: PluginName; weight: number; skipped: boolean }[] = [];
  const columns: { raw: Float64Array | null; normalized: Float64Array | null; weight: number }[] = [];
  let scores: NodeScore[] = [];
  let note: string | null = null;
  return {
    preFilterRejected(v) {
      note = `PreFilter ${v.plugin} rejected the pod on every node: ${v.status?.reasons.join(", ") ?? ""}`;
    },
    filtered(node, v) {
      filters.delete(node.name);
      filters.set(node.name, { node: node.name, passed: v === undefined, plugin: v?.plugin ?? null, code: v?.status?.code ?? null, reasons: v?.status?.reasons ?? [] });
    },
    single() {
      note = "one feasible node: chosen without scoring";
    },
    scored(plugin, weight, raw, normalized) {
      plugins.push({ name: plugin, weight, skipped: raw === null });
      columns.push({ raw, normalized: normalized && Float64Array.from(normalized), weight });
    },
    feasible(nodes, totals) {
      scores = nodes.map((n, i) => ({
        node: n.name,
        plugins: columns.map((c) => ({ raw: c.raw?.[i] ?? null, normalized: c.normalized?.[i] ?? null, weighted: (c.normalized?.[i] ?? 0) * c.weight })),
        total: totals[i]!,
      }));
    },
    finish(chosen, message, post) {
      return {
        profile: fw.profile.schedulerName,
        nodesTotal,
        nodesEvaluated: filters.size,
        filters: [...filters.values()],
        plugins,
        scores,
        chosen: chosen?.name ?? null,
        message,
        nominatedNode: post?.nominatedNode.name ?? null,
        victims: post ? post.victims.map((v) => fw.cluster.pod.name[v]!) : [],
        note,
      };
    },
  };
}
