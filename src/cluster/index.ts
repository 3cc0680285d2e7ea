export { TaintEffect, WellKnown } from "./api.js";
export type {
  Container,
  LabelSelector,
  NodeAffinity,
  NodeSelector,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodSpec,
  PreferredSchedulingTerm,
  ResourceList,
  Taint,
  Toleration,
  TopologySpreadConstraint,
} from "./api.js";
export {
  ApiLimits,
  k8sName,
  labelMapSchema,
  labelSelectorSchema,
  nodeAffinitySchema,
  nodeSelectorTermSchema,
  recordOf,
  strict,
  taintSchema,
  tolerationSchema,
  topologySpreadConstraintSchema,
} from "./api-schema.js";
export { normalizeImageName } from "./images.js";
export type { ImageStore } from "./images.js";
export { nodeView, whatIfView } from "./node-view.js";
export type { NodeView } from "./node-view.js";
export {
  createResourceIndex,
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  defaultRequests,
  isExtendedResource,
  isScalarResource,
  podRequests,
  Res,
  requestRow,
} from "./resources.js";
export type { PodRequests, ResourceIndex } from "./resources.js";
export { matchesAnyTerm, matchesLabelSelector, matchesRequiredAffinity, matchesTerm, preferredWeight, toLabels } from "./selectors.js";
export type { Labels } from "./selectors.js";
export { addNode, createClusterState, registerNode, removeNode, setAllocatable, setUnschedulable } from "./state.js";
export { bindPod, createPod, deletePod, forEachPodOn, markTerminating, overCommit } from "./pods.js";
export type { ClusterState, NodeIx, NodeSpec, PodIx } from "./state.js";
export { NodePhase, PodPhase } from "./phases.js";
export { podsOfTemplate, podsOfTemplateByDomain, readCountLog } from "./template-counts.js";
export { addTemplate } from "./template.js";
export type { PodTemplate } from "./template.js";
export { findUntoleratedTaint, isDoNotSchedule, toleratesAny, toleratesTaint } from "./taints.js";
export { createDeploymentController } from "./deployment.js";
export type { DeploymentController, Workload } from "./deployment.js";
export { createNodeLifecycle, NodeEvent } from "./node-lifecycle.js";
export type { NodeLifecycle, NodePoolSpec } from "./node-lifecycle.js";
export { CRASH_BACKOFF, crashBackoff } from "./backoff.js";
export { createPodLifecycle, PodEvent, PodStage } from "./pod-lifecycle.js";
export type { ContainerExit, PodLifecycle, PodLifecycleHooks, PodTimeline, StartupSpec } from "./pod-lifecycle.js";
export { createImagePulls, PULL_BACKOFF, PullEvent, pullRetries } from "./pulls.js";
export type { ImagePulls, NodePullSettings } from "./pulls.js";
export type { ClusterRuntime } from "./runtime.js";
export { createImageStore } from "./images.js";
