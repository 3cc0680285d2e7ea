/**
 * NodeResourcesBalancedAllocation (noderesources/balanced_allocation.go): favours nodes whose
 * requested shares of the configured resources stay close to each other once the pod is placed.
 * Score = floor((1 − σ)·100), σ the spread of the shares min(req/alloc, 1): half their difference
 * for two resources, their population standard deviation for more. Uses actual requests; a pod
 * requesting none of the resources (best effort) makes PreScore return Skip.
 */
import * as z from "zod";
import { resourceSpec, strict, uniqueNames } from "../../args.js";
import { cycleKey } from "../../cycle.js";
import { Code, MAX_NODE_SCORE, status } from "../../framework.js";
import type { PluginModule } from "../../framework.js";
import { Depends } from "../../cache.js";
import { fillNode, podRequestList, resourceColumns } from "../helper/resource-allocation.js";

export const NODE_RESOURCES_BALANCED_ALLOCATION = "NodeResourcesBalancedAllocation";

const args = strict({
  /** Resources compared; upstream validation requires weight 1 (weights are not used). */
  resources: z
    .array(resourceSpec(1))
    .max(32)
    .default([
      { name: "cpu", weight: 1 },
      { name: "memory", weight: 1 },
    ]),
}).superRefine((a, ctx) => uniqueNames(a.resources, ctx, ["resources"]));

export type NodeResourcesBalancedAllocationArgs = z.output<typeof args>;

/** balancedResourceScorer: resources with allocatable 0 (absent, or not requested) are left out. */
export function balancedScore(requested: Float64Array, allocatable: Float64Array, fractions: Float64Array = new Float64Array(requested.length)): number {
  let n = 0;
  let total = 0;
  for (let i = 0; i < requested.length; i++) {
    if (allocatable[i] === 0) continue;
    const f = Math.min(requested[i]! / allocatable[i]!, 1);
    total += f;
    fractions[n++] = f;
  }
  let std = 0;
  if (n === 2) std = Math.abs((fractions[0]! - fractions[1]!) / 2);
  else if (n > 2) {
    const mean = total / n;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += (fractions[i]! - mean) * (fractions[i]! - mean);
    std = Math.sqrt(sum / n);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

const preScoreKey = cycleKey<Float64Array>("NodeResourcesBalancedAllocation/preScore");
const SKIP = status(Code.Skip);

export const nodeResourcesBalancedAllocation = {
  name: NODE_RESOURCES_BALANCED_ALLOCATION,
  args,
  points: ["preScore", "score"],
  cache: { score: Depends.NodeState },
  create(a, h) {
    const cols = resourceColumns(h.cluster.resources, a.resources.map((r) => r.name), true);
    const requested = new Float64Array(cols.count);
    const allocatable = new Float64Array(cols.count);
    const fractions = new Float64Array(cols.count);
    return {
      name: NODE_RESOURCES_BALANCED_ALLOCATION,
      preScore(cx, pod) {
        const request = podRequestList(cols, pod.template);
        if (request.every((v) => v === 0)) return SKIP;
        cx.state.write(preScoreKey, request);
        return undefined;
      },
      score(cx, _pod, node) {
        fillNode(cols, node, cx.state.read(preScoreKey)!, requested, allocatable);
        return balancedScore(requested, allocatable, fractions);
      },
    };
  },
} satisfies PluginModule<NodeResourcesBalancedAllocationArgs>;
