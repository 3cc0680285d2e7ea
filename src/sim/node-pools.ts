/**
 * Node pools of a scenario as the cluster sees them: allocatable rows, device columns (GPUs or
 * MIG devices, advertised by the device plugin), labels (well-known ones, GPU feature discovery's,
 * the pool's own), taints, zones, and how nodes boot and pull.
 */
import { findGpu } from "../catalog/index.js";
import type { ClusterState, NodePoolSpec } from "../cluster/index.js";
import { WellKnown } from "../cluster/index.js";
import type { NodePool } from "../scenario/index.js";

/** The extended resource a pool's GPUs are advertised as (NVIDIA or AMD device plugin). */
export const gpuResource = (type: string): string => (findGpu(type)?.vendor === "AMD" ? "amd.com/gpu" : "nvidia.com/gpu");

/** Device resources of a pool and their count per node: whole GPUs, or MIG devices (mixed strategy). */
export function poolDevices(p: NodePool): Record<string, number> {
  if (!p.gpu) return {};
  if (!p.gpu.mig) return { [gpuResource(p.gpu.type)]: p.gpu.count };
  return Object.fromEntries(Object.entries(p.gpu.mig).map(([profile, k]) => [`nvidia.com/mig-${profile}`, k * p.gpu!.count]));
}

/** Resource names a pool advertises beyond cpu, memory and ephemeral-storage. */
export const poolResourceNames = (p: NodePool): string[] => [...Object.keys(poolDevices(p)), ...Object.keys(p.extendedResources ?? {})];

/** The product label GPU feature discovery sets, derived from the catalog name ("NVIDIA A100 80GB SXM4" → "NVIDIA-A100-80GB-SXM4"). */
export const gpuProductLabel = (type: string): string =>
  (findGpu(type)?.name ?? type)
    .replace(/\s*\(.*?\)\s*/g, " ")
    .trim()
    .replace(/\s+/g, "-");

/** Labels every node of the pool carries: well-known ones, GPU feature discovery's, then the pool's own. */
export function poolLabels(p: NodePool): Record<string, string> {
  const labels: Record<string, string> = { [WellKnown.os]: "linux", [WellKnown.arch]: "amd64", [WellKnown.nodePool]: p.name };
  if (p.gpu) {
    const gpu = findGpu(p.gpu.type);
    const prefix = gpu?.vendor === "AMD" ? "amd.com" : "nvidia.com";
    labels[`${prefix}/gpu.product`] = gpuProductLabel(p.gpu.type);
    labels[`${prefix}/gpu.count`] = String(p.gpu.count);
    if (gpu) labels[`${prefix}/gpu.memory`] = String(Math.round(gpu.memoryBytes / 2 ** 20));
    if (p.gpu.mig) labels["nvidia.com/mig.strategy"] = "mixed";
  }
  return { ...labels, ...p.labels };
}

export function nodePoolSpecs(pools: readonly NodePool[], s: ClusterState): NodePoolSpec[] {
  const w = s.resources.width;
  return pools.map((p) => {
    const allocatable = new Float64Array(w);
    allocatable[s.resources.id("cpu")] = p.cpu;
    allocatable[s.resources.id("memory")] = p.memory;
    allocatable[s.resources.id("ephemeral-storage")] = p.ephemeralStorage;
    const devices = poolDevices(p);
    const deviceColumns = Object.keys(devices).map((name) => s.resources.id(name));
    for (const [name, n] of Object.entries({ ...p.extendedResources, ...devices })) allocatable[s.resources.id(name)] = n;
    return {
      name: p.name,
      allocatable,
      deviceColumns,
      maxPods: p.maxPods,
      labels: poolLabels(p),
      zones: p.zones,
      region: p.region,
      taints: p.taints,
      bootSeconds: p.bootDelay,
      devicePluginSeconds: p.devicePluginDelay,
      pull: { bandwidth: p.imagePullBandwidth, maxParallel: p.maxParallelImagePulls ?? Infinity, diskBytes: p.imageDiskSize },
      modelLoadBandwidth: p.modelLoadBandwidth,
      modelCache: p.modelCache ? { bytes: p.modelCache.size, bandwidth: p.modelCache.bandwidth } : null,
      preloadedImages: p.preloadedImages.map((i) => s.images.intern(i.name, i.size)),
    };
  });
}
