export { firstFit, unschedulableReason } from "./first-fit.js";
export { bindPod, createCluster, fits, releasePod } from "./state.js";
export type { ClusterState, PodSpec, PoolShape } from "./state.js";
