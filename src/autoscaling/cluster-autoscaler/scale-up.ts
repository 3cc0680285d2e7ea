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
  if (!best) return;
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
