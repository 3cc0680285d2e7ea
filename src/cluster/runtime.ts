/** A running cluster as the controllers around it (faults, autoscalers) see and drive it. */
import type { DeploymentController } from "./deployment.js";
import type { NodeLifecycle, NodePoolSpec } from "./node-lifecycle.js";
import type { PodLifecycle } from "./pod-lifecycle.js";
import type { ImagePulls } from "./pulls.js";
import type { ClusterState, NodeIx } from "./state.js";

export interface ClusterRuntime {
  readonly state: ClusterState;
  readonly pools: readonly NodePoolSpec[];
  readonly nodes: NodeLifecycle;
  readonly pods: PodLifecycle;
  readonly pulls: ImagePulls;
  /** One Deployment per workload (a service), whose template id is the workload's index. */
  readonly deployments: DeploymentController;
  /** The workload (and template) of a pod. */
  serviceOf(pod: number): number;
  /**
   * Drains a node as `kubectl drain` does: cordons it, then deletes its pods gracefully (their
   * Deployments replace them elsewhere). The node can be removed once empty.
   */
  drainNode(node: NodeIx, now: number): void;
}
