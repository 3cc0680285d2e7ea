/**
 * One scheduling cycle for one pod (pkg/scheduler/schedule_one.go schedulePod): find feasible
 * nodes — the nominated node first, else walking the nodes from where the last cycle stopped until
 * numFeasibleNodesToFind are found — then score them and pick the best, ties broken by reservoir
 * sampling on the profile's seeded stream. Optionally records an explanation of the decision.
 */
import type { NodeView } from "../cluster/index.js";
import type { Stream } from "../engine/index.js";
import { createExplainRecorder } from "./explain.js";
import type { ExplainRecord } from "./explain.js";
import { fitErrorMessage } from "./fit-error.js";
import { Code, MAX_NODE_SCORE, MIN_NODE_SCORE } from "./framework.js";
import type { CycleCx, PodInfo, PostFilterResult, Status } from "./framework.js";
import type { Framework, NodeVerdict } from "./runtime.js";

/** Below this many nodes every node is searched; the floor of the adaptive share (minFeasibleNodesToFind, …PercentageToFind). */
const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** numFeasibleNodesToFind: how many feasible nodes to find before scoring. */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let p = percentage;
  if (p === 0) p = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  const n = Math.trunc((numAllNodes * p) / 100);
  return n < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : n;
}

export interface CycleOptions {
  /** Global percentageOfNodesToScore (a profile may override it). */
  readonly percentageOfNodesToScore: number;
  /** Where the node walk starts (rotated by the caller between cycles). */
  readonly startIndex: number;
  /** The pod's nominated node, if any. */
  readonly nominated: NodeView | undefined;
  readonly selectHost: Stream;
  /** Record an explanation of this decision. */
  readonly explain: boolean;
}

export interface CycleResult {
  /** The chosen node, or null when the pod is unschedulable. */
  readonly node: NodeView | null;
  /** Nodes whose filters ran (the caller advances the start index by this). */
  readonly processed: number;
  /** The FailedScheduling message when unschedulable. */
  readonly message: string | null;
  /** Preemption's proposal, when it made one. */
  readonly postFilter: PostFilterResult | undefined;
  /** An internal error (a plugin returned Error or a score out of range). */
  readonly error: string | null;
  readonly explain: ExplainRecord | undefined;
}

export function scheduleOne(fw: Framework, cx: CycleCx, pod: PodInfo, nodes: readonly NodeView[], o: CycleOptions): CycleResult {
  const rec = o.explain ? createExplainRecorder(fw, nodes.length) : undefined;
  const result = (r: Omit<CycleResult, "explain">): CycleResult => ({ ...r, explain: rec?.finish(r.node, r.message, r.postFilter) });
  const none = { node: null, processed: 0, postFilter: undefined, error: null } as const;
  if (nodes.length === 0) return result({ ...none, message: "no nodes available to schedule pods" });

  const pre = fw.preFilterPod(cx, pod);
  if ("rejected" in pre) {
    rec?.preFilterRejected(pre.rejected);
    if (pre.rejected.status?.code === Code.Error) return result({ ...none, message: null, error: pre.rejected.status.reasons.join("; ") });
    return result({ ...none, message: fitErrorMessage(nodes.length, nodes.map(() => pre.rejected.status)) });
  }
  const filters = pre.filters;

  // evaluateNominatedNode: a pod that preempted tries its nominated node first.
  if (o.nominated) {
    const v = fw.filterNode(cx, pod, o.nominated, filters);
    rec?.filtered(o.nominated, v);
    if (v === undefined) return result({ ...none, node: o.nominated, message: null });
  }

  const percentage = fw.profile.percentageOfNodesToScore ?? o.percentageOfNodesToScore;
  const toFind = fw.filter.length === 0 ? nodes.length : numFeasibleNodesToFind(percentage, nodes.length);
  const feasible: NodeView[] = [];
  const statuses = new Map<number, Status>();
  const verdicts: NodeVerdict[] = [];
  let processed = 0;
  for (let i = 0; i < nodes.length && feasible.length < toFind; i++) {
    const node = nodes[(o.startIndex + i) % nodes.length]!;
    processed++;
    const v = filters.length === 0 ? undefined : fw.filterNode(cx, pod, node, filters);
    rec?.filtered(node, v);
    if (v === undefined) feasible.push(node);
    else {
      if (v.status?.code === Code.Error) return result({ ...none, processed, message: null, error: v.status.reasons.join("; ") });
      statuses.set(node.ix, v.status);
      verdicts.push(v);
    }
  }

  if (feasible.length === 0) {
    let postFilter: PostFilterResult | undefined;
    let postMessage = "";
    for (const p of fw.postFilter) {
      const r = p.postFilter!(cx, pod, statuses);
      if (r.result) {
        postFilter = r.result;
        break;
      }
      if (r.status) postMessage = r.status.reasons.join(", ");
    }
    return result({ ...none, processed, postFilter, message: fitErrorMessage(nodes.length, verdicts.map((v) => v.status), postMessage) });
  }
  if (feasible.length === 1) {
    rec?.single();
    return result({ ...none, node: feasible[0]!, processed, message: null });
  }

  const totals = new Float64Array(feasible.length);
  const scoreError = prioritize(fw, cx, pod, feasible, totals, rec);
  if (scoreError !== null) return result({ ...none, processed, message: null, error: scoreError });
  return result({ ...none, node: feasible[selectHost(totals, o.selectHost)]!, processed, message: null });
}

/** PreScore, Score, NormalizeScore and weighting into `totals`; returns an error message or null. */
function prioritize(fw: Framework, cx: CycleCx, pod: PodInfo, feasible: readonly NodeView[], totals: Float64Array, rec: ReturnType<typeof createExplainRecorder> | undefined): string | null {
  const skipped = new Set<string>();
  for (const p of fw.preScore) {
    const s = p.preScore!(cx, pod, feasible);
    if (s === undefined) continue;
    if (s.code === Code.Skip) skipped.add(p.name);
    else return `${p.name} PreScore: ${s.reasons.join("; ")}`;
  }
  const scores = new Float64Array(feasible.length);
  for (const { plugin, weight } of fw.score) {
    if (skipped.has(plugin.name)) {
      rec?.scored(plugin.name, weight, null, null);
      continue;
    }
    for (let i = 0; i < feasible.length; i++) scores[i] = plugin.score!(cx, pod, feasible[i]!);
    const raw = rec ? Float64Array.from(scores) : null;
    plugin.normalizeScores?.(cx, pod, feasible, scores);
    for (let i = 0; i < feasible.length; i++) {
      const s = scores[i]!;
      if (!(s >= MIN_NODE_SCORE && s <= MAX_NODE_SCORE)) return `plugin ${plugin.name} returns an invalid score ${s}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`;
      totals[i]! += s * weight;
    }
    rec?.scored(plugin.name, weight, raw, scores);
  }
  rec?.feasible(feasible, totals);
  return null;
}

/** selectHost: the highest total; among equal ones, reservoir sampling in list order. */
export function selectHost(totals: Float64Array, stream: Stream): number {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < totals.length; i++) {
    if (totals[i]! > totals[best]!) {
      best = i;
      ties = 1;
    } else if (totals[i] === totals[best]) {
      ties++;
      if (stream.int(ties) === 0) best = i;
    }
  }
  return best;
}
