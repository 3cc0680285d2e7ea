/**
 * The three scoring strategies of NodeResourcesFit (pkg/scheduler/framework/plugins/noderesources:
 * least_allocated.go, most_allocated.go, requested_to_capacity_ratio.go, helper/shape_score.go),
 * with upstream's integer arithmetic. Each takes per-resource requested and allocatable amounts;
 * a resource with allocatable 0 is skipped (not in the weight sum).
 */
import { MAX_NODE_SCORE } from "../../framework.js";
import { idiv, roundHalfAway } from "../../normalize.js";

/** MaxCustomPriorityScore: shape scores are given on 0..10 and scaled by 100/10. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
const MAX_UTILIZATION = 100;

export interface ShapePoint {
  readonly utilization: number;
  readonly score: number;
}

export type ResourceScorer = (requested: Float64Array, allocatable: Float64Array) => number;

const leastRequested = (requested: number, capacity: number): number =>
  capacity === 0 || requested > capacity ? 0 : idiv((capacity - requested) * MAX_NODE_SCORE, capacity);

const mostRequested = (requested: number, capacity: number): number =>
  capacity === 0 ? 0 : idiv(Math.min(requested, capacity) * MAX_NODE_SCORE, capacity);

function weightedAverage(per: (req: number, alloc: number) => number, weights: readonly number[]): ResourceScorer {
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < weights.length; i++) {
      if (allocatable[i] === 0) continue;
      nodeScore += per(requested[i]!, allocatable[i]!) * weights[i]!;
      weightSum += weights[i]!;
    }
    return weightSum === 0 ? 0 : idiv(nodeScore, weightSum);
  };
}

export const leastAllocatedScorer = (weights: readonly number[]): ResourceScorer => weightedAverage(leastRequested, weights);
export const mostAllocatedScorer = (weights: readonly number[]): ResourceScorer => weightedAverage(mostRequested, weights);

/** BuildBrokenLinearFunction: piecewise linear through the points, flat outside them (integer division truncates). */
export function brokenLinear(shape: readonly ShapePoint[]): (p: number) => number {
  return (p) => {
    for (let i = 0; i < shape.length; i++) {
      if (p <= shape[i]!.utilization) {
        if (i === 0) return shape[0]!.score;
        const a = shape[i - 1]!;
        const b = shape[i]!;
        return a.score + idiv((b.score - a.score) * (p - a.utilization), b.utilization - a.utilization);
      }
    }
    return shape[shape.length - 1]!.score;
  };
}

/**
 * RequestedToCapacityRatio: utilisation `floor(100·req/alloc)` (100 when over capacity) through the
 * shape (scores scaled ×10); resources scoring 0 are left out of the weight sum; the result is rounded.
 */
export function requestedToCapacityRatioScorer(shape: readonly ShapePoint[], weights: readonly number[]): ResourceScorer {
  const scale = MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE;
  const raw = brokenLinear(shape.map((p) => ({ utilization: p.utilization, score: p.score * scale })));
  const resourceScore = (requested: number, capacity: number) =>
    capacity === 0 || requested > capacity ? raw(MAX_UTILIZATION) : raw(idiv(requested * MAX_UTILIZATION, capacity));
  return (requested, allocatable) => {
    let nodeScore = 0;
    let weightSum = 0;
    for (let i = 0; i < weights.length; i++) {
      if (allocatable[i] === 0) continue;
      const s = resourceScore(requested[i]!, allocatable[i]!);
      if (s > 0) {
        nodeScore += s * weights[i]!;
        weightSum += weights[i]!;
      }
    }
    return weightSum === 0 ? 0 : roundHalfAway(nodeScore / weightSum);
  };
}
