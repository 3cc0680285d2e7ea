/** Faults as a scenario gives them (scenario/faults-schema.ts), and what the fault runtime reports. */

/** Nodes a node fault hits: a named node, or `count` drawn from a pool (absent: any pool). */
export interface NodeTarget {
  readonly pool?: string | undefined;
  readonly node?: string | undefined;
  readonly count: number;
}

export interface FaultSpec {
  /** When a scheduled fault strikes, or the mean time between failures of each thing it can hit (random faults). */
  readonly at?: number | undefined;
  readonly mtbf?: number | undefined;
  /** Random faults strike from `start` to `end` (the run's end), at most `maxEvents` times. */
  readonly start: number;
  readonly end?: number | undefined;
  readonly maxEvents: number;
  readonly nodeFailure?: NodeTarget | undefined;
  readonly spotReclaim?: (NodeTarget & { readonly notice: number }) | undefined;
  readonly podCrash?: { readonly service: string; readonly count: number; readonly repeat: number; readonly after: number } | undefined;
  readonly imageRegistry?: { readonly duration: number; readonly bandwidthFactor?: number | undefined; readonly outage: boolean } | undefined;
  readonly zoneOutage?: { readonly zone?: string | undefined; readonly duration: number } | undefined;
}

export type FaultKind = "nodeFailure" | "spotReclaim" | "podCrash" | "imageRegistry" | "zoneOutage";

/** A fault striking, as results list it. */
export interface FaultRecord {
  readonly at: number;
  readonly kind: "fault";
  readonly fault: FaultKind;
  readonly target: string;
  readonly detail: string;
}

/** Faults that struck, by kind (node failures and spot reclaims count nodes). */
export interface FaultCounts {
  crashes: number;
  nodeFailures: number;
  spotReclaims: number;
  registryWindows: number;
  zoneOutages: number;
}

/** How long the control plane takes to notice a lost node (cluster.nodeHealth). */
export interface NodeHealth {
  /** Node lease missing this long: NotReady, its pods leave their endpoints. */
  readonly monitorGracePeriod: number;
  /** NotReady this long: its pods are evicted (and replaced), the node removed. */
  readonly podEvictionTimeout: number;
}
