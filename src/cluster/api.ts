/**
 * The subset of the Kubernetes core/v1 API that placement depends on, in its own shape and
 * field names (k8s.io/api/core/v1/types.go), so that scenarios, golden tables and exported
 * manifests share one vocabulary. Quantities are numbers in base units (millicores, bytes, counts).
 */

/** Taint effects (core/v1 TaintEffect). */
export const TaintEffect = { NoSchedule: "NoSchedule", PreferNoSchedule: "PreferNoSchedule", NoExecute: "NoExecute" } as const;
export type TaintEffect = (typeof TaintEffect)[keyof typeof TaintEffect];

export interface Taint {
  readonly key: string;
  readonly value?: string | undefined;
  readonly effect: TaintEffect;
}

/** Toleration operators; Gt and Lt compare integers (alpha gate TaintTolerationComparisonOperators). */
export type TolerationOperator = "Equal" | "Exists" | "Gt" | "Lt";

export interface Toleration {
  /** Empty with operator Exists: tolerates every taint. */
  readonly key?: string | undefined;
  /** Absent means Equal. */
  readonly operator?: TolerationOperator | undefined;
  readonly value?: string | undefined;
  /** Absent or empty: matches every effect. */
  readonly effect?: TaintEffect | "" | undefined;
  readonly tolerationSeconds?: number | undefined;
}

export type NodeSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";

export interface NodeSelectorRequirement {
  readonly key: string;
  readonly operator: NodeSelectorOperator;
  readonly values?: readonly string[] | undefined;
}

/** Requirements ANDed; `matchFields` supports only `metadata.name`, as upstream. */
export interface NodeSelectorTerm {
  readonly matchExpressions?: readonly NodeSelectorRequirement[] | undefined;
  readonly matchFields?: readonly NodeSelectorRequirement[] | undefined;
}

/** Terms ORed. */
export interface NodeSelector {
  readonly nodeSelectorTerms: readonly NodeSelectorTerm[];
}

export interface PreferredSchedulingTerm {
  /** 1..100. */
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

export interface NodeAffinity {
  readonly requiredDuringSchedulingIgnoredDuringExecution?: NodeSelector | undefined;
  readonly preferredDuringSchedulingIgnoredDuringExecution?: readonly PreferredSchedulingTerm[] | undefined;
}

export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: LabelSelectorOperator; readonly values?: readonly string[] | undefined }[] | undefined;
}

export type NodeInclusionPolicy = "Honor" | "Ignore";

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
  readonly labelSelector?: LabelSelector | undefined;
  readonly minDomains?: number | undefined;
  /** Default Honor. */
  readonly nodeAffinityPolicy?: NodeInclusionPolicy | undefined;
  /** Default Ignore. */
  readonly nodeTaintsPolicy?: NodeInclusionPolicy | undefined;
  readonly matchLabelKeys?: readonly string[] | undefined;
}

/** Requests or limits by resource name (`cpu` in millicores, `memory` in bytes, extended resources as counts). */
export type ResourceList = Readonly<Record<string, number>>;

export interface Container {
  readonly name?: string | undefined;
  readonly image?: string | undefined;
  readonly requests?: ResourceList | undefined;
  readonly limits?: ResourceList | undefined;
  /** `Always` on an init container makes it a sidecar. */
  readonly restartPolicy?: "Always" | undefined;
}

/** What placement reads of a pod (core/v1 PodSpec plus labels, in API field names). */
export interface PodSpec {
  readonly labels?: Readonly<Record<string, string>> | undefined;
  readonly containers: readonly Container[];
  readonly initContainers?: readonly Container[] | undefined;
  readonly overhead?: ResourceList | undefined;
  /** Pod-level requests (PodLevelResources): they replace the container aggregate for cpu, memory and hugepages. */
  readonly resources?: { readonly requests?: ResourceList | undefined } | undefined;
  readonly nodeName?: string | undefined;
  readonly nodeSelector?: Readonly<Record<string, string>> | undefined;
  readonly affinity?: { readonly nodeAffinity?: NodeAffinity | undefined } | undefined;
  readonly tolerations?: readonly Toleration[] | undefined;
  readonly priority?: number | undefined;
  readonly preemptionPolicy?: "PreemptLowerPriority" | "Never" | undefined;
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[] | undefined;
  readonly schedulerName?: string | undefined;
}

/** Well-known labels and taints (k8s.io/api/core/v1/well_known_labels.go, well_known_taints.go). */
export const WellKnown = {
  hostname: "kubernetes.io/hostname",
  zone: "topology.kubernetes.io/zone",
  region: "topology.kubernetes.io/region",
  os: "kubernetes.io/os",
  arch: "kubernetes.io/arch",
  gpuProduct: "nvidia.com/gpu.product",
  gpuCount: "nvidia.com/gpu.count",
  gpuMemory: "nvidia.com/gpu.memory",
  nodePool: "servesim.io/node-pool",
  unschedulableTaint: "node.kubernetes.io/unschedulable",
} as const;
