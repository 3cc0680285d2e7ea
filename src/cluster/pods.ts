/**
 * Pod mutations of the cluster state: creation, binding, termination and deletion. Each keeps the
 * node rows, the pod lists and the per-template counts in step, and refuses to over-commit a node.
 */
import { InvariantError } from "../engine/index.js";
import { grown } from "./grow.js";
import { NodePhase, PodPhase } from "./phases.js";
import type { ClusterState, NodeIx, PodIx } from "./state.js";
import { touch } from "./state.js";
import { countTemplate } from "./template-counts.js";
import { Res } from "./resources.js";

/** Creates a Pending pod of a template. */
export function createPod(s: ClusterState, template: number, name: string, now: number): PodIx {
  const p = s.pod;
  const i = p.count++;
  p.template = grown(p.template, i + 1);
  p.node = grown(p.node, i + 1, -1);
  p.nominated = grown(p.nominated, i + 1, -1);
  p.phase = grown(p.phase, i + 1);
  p.priority = grown(p.priority, i + 1);
  p.nextOnNode = grown(p.nextOnNode, i + 1, -1);
  p.prevOnNode = grown(p.prevOnNode, i + 1, -1);
  p.createdAt = grown(p.createdAt, i + 1, NaN);
  p.boundAt = grown(p.boundAt, i + 1, NaN);
  p.terminatingAt = grown(p.terminatingAt, i + 1, NaN);
  p.deletedAt = grown(p.deletedAt, i + 1, NaN);
  p.name.push(name);
  p.template[i] = template;
  p.phase[i] = PodPhase.Pending;
  p.priority[i] = s.templates[template]!.priority;
  p.createdAt[i] = now;
  return i as PodIx;
}

/**
 * Why the pod's requests do not fit what the node has left, or undefined when they fit: the
 * invariant every bind keeps (a non-zero request never exceeds allocatable minus requested).
 */
export function overCommit(s: ClusterState, pod: PodIx, node: NodeIx): string | undefined {
  const w = s.resources.width;
  const row = s.templates[s.pod.template[pod]!]!.request;
  const n = s.node;
  if (n.podCount[node]! + 1 > n.maxPods[node]!) return "pods";
  for (let r = 0; r < w; r++) {
    if (r === Res.nonZeroCpu || r === Res.nonZeroMemory) continue;
    const want = row[r]!;
    if (want > 0 && want > n.allocatable[node * w + r]! - n.requested[node * w + r]!) return s.resources.names[r];
  }
  return undefined;
}

/** Binds a Pending pod to a Ready node; throws InvariantError if it is not Pending or would over-commit the node. */
export function bindPod(s: ClusterState, pod: PodIx, node: NodeIx, now: number): void {
  const p = s.pod;
  const n = s.node;
  if (p.phase[pod] !== PodPhase.Pending) throw new InvariantError(`pod ${p.name[pod]} is not Pending`, now);
  if (n.phase[node] !== NodePhase.Ready) throw new InvariantError(`pod ${p.name[pod]} bound to node ${n.name[node]}, which is not Ready`, now);
  const over = overCommit(s, pod, node);
  if (over !== undefined) throw new InvariantError(`binding pod ${p.name[pod]} would over-commit ${over} on node ${n.name[node]}`, now);
  addRow(s, pod, node, 1);
  p.node[pod] = node;
  p.phase[pod] = PodPhase.Bound;
  p.boundAt[pod] = now;
  p.nominated[pod] = -1;
  // Append to the node's pod list.
  const last = n.lastPod[node]!;
  p.prevOnNode[pod] = last;
  p.nextOnNode[pod] = -1;
  if (last >= 0) p.nextOnNode[last] = pod;
  else n.firstPod[node] = pod;
  n.lastPod[node] = pod;
  n.podCount[node]! += 1;
  countTemplate(s, pod, node, 1);
  touch(s, node);
}

/** Marks a pod Terminating (it keeps its resources until deleted, but no longer counts for spreading). */
export function markTerminating(s: ClusterState, pod: PodIx, now: number): void {
  const p = s.pod;
  const phase = p.phase[pod];
  if (phase === PodPhase.Terminating || phase === PodPhase.Deleted) throw new InvariantError(`pod ${p.name[pod]} is already terminating`, now);
  p.terminatingAt[pod] = now;
  p.nominated[pod] = -1;
  p.phase[pod] = PodPhase.Terminating;
  if (phase === PodPhase.Bound) {
    countTemplate(s, pod, p.node[pod]! as NodeIx, -1);
    touch(s, p.node[pod]! as NodeIx);
  }
}

/** Deletes a pod: releases its node's resources if it was bound. */
export function deletePod(s: ClusterState, pod: PodIx, now: number): void {
  const p = s.pod;
  const n = s.node;
  const phase = p.phase[pod];
  if (phase === PodPhase.Deleted) throw new InvariantError(`pod ${p.name[pod]} deleted twice`, now);
  const node = p.node[pod]!;
  if (node >= 0) {
    if (phase === PodPhase.Bound) countTemplate(s, pod, node as NodeIx, -1);
    addRow(s, pod, node as NodeIx, -1);
    const prev = p.prevOnNode[pod]!;
    const next = p.nextOnNode[pod]!;
    if (prev >= 0) p.nextOnNode[prev] = next;
    else n.firstPod[node] = next;
    if (next >= 0) p.prevOnNode[next] = prev;
    else n.lastPod[node] = prev;
    n.podCount[node]! -= 1;
    touch(s, node as NodeIx);
  }
  p.phase[pod] = PodPhase.Deleted;
  p.deletedAt[pod] = now;
  p.nominated[pod] = -1;
}

function addRow(s: ClusterState, pod: PodIx, node: NodeIx, sign: 1 | -1): void {
  const w = s.resources.width;
  const row = s.templates[s.pod.template[pod]!]!.request;
  const req = s.node.requested;
  for (let r = 0; r < w; r++) req[node * w + r]! += sign * row[r]!;
}

/** Calls `f` for every pod on the node (bound or terminating), in bind order. */
export function forEachPodOn(s: ClusterState, node: NodeIx, f: (pod: PodIx) => void): void {
  for (let pod = s.node.firstPod[node]!; pod >= 0; pod = s.pod.nextOnNode[pod]!) f(pod as PodIx);
}
