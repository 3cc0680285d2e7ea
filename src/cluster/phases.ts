/** Phases of nodes and pods as the cluster state records them. */

/** Node phase: provisioning (not yet registered with the API server), ready, removed. */
export const NodePhase = { Provisioning: 0, Ready: 1, Removed: 2 } as const;
export type NodePhase = (typeof NodePhase)[keyof typeof NodePhase];

/** Pod phase as the scheduler sees it: unbound, bound (starting or running), terminating, deleted. */
export const PodPhase = { Pending: 0, Bound: 1, Terminating: 2, Deleted: 3 } as const;
export type PodPhase = (typeof PodPhase)[keyof typeof PodPhase];
