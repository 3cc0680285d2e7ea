import type { ClusterState } from "./state.js";
import { fits } from "./state.js";

/**
 * The first node, in pool then index order, whose free resources fit the pod; -1 if none.
 * A stand-in placement until the kube-scheduler framework (filters and scores) replaces it.
 */
export function firstFit(s: ClusterState, pod: number): number {
  const n = s.nodeNames.length;
  for (let node = 0; node < n; node++) if (fits(s, pod, node)) return node;
  return -1;
}

/** Why a pod fits nowhere, in kube-scheduler's words: `0/2 nodes are available: 2 Insufficient nvidia.com/gpu.` */
export function unschedulableReason(s: ClusterState, pod: number): string {
  const counts = new Map<string, number>();
  const add = (r: string) => counts.set(r, (counts.get(r) ?? 0) + 1);
  const n = s.nodeNames.length;
  for (let node = 0; node < n; node++) {
    if (s.node.usedPods[node]! + 1 > s.node.maxPods[node]!) add("Too many pods");
    if (s.node.usedCpuMilli[node]! + s.pod.cpuMilli[pod]! > s.node.cpuMilli[node]!) add("Insufficient cpu");
    if (s.node.usedMemBytes[node]! + s.pod.memBytes[pod]! > s.node.memBytes[node]!) add("Insufficient memory");
    if (s.node.usedGpus[node]! + s.pod.gpus[pod]! > s.node.gpus[node]!) add("Insufficient nvidia.com/gpu");
  }
  const reasons = [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([r, c]) => `${c} ${r}`);
  return `0/${n} nodes are available: ${reasons.join(", ")}.`;
}
