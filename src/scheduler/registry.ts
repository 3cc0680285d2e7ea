/** The plugins servesim implements, by upstream name (kube's NewInTreeRegistry), and the default profile. */
import type { ExtensionPoint, PluginModule, PluginName } from "./framework.js";
import { DEFAULT_PREEMPTION, defaultPreemption } from "./plugins/default-preemption/index.js";
import { IMAGE_LOCALITY, imageLocality } from "./plugins/image-locality/index.js";
import { NODE_AFFINITY, nodeAffinity } from "./plugins/node-affinity/index.js";
import { NODE_NAME, nodeName } from "./plugins/node-name/index.js";
import { NODE_RESOURCES_BALANCED_ALLOCATION, nodeResourcesBalancedAllocation } from "./plugins/node-resources-balanced-allocation/index.js";
import { NODE_RESOURCES_FIT, nodeResourcesFit } from "./plugins/node-resources-fit/index.js";
import { NODE_UNSCHEDULABLE, nodeUnschedulable } from "./plugins/node-unschedulable/index.js";
import { POD_TOPOLOGY_SPREAD, podTopologySpread } from "./plugins/pod-topology-spread/index.js";
import { TAINT_TOLERATION, taintToleration } from "./plugins/taint-toleration/index.js";

/** Plugin modules by name. */
export type Registry = Readonly<Record<PluginName, PluginModule<unknown>>>;

export const inTreeRegistry = {
  [NODE_UNSCHEDULABLE]: nodeUnschedulable,
  [NODE_NAME]: nodeName,
  [TAINT_TOLERATION]: taintToleration,
  [NODE_AFFINITY]: nodeAffinity,
  [NODE_RESOURCES_FIT]: nodeResourcesFit,
  [POD_TOPOLOGY_SPREAD]: podTopologySpread,
  [DEFAULT_PREEMPTION]: defaultPreemption,
  [NODE_RESOURCES_BALANCED_ALLOCATION]: nodeResourcesBalancedAllocation,
  [IMAGE_LOCALITY]: imageLocality,
} satisfies Registry;

/** Checks that every entry is filed under its own name (a registry is built by hand, so this catches copy-paste slips). */
export function checkRegistry(r: Registry): void {
  for (const [key, m] of Object.entries(r)) if (key !== m.name) throw new Error(`registry entry "${key}" holds plugin "${m.name}"`);
}

/**
 * Upstream plugins servesim does not model (no volumes, host ports or inter-pod affinity in its
 * pods; the queue is always PrioritySort; binding is immediate). A profile may name them: enabling
 * one is ignored with a warning; for the pods servesim simulates they would not change a decision.
 */
export const UNMODELLED_PLUGINS: readonly string[] = [
  "SchedulingGates",
  "PrioritySort",
  "NodePorts",
  "VolumeRestrictions",
  "NodeVolumeLimits",
  "VolumeBinding",
  "VolumeZone",
  "InterPodAffinity",
  "DynamicResources",
  "DefaultBinder",
];

/** The default profile's multiPoint list (pkg/scheduler/apis/config/v1/default_plugins.go), modelled plugins only, with score weights. */
export const DEFAULT_MULTI_POINT: readonly { readonly name: PluginName; readonly weight?: number }[] = [
  { name: NODE_UNSCHEDULABLE },
  { name: NODE_NAME },
  { name: TAINT_TOLERATION, weight: 3 },
  { name: NODE_AFFINITY, weight: 2 },
  { name: NODE_RESOURCES_FIT, weight: 1 },
  { name: POD_TOPOLOGY_SPREAD, weight: 2 },
  { name: DEFAULT_PREEMPTION },
  { name: NODE_RESOURCES_BALANCED_ALLOCATION, weight: 1 },
  { name: IMAGE_LOCALITY, weight: 1 },
];

export const implementsPoint = (r: Registry, name: PluginName, point: ExtensionPoint): boolean => r[name]?.points.includes(point) === true;
