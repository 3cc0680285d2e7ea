/**
 * One scheduling cycle for one pod (pkg/scheduler/schedule_one.go schedulePod): find feasible
 * nodes — the nominated node first, else walking the nodes from where the last cycle stopped until
 * numFeasibleNodesToFind are found — then score them and pick the best, ties broken by a draw from
 * the profile's seeded stream. Optionally records an explanation of the decision.
 */
import type { NodeView } from "../cluster/index.js";
import type { Stream } from "../engine/index.js";
import { Depends, store } from "./cache.js";
import { createExplainRecorder } from "./explain.js";
import { prioritize, selectHost } from "./prioritize.js";
import type { ExplainRecord } from "./explain.js";
import { fitErrorMessage } from "./fit-error.js";
import { Code } from "./framework.js";
import type { CycleCx, PodInfo, PostFilterResult, Status } from "./framework.js";
import type { FilterStep, Framework, NodeVerdict } from "./runtime.js";

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
  if (!rec && cx.overrides === undefined) {
    const fast = walkFast(fw, cx, pod, nodes, filters, o.startIndex, toFind);
    if (fast !== null && fast.feasible.length > 0) return finish(fw, cx, pod, fast.feasible, fast.processed, o, result, none, rec, fast.listed);
  }
  const feasible: NodeView[] = [];
  // Rejections are kept in arrays: only an unschedulable pod needs them (its message, preemption).
  const rejected: NodeView[] = [];
  const verdicts: NodeVerdict[] = [];
  let processed = 0;
  const n = nodes.length;
  for (let i = 0, at = o.startIndex; i < n && feasible.length < toFind; i++, at = at + 1 === n ? 0 : at + 1) {
    const node = nodes[at]!;
    processed++;
    const v = filters.length === 0 ? undefined : fw.filterNode(cx, pod, node, filters);
    if (rec) rec.filtered(node, v);
    if (v === undefined) feasible.push(node);
    else {
      if (v.status?.code === Code.Error) return result({ ...none, processed, message: null, error: v.status.reasons.join("; ") });
      rejected.push(node);
      verdicts.push(v);
    }
  }

  if (feasible.length === 0) {
    const statuses = new Map<number, Status>(rejected.map((node, k) => [node.ix, verdicts[k]!.status]));
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
  return finish(fw, cx, pod, feasible, processed, o, result, none, rec);
}

type Recorder = ReturnType<typeof createExplainRecorder> | undefined;
type Finish = (r: Omit<CycleResult, "explain">) => CycleResult;

/** Scores the feasible nodes (one is chosen without scoring) and picks the host. */
function finish(fw: Framework, cx: CycleCx, pod: PodInfo, feasible: readonly NodeView[], processed: number, o: CycleOptions, result: Finish, none: Omit<CycleResult, "explain" | "message">, rec: Recorder, listed = false): CycleResult {
  if (feasible.length === 1) {
    rec?.single();
    return result({ ...none, node: feasible[0]!, processed, message: null });
  }
  // The recorder reads the totals when scoring ends; a reused array is fine for it too.
  const totals = fw.scratch.float(1, feasible.length, true);
  const scoreError = prioritize(fw, cx, pod, feasible, totals, rec, listed);
  if (scoreError !== null) return result({ ...none, processed, message: null, error: scoreError });
  return result({ ...none, node: feasible[selectHost(totals, o.selectHost)]!, processed, message: null });
}

/**
 * The same walk as the plain loop, visiting only the nodes that pass the node-spec filters (the
 * others would be rejected whatever happens): same nodes found, same count of nodes processed.
 * Null when it cannot help (no node-spec filter, or one of them errs).
 */
