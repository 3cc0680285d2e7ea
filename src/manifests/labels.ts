/** Labels and names shared by the exported objects. */
import { findGpu } from "../catalog/index.js";
import type { Service } from "../scenario/index.js";

/** Selector label of a service's pods (the simulation labels them the same way). */
export const appLabels = (svc: Service): Record<string, string> => ({ app: svc.name });

/** Pod labels: the selector's plus the scenario's own, sorted by key. */
export const podLabels = (svc: Service): Record<string, string> => sortKeys({ ...svc.pod.labels, ...appLabels(svc) });

/** Labels on every exported object's metadata. */
export const MANAGED_BY = { "app.kubernetes.io/managed-by": "servesim" } as const;

export const ANNOTATION_PREFIX = "servesim.io/";

/** GPU feature discovery's product label of a catalog GPU (as src/sim/node-pools.ts gpuProductLabel). */
export const gpuProductLabel = (type: string): string =>
  (findGpu(type)?.name ?? type)
    .replace(/\s*\(.*?\)\s*/g, " ")
    .trim()
    .replace(/\s+/g, "-");

/** The label key GPU feature discovery sets for a GPU's vendor. */
export const gpuProductKey = (type: string): string => (findGpu(type)?.vendor === "AMD" ? "amd.com/gpu.product" : "nvidia.com/gpu.product");

export function sortKeys<V>(m: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.keys(m).sort().map((k) => [k, m[k]!]));
}
