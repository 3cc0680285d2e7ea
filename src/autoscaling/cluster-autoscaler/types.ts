/**
 * The cluster autoscaler's vocabulary (kubernetes/autoscaler cluster-autoscaler/expander/expander.go):
 * node groups (one per node pool), scale-up options (a group, how many nodes, which pending pods
 * they would take) and expanders that narrow a list of options.
 */
import type { NodeView, PodIx } from "../../cluster/index.js";
import type { PolicyCx } from "../policy.js";

export interface NodeGroup {
  /** Node pool index. */
  readonly pool: number;
  readonly name: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Target size: nodes present or on their way (not removed). */
  readonly size: number;
  readonly pricePerHour: number;
  /** What a new node of the group looks like once Ready with its devices advertised. */
  readonly template: NodeView;
}

/** expander.Option: adding `nodeCount` nodes to `group` would take `pods`. */
export interface ScaleOption {
  readonly group: NodeGroup;
  readonly nodeCount: number;
  readonly pods: readonly PodIx[];
  /** Σ cpu (millicores) and memory (bytes) requests of those pods (least-waste). */
  readonly requested: { readonly cpu: number; readonly memory: number };
}

export const ExpanderName = { Random: "random", MostPods: "most-pods", LeastWaste: "least-waste", Price: "price", Priority: "priority" } as const;
export type ExpanderName = (typeof ExpanderName)[keyof typeof ExpanderName];

/** An expander filter: keeps the best options by its own criterion (all of them on a tie). */
export interface Expander {
  readonly name: string;
  narrow(options: readonly ScaleOption[], cx: PolicyCx): readonly ScaleOption[];
}