function walkFast(fw: Framework, cx: CycleCx, pod: PodInfo, nodes: readonly NodeView[], filters: readonly FilterStep[], start: number, toFind: number): { feasible: NodeView[]; processed: number; listed: boolean } | null {
  const fixed = fw.staticPositions(pod, filters);
  if (fixed === null) return null;
  const positions = fixed.positions;
  const dynamic = filters.filter((st) => st.depends !== Depends.NodeSpec);
  const n = nodes.length;
  const m = positions.length;
  // First listed position at or after the start (binary search), then around.
  let lo = 0;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (positions[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  if (lo === m) lo = 0;
  if (fw.hasNominations()) {
    // Filter runs with the nominated pods (filterNode).
    const feasible: NodeView[] = [];
    for (let k = 0, q = lo; k < m; k++, q = q + 1 === m ? 0 : q + 1) {
      const at = positions[q]!;
      const node = nodes[at]!;
      const v = dynamic.length === 0 ? undefined : fw.filterNode(cx, pod, node, dynamic);
      if (v !== undefined && v.status?.code === Code.Error) return null;
      if (v === undefined) {
        feasible.push(node);
        if (feasible.length === toFind) return { feasible, processed: ((at - start + n) % n) + 1, listed: false };
      }
    }
    return { feasible, processed: n, listed: false };
  }
  // No nominated pods anywhere: filterNode is the plain chain on the live node; the caches are read
  // inline from node ids and versions, and a node's view is touched only when a plugin must run.
  // The feasible nodes' ids and versions are listed for scoring as they are found (scratch 0 and 1).
  const ixs = fixed.ixs;
  const version = fw.cluster.node.version;
  const d = dynamic.length;
  const listIx = fw.scratch.int(0, toFind);
  const listVersion = fw.scratch.int(1, toFind);
  const list = fw.scratch.views;
  let found = 0;
  const only = d === 1 && dynamic[0]!.entry !== null && dynamic[0]!.depends === Depends.NodeState ? dynamic[0]! : null;
  if (only !== null) {
    // The common case, one node-state step (NodeResourcesFit): the same loop with its cache at hand.
    const e = only.entry!;
    const cachedVersions = e.versions;
    const values = e.values;
    for (let k = 0, q = lo; k < m; k++, q = q + 1 === m ? 0 : q + 1) {
      const ix = ixs[q]!;
      const at = positions[q]!;
      let s: Status;
      if (cachedVersions[ix] === version[ix]) s = values[ix];
      else store(e, nodes[at]!, (s = only.plugin.filter!(cx, pod, nodes[at]!)));
      if (s !== undefined) {
        if (s.code === Code.Error) return null;
        continue;
      }
      listIx[found] = ix;
      listVersion[found] = version[ix]!;
      list[found++] = nodes[at]!;
      if (found === toFind) {
        list.length = found;
        return { feasible: list, processed: ((at - start + n) % n) + 1, listed: true };
      }
    }
    list.length = found;
    return { feasible: list, processed: n, listed: true };
  }
  for (let k = 0, q = lo; k < m; k++, q = q + 1 === m ? 0 : q + 1) {
    const ix = ixs[q]!;
    let s: Status = undefined;
    for (let j = 0; j < d; j++) {
      const st = dynamic[j]!;
      const e = st.entry;
      if (e === null) s = st.plugin.filter!(cx, pod, nodes[positions[q]!]!);
      else if (st.depends === Depends.NodeState ? e.versions[ix] === version[ix] : e.set[ix] === 1) s = e.values[ix];
      else store(e, nodes[positions[q]!]!, (s = st.plugin.filter!(cx, pod, nodes[positions[q]!]!)));
      if (s !== undefined) break;
    }
    if (s !== undefined) {
      if (s.code === Code.Error) return null;
      continue;
    }
    const at = positions[q]!;
    listIx[found] = ix;
    listVersion[found] = version[ix]!;
    list[found++] = nodes[at]!;
    if (found === toFind) {
      list.length = found;
      return { feasible: list, processed: ((at - start + n) % n) + 1, listed: true };
    }
  }
  list.length = found;
  return { feasible: list, processed: n, listed: true };
}
