/** What the cluster autoscaler's loop works with: the cluster, the scheduler's filters, its flags, and its own state between scans. */
import type { ClusterRuntime, PodIx } from "../../cluster/index.js";
import type { NodeView } from "../../cluster/index.js";
import type { Stream } from "../../engine/index.js";
import type { NodeScaleEvent } from "../events.js";
import type { Expander } from "./types.js";

/** Flags of the cluster autoscaler (scenario `cluster.autoscaler`, upstream names and defaults). */
export interface ClusterAutoscalerConfig {
  readonly scanInterval: number;
  readonly expander: readonly string[];
  /** For the priority expander: priority → node-group name patterns. */
  readonly priorities?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly maxNodeProvisionTime: number;
  /** Most nodes in the cluster (0: no limit). */
  readonly maxNodesTotal: number;
  readonly expendablePodsPriorityCutoff: number;
  readonly initialBackoff: number;
  readonly maxBackoff: number;
  readonly scaleDown: {
    readonly enabled: boolean;
    readonly utilizationThreshold: number;
    readonly gpuUtilizationThreshold: number;
    readonly unneededTime: number;
    readonly delayAfterAdd: number;
    /** Absent: the scan interval. */
    readonly delayAfterDelete?: number | undefined;
    readonly delayAfterFailure: number;
    readonly maxEmptyBulkDelete: number;
    readonly maxGracefulTermination: number;
  };
}

/** A node pool as a node group: its size bounds and price per node-hour. */
export interface GroupSpec {
  readonly name: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly pricePerHour: number;
}

/** A PodDisruptionBudget: exactly one of minAvailable, maxUnavailable (an integer or a percentage). */
export interface DisruptionBudget {
  readonly minAvailable?: number | string | undefined;
  readonly maxUnavailable?: number | string | undefined;
}

/** What the scheduler answers the autoscaler. */
export interface SchedulerOracle {
  /** Whether the Filter plugins accept the pod on the (possibly what-if) node. */
  fits(pod: PodIx, node: NodeView): boolean;
  /** Why the Filter plugins reject the pod on the node (empty: it fits). */
  fitReasons(pod: PodIx, node: NodeView): readonly string[];
  /** The FailedScheduling message of a pod the scheduler could not place (null: none). */
  pendingMessage(pod: PodIx): string | null;
}

export interface CaCx {
  readonly c: ClusterRuntime;
  readonly scheduler: SchedulerOracle;
  readonly config: ClusterAutoscalerConfig;
  readonly groups: readonly GroupSpec[];
  /** PodDisruptionBudget of each service (undefined: none). */
  readonly budgets: readonly (DisruptionBudget | undefined)[];
  readonly chain: readonly Expander[];
  readonly stream: Stream;
  /** A template node of each pool: what a new node looks like once Ready with its devices. */
  readonly templates: readonly NodeView[];
  log(e: NodeScaleEvent): void;
  /** Nodes being deleted (drained), and since when. */
  readonly deleting: Map<number, number>;
  /** When each node was first seen under its threshold (absent: needed). */
  readonly unneededSince: Map<number, number>;
  /** Per pool: backed off until, and the next back-off's length. */
  readonly backoffUntil: number[];
  readonly backoffLength: number[];
  /** The NotTriggerScaleUp message of each pod the last scan could not scale up for. */
  readonly notTriggered: Map<number, string>;
  lastScaleUp: number;
  lastScaleDown: number;
  lastFailure: number;
}
