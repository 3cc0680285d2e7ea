/**
 * What the resource scorers see of a node (noderesources/resource_allocation.go): per configured
 * resource, the node's allocatable and its requested amount with the incoming pod added. cpu and
 * memory count non-zero requests unless the scorer uses actual ones (BalancedAllocation does); a
 * scalar resource the pod does not request is skipped (allocatable reported as 0).
 */
import type { NodeView, PodTemplate, ResourceIndex } from "../../../cluster/index.js";
import { isScalarResource, Res } from "../../../cluster/index.js";

export interface ResourceColumns {
  readonly names: readonly string[];
  readonly count: number;
  /** Column read for the pod's request and the node's requested amount (-1: the run has no such resource). */
  readonly requestCol: Int32Array;
  /** Column read for the node's allocatable amount. */
  readonly allocCol: Int32Array;
  readonly scalar: Uint8Array;
}

export function resourceColumns(index: ResourceIndex, names: readonly string[], useRequested: boolean): ResourceColumns {
  const requestCol = new Int32Array(names.length);
  const allocCol = new Int32Array(names.length);
  const scalar = new Uint8Array(names.length);
  names.forEach((name, i) => {
    allocCol[i] = index.id(name);
    requestCol[i] = !useRequested && name === "cpu" ? Res.nonZeroCpu : !useRequested && name === "memory" ? Res.nonZeroMemory : index.id(name);
    scalar[i] = isScalarResource(name) ? 1 : 0;
  });
  return { names, count: names.length, requestCol, allocCol, scalar };
}

/** The pod's request per configured resource (calculatePodResourceRequestList). */
export function podRequestList(cols: ResourceColumns, template: PodTemplate): Float64Array {
  const out = new Float64Array(cols.count);
  for (let i = 0; i < cols.count; i++) out[i] = cols.requestCol[i]! >= 0 ? template.request[cols.requestCol[i]!]! : 0;
  return out;
}

/** Fills `requested` and `allocatable` for the node with the pod placed on it (zeros for skipped resources). */
export function fillNode(cols: ResourceColumns, node: NodeView, podRequest: Float64Array, requested: Float64Array, allocatable: Float64Array): void {
  for (let i = 0; i < cols.count; i++) {
    const pr = podRequest[i]!;
    const a = cols.allocCol[i]!;
    const alloc = a >= 0 && !(pr === 0 && cols.scalar[i] === 1) ? node.allocatable[a]! : 0;
    allocatable[i] = alloc;
    requested[i] = alloc === 0 ? 0 : node.requested[cols.requestCol[i]!]! + pr;
  }
}
