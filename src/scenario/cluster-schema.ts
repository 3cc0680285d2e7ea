/** The cluster part of a scenario: node pools (and, later, scheduler and autoscaler settings). */
import * as z from "zod";
import { findGpu, gpuIds } from "../catalog/index.js";
import { bytes, count, cpu, dnsLabel, labels, strictObject } from "./fields.js";
import { Limits as L } from "./limits.js";
import { unknownName } from "./suggest.js";

const gpuType = z
  .string()
  .max(L.nameLength)
  .superRefine((id, ctx) => {
    if (!findGpu(id)) ctx.addIssue({ code: "custom", message: unknownName("GPU type", id, gpuIds), input: id });
  });

export const nodePoolSchema = strictObject({
  name: dnsLabel(L.nameLength),
  /** GPUs on each node, by catalog id (the catalog ships shared/data/gpus.json). Omit for a CPU-only pool. */
  gpu: strictObject({ type: gpuType, count: count(1, L.gpusPerNode).default(1) }).optional(),
  /** Allocatable CPU per node. */
  cpu: cpu(1, L.cpuMilliPerNode),
  /** Allocatable memory per node. */
  memory: bytes(1, L.memoryBytesPerNode),
  /** Most pods a node accepts (Kubernetes' kubelet default is 110). */
  maxPods: count(1, L.podsPerNode).default(110),
  /** Number of nodes (fixed until cluster autoscaling lands). */
  count: count(0, L.nodesPerPool),
  /** USD per node-hour; defaults to the catalog's per-GPU list price × GPUs per node. */
  pricePerHour: z.number().min(0).max(L.pricePerHour).optional(),
  labels: labels(L.labels, L.labelValueLength).optional(),
});

export const clusterSchema = strictObject({ nodePools: z.array(nodePoolSchema).min(1).max(L.nodePools) });
