/**
 * The shape of a scheduler golden case (shared/golden/*.json, read their `conventions`): an
 * incoming pod, nodes with allocatable resources, bound pods, images, labels and taints, plugin
 * args, and the expected outcome. Quantities are numbers in base units. Every list is bounded.
 */
import * as z from "zod";
import { labelMapSchema, nodeAffinitySchema, taintSchema, tolerationSchema, topologySpreadConstraintSchema } from "../../cluster/index.js";

export const GoldenLimits = { nodes: 1000, podsPerNode: 1000, containers: 64, images: 256, resources: 64, names: 32, cases: 10_000 } as const;
const L = GoldenLimits;

const quantity = z.number().min(0).max(Number.MAX_SAFE_INTEGER);
const resourceList = z
  .record(z.string().min(1).max(317), quantity)
  .refine((m) => Object.keys(m).length <= L.resources, { error: `expected at most ${L.resources} resources` });

const container = z.object({
  name: z.string().max(253).optional(),
  image: z.string().max(512).optional(),
  requests: resourceList.optional(),
  limits: resourceList.optional(),
  restartPolicy: z.literal("Always").optional(),
});

export const goldenPodSchema = z.object({
  name: z.string().max(253).optional(),
  labels: labelMapSchema.optional(),
  containers: z.array(container).max(L.containers).default([]),
  initContainers: z.array(container).max(L.containers).optional(),
  overhead: resourceList.optional(),
  resources: z.object({ requests: resourceList.optional() }).optional(),
  nodeName: z.string().max(253).optional(),
  nodeSelector: labelMapSchema.optional(),
  nodeAffinity: nodeAffinitySchema.optional(),
  tolerations: z.array(tolerationSchema).max(64).optional(),
  priority: z.number().int().optional(),
  topologySpreadConstraints: z.array(topologySpreadConstraintSchema).max(16).optional(),
});

const image = z.object({ names: z.array(z.string().min(1).max(512)).min(1).max(L.names), sizeBytes: quantity });

export const goldenNodeSchema = z.object({
  name: z.string().min(1).max(253),
  allocatable: resourceList.default({}),
  labels: labelMapSchema.optional(),
  taints: z.array(taintSchema).max(64).default([]),
  unschedulable: z.boolean().optional(),
  images: z.array(image).max(L.images).default([]),
  pods: z.array(goldenPodSchema).max(L.podsPerNode).default([]),
});

export const goldenSchedulerCaseSchema = z.object({
  id: z.string().min(1).max(256),
  name: z.string().max(1024).optional(),
  test: z.string().max(256).optional(),
  kind: z.string().max(64).optional(),
  pod: goldenPodSchema.optional(),
  nodes: z.array(goldenNodeSchema).max(L.nodes).optional(),
  unassignedPods: z.array(goldenPodSchema).max(L.podsPerNode).optional(),
  args: z.record(z.string(), z.unknown()).optional(),
  featureGates: z.record(z.string(), z.boolean()).optional(),
  points: z.array(z.object({ utilization: z.number().int(), score: z.number().int() })).max(101).optional(),
  expected: z.record(z.string(), z.unknown()),
});

export type GoldenPod = z.output<typeof goldenPodSchema>;
export type GoldenNode = z.output<typeof goldenNodeSchema>;
export type GoldenSchedulerCase = z.output<typeof goldenSchedulerCaseSchema>;
