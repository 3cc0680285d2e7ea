/**
 * NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources/fit.go). Filter: the pod's
 * effective requests must fit what the node has left, resource by resource, and one more pod must
 * fit its pod limit. Score: LeastAllocated, MostAllocated or RequestedToCapacityRatio over the
 * configured resources (extended ones such as nvidia.com/gpu count only for pods that request them).
 */
import * as z from "zod";
import type { NodeView, PodTemplate, ResourceIndex } from "../../../cluster/index.js";
import { isExtendedResource, Res } from "../../../cluster/index.js";
import { resourceSpec, strict, uniqueNames } from "../../args.js";
import { cycleKey } from "../../cycle.js";
import { Code, status } from "../../framework.js";
import type { PluginModule, Status } from "../../framework.js";
import { Depends } from "../../cache.js";
import { fillNode, podRequestList, resourceColumns } from "../helper/resource-allocation.js";
import { leastAllocatedScorer, mostAllocatedScorer, requestedToCapacityRatioScorer } from "./scoring.js";
import type { ResourceScorer } from "./scoring.js";

export const NODE_RESOURCES_FIT = "NodeResourcesFit";

const shapePoint = strict({ utilization: z.number().int().min(0).max(100), score: z.number().int().min(0).max(10) });

const scoringStrategy = strict({
  type: z.enum(["LeastAllocated", "MostAllocated", "RequestedToCapacityRatio"]).default("LeastAllocated"),
  /** Resources scored, with weights 1..100; default cpu and memory, weight 1 each. */
  resources: z.array(resourceSpec(100)).max(32).default([]),
  requestedToCapacityRatio: strict({ shape: z.array(shapePoint).min(1).max(101) }).optional(),
}).superRefine((s, ctx) => {
  uniqueNames(s.resources, ctx, ["resources"]);
  if (s.type === "RequestedToCapacityRatio" && !s.requestedToCapacityRatio) {
    ctx.addIssue({ code: "custom", path: ["requestedToCapacityRatio"], message: "expected a shape with type RequestedToCapacityRatio" });
  }
  s.requestedToCapacityRatio?.shape.forEach((p, i, all) => {
    if (i > 0 && p.utilization <= all[i - 1]!.utilization) {
      ctx.addIssue({ code: "custom", path: ["requestedToCapacityRatio", "shape", i, "utilization"], message: "expected utilization values in strictly increasing order" });
    }
  });
});

const DEFAULT_RESOURCES = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
] as const;

const args = strict({
  /** Extended resources the filter ignores. */
  ignoredResources: z.array(z.string().min(1).max(253)).max(64).default([]),
  /** Resource groups (the part before "/") the filter ignores. */
  ignoredResourceGroups: z.array(z.string().min(1).max(253).regex(/^[^/]*$/, { error: "expected a group without '/'" })).max(64).default([]),
  scoringStrategy: scoringStrategy.prefault({}),
});

export type NodeResourcesFitArgs = z.output<typeof args>;

/** One resource the pod asks more of than the node has left (fit.go InsufficientResource). */
export interface InsufficientResource {
  readonly resource: string;
  readonly reason: string;
  readonly requested: number;
  readonly used: number;
  readonly capacity: number;
  /** The request alone exceeds the node's whole allocatable: evicting pods cannot help. */
  readonly unresolvable: boolean;
}

/** Columns the filter checks: every resource but the non-zero scoring columns, minus ignored extended resources. */
export function checkedColumns(index: ResourceIndex, ignored: readonly string[], ignoredGroups: readonly string[]): Int32Array {
  const cols: number[] = [];
  index.names.forEach((name, r) => {
    if (r === Res.nonZeroCpu || r === Res.nonZeroMemory) return;
    if (isExtendedResource(name) && (ignored.includes(name) || ignoredGroups.includes(name.split("/")[0]!))) return;
    cols.push(r);
  });
  return Int32Array.from(cols);
}

/** fitsRequest: every resource the pod requests a non-zero amount of that exceeds what the node has left. */
export function insufficientResources(index: ResourceIndex, columns: Int32Array, request: Float64Array, node: NodeView): InsufficientResource[] {
  const out: InsufficientResource[] = [];
  if (node.podCount + 1 > node.maxPods) {
    out.push({ resource: "pods", reason: "Too many pods", requested: 1, used: node.podCount, capacity: node.maxPods, unresolvable: false });
  }
  for (const r of columns) {
    const want = request[r]!;
    const alloc = node.allocatable[r]!;
    if (want > 0 && want > alloc - node.requested[r]!) {
      const name = index.names[r]!;
      out.push({ resource: name, reason: `Insufficient ${name}`, requested: want, used: node.requested[r]!, capacity: alloc, unresolvable: want > alloc });
    }
  }
  return out;
}

const preScoreKey = cycleKey<Float64Array>("NodeResourcesFit/preScore");

export const nodeResourcesFit = {
  name: NODE_RESOURCES_FIT,
  args,
  points: ["filter", "preScore", "score"],
  cache: { filter: Depends.NodeState, score: Depends.NodeState },
  create(a, h) {
    const index = h.cluster.resources;
    const columns = checkedColumns(index, a.ignoredResources, a.ignoredResourceGroups);
    const strategy = a.scoringStrategy;
    const resources = strategy.resources.length > 0 ? strategy.resources : DEFAULT_RESOURCES;
    const cols = resourceColumns(index, resources.map((r) => r.name), false);
    const weights = resources.map((r) => r.weight);
    const scorer: ResourceScorer =
      strategy.type === "LeastAllocated"
        ? leastAllocatedScorer(weights)
        : strategy.type === "MostAllocated"
          ? mostAllocatedScorer(weights)
          : requestedToCapacityRatioScorer(strategy.requestedToCapacityRatio!.shape, weights);
    const requested = new Float64Array(cols.count);
    const allocatable = new Float64Array(cols.count);
    // The columns a template requests a non-zero amount of (the only ones the filter checks).
    const wanted = new Map<number, Int32Array>();
    const wantedBy = (t: PodTemplate) => {
      let w = wanted.get(t.id);
      if (!w) wanted.set(t.id, (w = columns.filter((r) => t.request[r]! > 0)));
      return w;
    };
    return {
      name: NODE_RESOURCES_FIT,
      filter(_cx, pod, node): Status {
        const request = pod.template.request;
        // Fast path without allocation: the common case is a node that fits.
        let fits = node.podCount + 1 <= node.maxPods;
        const want = wantedBy(pod.template);
        for (let i = 0; fits && i < want.length; i++) {
          const r = want[i]!;
          if (request[r]! > node.allocatable[r]! - node.requested[r]!) fits = false;
        }
        if (fits) return undefined;
        const list = insufficientResources(index, columns, request, node);
        return status(list.some((x) => x.unresolvable) ? Code.UnschedulableAndUnresolvable : Code.Unschedulable, ...list.map((x) => x.reason));
      },
      preScore(cx, pod) {
        cx.state.write(preScoreKey, podRequestList(cols, pod.template));
        return undefined;
      },
      score(cx, _pod, node) {
        fillNode(cols, node, cx.state.read(preScoreKey)!, requested, allocatable);
        return scorer(requested, allocatable);
      },
    };
  },
} satisfies PluginModule<NodeResourcesFitArgs>;
