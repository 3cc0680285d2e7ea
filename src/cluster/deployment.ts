/**
 * Deployments (one ReplicaSet each): keep `replicas` active pods per workload. Terminating pods do
 * not count, so a pod that starts terminating is replaced at once (ReplicaSet FilterActivePods).
 * Scaling down deletes the pods upstream ranks first (pkg/controller/controller_utils.go
 * ActivePods): unassigned before assigned, not running before running, not ready before ready,
 * ready for less time before longer, newer before older.
 */
import type { PodLifecycle } from "./pod-lifecycle.js";
import { PodStage } from "./pod-lifecycle.js";
import type { ClusterState, PodIx } from "./state.js";
import { createPod } from "./pods.js";
import { PodPhase } from "./phases.js";

/** A workload whose pods a Deployment keeps: its name (pod name prefix) and pod template. */
export interface Workload {
  readonly name: string;
  /** The template its pods are created from. */
  readonly template: number;
}

/** The Deployment (ReplicaSet) controller of every workload of a run. */
export interface DeploymentController {
  /** Sets the desired replicas of a workload and creates or deletes pods to match. */
  setReplicas(workload: number, replicas: number, now: number): void;
  desired(workload: number): number;
  /** Pods of the workload that are not terminating or deleted, in creation order. */
  activePods(workload: number): readonly PodIx[];
  /** Every pod the workload ever had. */
  allPods(workload: number): readonly PodIx[];
  /** A pod of the workload is terminating or gone: create replacements if fewer than desired are active. */
  reconcile(workload: number, now: number): void;
}

/** `created` hears each new pod (the scheduler queues it). */
export function createDeploymentController(
  s: ClusterState,
  workloads: readonly Workload[],
  lifecycle: PodLifecycle,
  created: (pod: PodIx, now: number) => void,
): DeploymentController {
  const desired = workloads.map(() => 0);
  const pods: PodIx[][] = workloads.map(() => []);
  const serial = workloads.map(() => 0);
  const isActive = (p: PodIx) => s.pod.phase[p] === PodPhase.Pending || s.pod.phase[p] === PodPhase.Bound;
  const active = (w: number) => pods[w]!.filter(isActive);

  // A lower rank is deleted first.
  const rank = (p: PodIx): number[] => {
    const stage = lifecycle.stage(p);
    const running = stage >= PodStage.Loading ? 1 : 0;
    const ready = stage === PodStage.Ready ? 1 : 0;
    const readyAt = lifecycle.timeline.readyAt[p];
    return [s.pod.node[p]! >= 0 ? 1 : 0, running, ready, ready ? -(readyAt ?? 0) : 0, -s.pod.createdAt[p]!, -p];
  };
  const byRank = (a: PodIx, b: PodIx) => {
    const ra = rank(a);
    const rb = rank(b);
    for (let i = 0; i < ra.length; i++) if (ra[i] !== rb[i]) return ra[i]! - rb[i]!;
    return 0;
  };

  const reconcile = (w: number, now: number) => {
    const live = active(w);
    for (let n = live.length; n < desired[w]!; n++) {
      const pod = createPod(s, workloads[w]!.template, `${workloads[w]!.name}-${serial[w]!++}`, now);
      pods[w]!.push(pod);
      created(pod, now);
    }
    if (live.length > desired[w]!) {
      const doomed = [...live].sort(byRank).slice(0, live.length - desired[w]!);
      for (const p of doomed) lifecycle.terminate(p, now);
    }
  };

  return {
    setReplicas(w, replicas, now) {
      desired[w] = replicas;
      reconcile(w, now);
    },
    desired: (w) => desired[w]!,
    activePods: active,
    allPods: (w) => pods[w]!,
    reconcile,
  };
}
