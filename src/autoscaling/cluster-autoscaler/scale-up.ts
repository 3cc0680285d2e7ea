/**
 * Scale-up (core/scaleup/orchestrator): pending pods the scheduler could not place are first
 * simulated onto the nodes that exist or are on their way; the rest onto a template node of each
 * pool (the binpacking estimator), and the expander chain picks the pool to grow, within its max size.
 */
import type { NodeIx, NodeView, PodIx } from "../../cluster/index.js";
import { NodePhase, nodeView, PodPhase, Res } from "../../cluster/index.js";
import type { CaCx } from "./context.js";
import { binpack } from "./estimator.js";
import { bestOption } from "./expanders/chain.js";
import { devicesReady, isGone, sizeOf, upcomingView } from "./nodes.js";
import type { NodeGroup, ScaleOption } from "./types.js";

/** Pods the scheduler failed to place (not nominated elsewhere, not expendable). */
function pendingPods(cx: CaCx): PodIx[] {
  const s = cx.c.state;
  const out: PodIx[] = [];
  for (let p = 0; p < s.pod.count; p++) {
    if (s.pod.phase[p] !== PodPhase.Pending || s.pod.nominated[p]! >= 0) continue;
    if (s.pod.priority[p]! < cx.config.expendablePodsPriorityCutoff || cx.scheduler.pendingMessage(p as PodIx) === null) continue;
    out.push(p as PodIx);
  }
  return out;
}

/** The scale-up options: for each pool with room (and not backing off), the nodes the estimator needs for the pods left. */
function options(cx: CaCx, rest: readonly PodIx[], now: number): ScaleOption[] {
  const s = cx.c.state;
  const fits = (pod: PodIx, node: NodeView) => cx.scheduler.fits(pod, node);
  let total = 0;
  for (let n = 0; n < s.node.count; n++) if (!isGone(cx, n)) total++;
  const out: ScaleOption[] = [];
  cx.groups.forEach((g, i) => {
    const size = sizeOf(cx, i);
    let room = g.maxSize - size;
    if (cx.config.maxNodesTotal > 0) room = Math.min(room, cx.config.maxNodesTotal - total);
    if (room <= 0 || cx.backoffUntil[i]! > now) return;
    const est = binpack(s, rest, cx.templates[i]!, room, fits);
    if (est.nodeCount === 0) return;
    let cpu = 0;
    let memory = 0;
    for (const pod of est.pods) {
      const row = s.templates[s.pod.template[pod]!]!.request;
      cpu += row[Res.cpu]!;
      memory += row[Res.memory]!;
    }
    const group: NodeGroup = { pool: i, name: g.name, minSize: g.minSize, maxSize: g.maxSize, size, pricePerHour: g.pricePerHour, template: cx.templates[i]! };
    out.push({ group, nodeCount: est.nodeCount, pods: est.pods, requested: { cpu, memory } });
  });
  return out;
}

/**
 * The NotTriggerScaleUp event's message (processors/status/eventing_scale_up_processor.go
 * ReasonsMessage): over the pools, each reason a pool was skipped (at its max size, backing off) or
 * rejected (the scheduler's filter reasons on its template node), counted, as "count reason"
 * joined by ", " (sorted: upstream's map order is random).
 */
function notTriggerMessage(cx: CaCx, pod: PodIx, now: number, total: number): string {
  if (cx.config.maxNodesTotal > 0 && total >= cx.config.maxNodesTotal) return "pod didn't trigger scale-up: max total nodes in cluster reached";
  const counts = new Map<string, number>();
  const add = (reason: string) => counts.set(reason, (counts.get(reason) ?? 0) + 1);
  cx.groups.forEach((g, i) => {
    if (sizeOf(cx, i) >= g.maxSize) add("max node group size reached");
    else if (cx.backoffUntil[i]! > now) add("in backoff after failed scale-up");
    else for (const r of cx.scheduler.fitReasons(pod, cx.templates[i]!)) add(r);
  });
  const reasons = [...counts].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `pod didn't trigger scale-up: ${reasons.join(", ")}`;
}

export function scaleUp(cx: CaCx, now: number): void {
  const s = cx.c.state;
  const pending = pendingPods(cx);
  if (pending.length === 0) return;
  // Pods that fit where nodes exist or are coming need no new node.
  const open: NodeView[] = [];
  for (let n = 0; n < s.node.count; n++) {
    if (isGone(cx, n) || cx.deleting.has(n) || s.node.unschedulable[n] === 1) continue;
    if (s.node.phase[n] === NodePhase.Provisioning || !devicesReady(cx, n)) open.push(upcomingView(cx, n));
    else open.push(nodeView(s, n as NodeIx));
  }
  const placed = new Set(binpack(s, pending, null, 0, (pod, node) => cx.scheduler.fits(pod, node), open).pods);
  const rest = pending.filter((p) => !placed.has(p));
  if (rest.length === 0) return;
  const opts = options(cx, rest, now);
  const { best, narrowed } = bestOption(cx.chain, opts, { now, stream: cx.stream });
  if (!best) {
    // As upstream, NotTriggerScaleUp is told only after a scan that scaled nothing up.
    let total = 0;
    for (let n = 0; n < s.node.count; n++) if (!isGone(cx, n)) total++;
    for (const pod of rest) cx.notTriggered.set(pod, notTriggerMessage(cx, pod, now, total));
    return;
  }
  for (const pod of best.pods) cx.notTriggered.delete(pod);
  const added: string[] = [];
  for (let k = 0; k < best.nodeCount; k++) added.push(s.node.name[cx.c.nodes.provision(best.group.pool, now)]!);
  cx.lastScaleUp = now;
  cx.log({
    at: now,
    kind: "node",
    pool: best.group.name,
    from: best.group.size,
    to: best.group.size + best.nodeCount,
    reason: `${rest.length} unschedulable pod(s); ${opts.length} pool option(s)`,
    pods: best.pods.map((p) => s.pod.name[p]!),
    expander: narrowed.map((x) => `${x.expander} kept ${x.kept}`),
    nodes: added,
  });
}
