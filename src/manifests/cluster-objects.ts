/**
 * Cluster-level objects: PriorityClasses, a Karpenter NodePool per node pool, and the
 * KubeSchedulerConfiguration when the scheduler is not configured as upstream's default.
 */
import { findGpu } from "../catalog/index.js";
import type { NodePool, Scenario } from "../scenario/index.js";
import { ANNOTATION_PREFIX, gpuProductKey, gpuProductLabel, MANAGED_BY, sortKeys } from "./labels.js";
import { bytesQuantity, cpuQuantity } from "./quantities.js";
import type { Json, JsonObject, K8sObject } from "./types.js";

export function priorityClassesOf(sc: Scenario): K8sObject[] {
  return sc.cluster.priorityClasses.map((c) => ({
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: c.name, labels: { ...MANAGED_BY } },
    value: c.value,
    globalDefault: c.globalDefault,
    preemptionPolicy: c.preemptionPolicy,
  }));
}

/** Node shape a NodePool cannot express (Karpenter picks instance types), kept as an annotation for import. */
export const NODE_SHAPE_ANNOTATION = `${ANNOTATION_PREFIX}node-shape`;

export function nodeShape(p: NodePool): string {
  const gpu = p.gpu ? `,gpu=${p.gpu.type}x${p.gpu.count}` : "";
  return `cpu=${cpuQuantity(p.cpu)},memory=${bytesQuantity(p.memory)}${gpu}`;
}

/**
 * A Karpenter v1 NodePool: requirements pin the GPU product, architecture, capacity type and zones;
 * limits cap the pool at its max size; consolidation follows the cluster autoscaler's unneeded time.
 */
export function nodePoolOf(sc: Scenario, p: NodePool): K8sObject {
  const requirements: JsonObject[] = [
    { key: "kubernetes.io/arch", operator: "In", values: ["amd64"] },
    { key: "karpenter.sh/capacity-type", operator: "In", values: ["on-demand"] },
  ];
  if (p.gpu) requirements.push({ key: gpuProductKey(p.gpu.type), operator: "In", values: [gpuProductLabel(p.gpu.type)] });
  if (p.zones.length > 0) requirements.push({ key: "topology.kubernetes.io/zone", operator: "In", values: [...p.zones].sort() });
  const limits: Record<string, Json> = { cpu: cpuQuantity(p.cpu * p.size.max), memory: bytesQuantity(p.memory * p.size.max) };
  if (p.gpu && !p.gpu.mig) limits[findGpu(p.gpu.type)?.vendor === "AMD" ? "amd.com/gpu" : "nvidia.com/gpu"] = String(p.gpu.count * p.size.max);
  const unneeded = sc.cluster.autoscaler?.scaleDown.unneededTime;
  return {
    apiVersion: "karpenter.sh/v1",
    kind: "NodePool",
    metadata: { name: p.name, labels: { ...MANAGED_BY }, annotations: { [NODE_SHAPE_ANNOTATION]: nodeShape(p) } },
    spec: {
      template: {
        metadata: { labels: sortKeys({ ...p.labels, [`${ANNOTATION_PREFIX}node-pool`]: p.name }) },
        spec: {
          nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" },
          requirements,
          ...(p.taints.length > 0 ? { taints: p.taints as unknown as Json } : {}),
        },
      },
      limits: sortKeys(limits),
      disruption: { consolidationPolicy: "WhenEmptyOrUnderutilized", consolidateAfter: unneeded === undefined ? "Never" : `${Math.round(unneeded)}s` },
    },
  };
}

/** Whether the scenario's scheduler configuration differs from kube-scheduler's defaults. */
export function isDefaultScheduler(sc: Scenario): boolean {
  const s = sc.cluster.scheduler;
  const only = s.profiles.length === 1 ? s.profiles[0]! : undefined;
  return (
    s.percentageOfNodesToScore === 0 &&
    s.podInitialBackoffSeconds === 1 &&
    s.podMaxBackoffSeconds === 10 &&
    only !== undefined &&
    only.schedulerName === "default-scheduler" &&
    only.plugins === undefined &&
    only.pluginConfig.length === 0 &&
    only.percentageOfNodesToScore === undefined
  );
}

/** kubescheduler.config.k8s.io/v1 with the scenario's profiles (plugins per extension point, pluginConfig args). */
export function schedulerConfigOf(sc: Scenario): K8sObject {
  const s = sc.cluster.scheduler;
  return {
    apiVersion: "kubescheduler.config.k8s.io/v1",
    kind: "KubeSchedulerConfiguration",
    percentageOfNodesToScore: s.percentageOfNodesToScore,
    podInitialBackoffSeconds: s.podInitialBackoffSeconds,
    podMaxBackoffSeconds: s.podMaxBackoffSeconds,
    profiles: s.profiles.map((p) => ({
      schedulerName: p.schedulerName,
      ...(p.percentageOfNodesToScore !== undefined ? { percentageOfNodesToScore: p.percentageOfNodesToScore } : {}),
      ...(p.plugins !== undefined ? { plugins: p.plugins as unknown as Json } : {}),
      ...(p.pluginConfig.length > 0 ? { pluginConfig: p.pluginConfig.map((c) => ({ name: c.name, args: (c.args ?? {}) as Json })) } : {}),
    })),
  };
}
