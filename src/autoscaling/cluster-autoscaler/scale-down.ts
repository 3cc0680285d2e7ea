/**
 * Scale-down (core/scaledown): nodes whose requested share (GPU nodes: of their GPUs) stays below
 * the threshold for unneededTime are drained and removed when their pods fit elsewhere and
 * PodDisruptionBudgets allow, not before delayAfterAdd after a scale-up; empty nodes go in bulk,
 * one non-empty node per scan.
 */
import type { NodeIx, NodeView, PodIx } from "../../cluster/index.js";
import { forEachPodOn, NodePhase, nodeView, PodPhase, PodStage, Res } from "../../cluster/index.js";
import type { CaCx, DisruptionBudget } from "./context.js";
import { binpack } from "./estimator.js";
import { devicesReady, sizeOf } from "./nodes.js";

/** Allowed disruptions of a service's pods under its budget (policy/v1 PodDisruptionBudget, percentages rounded up). */
export function disruptionsAllowed(budget: DisruptionBudget | undefined, expected: number, healthy: number): number {
  if (!budget) return Infinity;
  const scaled = (v: number | string) => (typeof v === "number" ? v : Math.ceil((Number(v.slice(0, -1)) * expected) / 100));
  const desiredHealthy = budget.minAvailable !== undefined ? scaled(budget.minAvailable) : expected - scaled(budget.maxUnavailable!);
  return Math.max(0, healthy - desiredHealthy);
}

/** Requested share that decides whether a node is unneeded: its GPUs' for a GPU node, else the larger of cpu and memory. */
function utilization(cx: CaCx, n: number): number {
  const s = cx.c.state;
  const w = s.resources.width;
  const spec = cx.c.pools[s.node.pool[n]!]!;
  const at = (col: number) => s.node.requested[n * w + col]! / (s.node.allocatable[n * w + col]! || 1);
  if (spec.deviceColumns.length > 0) return Math.max(...spec.deviceColumns.map(at));
  return Math.max(at(Res.cpu), at(Res.memory));
}

/** Removes a drained node once its pods are gone; pods still draining past the longest graceful termination are cut. */
export function removeIfEmpty(cx: CaCx, n: number, now: number): void {
  const s = cx.c.state;
  // The machine may have gone while it drained (a spot reclaim, a failed node taken away).
  if (s.node.phase[n] === NodePhase.Removed) {
    cx.deleting.delete(n);
    return;
  }
  if (s.node.podCount[n] !== 0) {
    if (now - cx.deleting.get(n)! >= cx.config.scaleDown.maxGracefulTermination) forEachPodOn(s, n as NodeIx, (pod) => void cx.c.pods.kill(pod, now));
    if (s.node.podCount[n] !== 0) return;
  }
  cx.deleting.delete(n);
  cx.c.nodes.remove(n as NodeIx, now);
}

/** The node's pods fit on the other nodes (the scheduler's filters) and their budgets allow evicting them. */
function canMove(cx: CaCx, node: number, victims: readonly PodIx[]): boolean {
  const { c } = cx;
  const s = c.state;
  const byService = new Map<number, number>();
  for (const p of victims) byService.set(c.serviceOf(p), (byService.get(c.serviceOf(p)) ?? 0) + 1);
  for (const [si, k] of byService) {
    const ready = c.deployments.activePods(si).filter((p) => c.pods.stage(p) === PodStage.Ready).length;
    if (k > disruptionsAllowed(cx.budgets[si], c.deployments.desired(si), ready)) return false;
  }
  const others: NodeView[] = [];
  for (let n = 0; n < s.node.count; n++) {
    if (n === node || s.node.phase[n] !== NodePhase.Ready || cx.deleting.has(n) || s.node.unschedulable[n] === 1 || !devicesReady(cx, n)) continue;
    others.push(nodeView(s, n as NodeIx));
  }
  // Simulated onto the others as though unbound (the pods' own node excluded).
  return binpack(s, victims, null, 0, (pod, view) => cx.scheduler.fits(pod, view), others).pods.length === victims.length;
}

/** Tracks how long each node has been under its threshold. */
function markUnneeded(cx: CaCx, now: number): void {
  const s = cx.c.state;
  const sd = cx.config.scaleDown;
  for (let n = 0; n < s.node.count; n++) {
    if (s.node.phase[n] !== NodePhase.Ready || cx.deleting.has(n) || !devicesReady(cx, n) || s.node.unschedulable[n] === 1) {
      cx.unneededSince.delete(n);
      continue;
    }
    const threshold = cx.c.pools[s.node.pool[n]!]!.deviceColumns.length > 0 ? sd.gpuUtilizationThreshold : sd.utilizationThreshold;
    if (utilization(cx, n) >= threshold) cx.unneededSince.delete(n);
    else if (!cx.unneededSince.has(n)) cx.unneededSince.set(n, now);
  }
}

export function scaleDown(cx: CaCx, now: number): void {
  const s = cx.c.state;
  const sd = cx.config.scaleDown;
  markUnneeded(cx, now);
  const delayAfterDelete = sd.delayAfterDelete ?? cx.config.scanInterval;
  if (!sd.enabled || now < cx.lastScaleUp + sd.delayAfterAdd || now < cx.lastScaleDown + delayAfterDelete || now < cx.lastFailure + sd.delayAfterFailure) return;
  const candidates: number[] = [];
  for (const [n, since] of cx.unneededSince) if (now - since >= sd.unneededTime) candidates.push(n);
  candidates.sort((a, b) => a - b);
  const removedPerPool = cx.groups.map(() => 0);
  let emptyRemoved = 0;
  let drained = false;
  for (const n of candidates) {
    const pool = s.node.pool[n]!;
    if (sizeOf(cx, pool) - removedPerPool[pool]! <= cx.groups[pool]!.minSize) continue;
    const victims: PodIx[] = [];
    forEachPodOn(s, n as NodeIx, (pod) => s.pod.phase[pod] === PodPhase.Bound && victims.push(pod));
    if (victims.length === 0) {
      if (emptyRemoved >= sd.maxEmptyBulkDelete) continue;
      emptyRemoved++;
    } else {
      if (drained || !canMove(cx, n, victims)) continue;
      drained = true;
    }
    removedPerPool[pool]! += 1;
    cx.unneededSince.delete(n);
    cx.deleting.set(n, now);
    const from = sizeOf(cx, pool);
    if (victims.length > 0) cx.c.drainNode(n as NodeIx, now);
    else cx.c.nodes.remove(n as NodeIx, now);
    if (victims.length === 0) cx.deleting.delete(n);
    cx.lastScaleDown = now;
    const reason = `node ${s.node.name[n]} unneeded for ${sd.unneededTime}s (requested share ${utilization(cx, n).toFixed(2)})`;
    cx.log({ at: now, kind: "node", pool: cx.groups[pool]!.name, from, to: from - 1, reason, pods: victims.map((p) => s.pod.name[p]!), expander: [], nodes: [s.node.name[n]!] });
  }
}
