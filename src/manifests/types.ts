/** Plain-data contracts of the manifests module: Kubernetes objects, simulated figures, issues. */

/** A JSON value as found in a manifest. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonObject = { readonly [key: string]: Json };

/** A Kubernetes object: plain JSON with apiVersion, kind and (except for component configs such as KubeSchedulerConfiguration) metadata.name. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name: string; readonly [key: string]: Json };
  readonly [key: string]: Json;
}

/** p50 and p99 of one cold-start phase, seconds. */
export interface PhaseFigures {
  readonly p50: number;
  readonly p99: number;
}

/**
 * What the simulation measured for one service (sim results' ServiceSummary, reduced): the
 * figures that justify probe timings, the grace period and the autoscaler bounds.
 */
export interface ServiceFigures {
  readonly name: string;
  /** Cold starts of the pods that became Ready (null when none did). */
  readonly coldStart: {
    readonly pods: number;
    readonly scheduling: PhaseFigures;
    readonly imagePull: PhaseFigures;
    readonly containerStart: PhaseFigures;
    readonly modelLoad: PhaseFigures;
    readonly readiness: PhaseFigures;
    readonly total: PhaseFigures;
  } | null;
  /** End-to-end latency p99 and maximum of measured requests (seconds; null without completions): the drain time. */
  readonly latencyP99: number | null;
  readonly latencyMax: number | null;
  /** Completions per second. */
  readonly throughput: number;
  /** Requests cut when a terminating pod's grace period ended. */
  readonly cutByGrace: number;
  /** Node pools the service's pods ran on. */
  readonly pools: readonly string[];
}

/** The simulated figures an export is based on (`source` says where they come from, e.g. "servesim run, seed 42, 1h"). */
export interface Figures {
  readonly source: string;
  readonly services: readonly ServiceFigures[];
}

/** Which optional objects to write. */
export interface ExportOptions {
  /** A KEDA ScaledObject instead of each HPA. */
  readonly keda?: boolean;
  /** A Karpenter NodePool per node pool. */
  readonly karpenter?: boolean;
  /** The text of the scenario file, kept in the provenance ConfigMap (absent: no ConfigMap). */
  readonly source?: string;
}

/** One exported object, the comment that justifies it, and its file name in a folder or zip. */
export interface ExportedObject {
  readonly object: K8sObject;
  readonly comment: string;
  readonly file: string;
}

/** The validation layer that found a problem. */
export type IssueLayer = "yaml" | "schema" | "allowed-values" | "semantic" | "document";

/** A problem in one object: where (object, file, document, JSON path), what, and which rule. */
export interface ManifestIssue {
  /** `Kind/name` (or `document` when the document is not an object). */
  readonly object: string;
  readonly file?: string;
  /** 0-based index of the document in its file. */
  readonly document?: number;
  /** 0-based index of the object among the items of a List document. */
  readonly item?: number;
  /** JSON path such as `spec.template.spec.containers[0].name` (empty for the whole object). */
  readonly path: string;
  readonly message: string;
  /** `<layer>/<rule>`, e.g. `schema/required`, `semantic/hpa-min-max`. */
  readonly rule: string;
}
