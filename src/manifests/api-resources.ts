/**
 * What a Kubernetes v1.32 API server serves (`kubectl api-resources` of a v1.32 cluster with its
 * default feature gates, plus the beta and alpha versions 1.32 can serve), the API versions it no
 * longer serves (the deprecated API migration guide, kubernetes.io/docs/reference/using-api/deprecation-guide),
 * and the kinds of the KEDA and Karpenter CRDs servesim writes. A manifest whose apiVersion or
 * kind is not among them would be refused by `kubectl apply`, so lint reports it as an error.
 */
import { closest } from "../scenario/index.js";

/** apiVersion → kinds served by Kubernetes v1.32 (and the CRDs servesim writes). */
export const SERVED: Readonly<Record<string, readonly string[]>> = {
  v1: [
    "Binding", "ComponentStatus", "ConfigMap", "Endpoints", "Event", "LimitRange", "List", "Namespace", "Node", "PersistentVolume", "PersistentVolumeClaim",
    "Pod", "PodTemplate", "ReplicationController", "ResourceQuota", "Secret", "Service", "ServiceAccount",
  ],
  "admissionregistration.k8s.io/v1": ["MutatingWebhookConfiguration", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "ValidatingWebhookConfiguration"],
  "admissionregistration.k8s.io/v1beta1": ["ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
  "admissionregistration.k8s.io/v1alpha1": ["MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding", "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding"],
  "apiextensions.k8s.io/v1": ["CustomResourceDefinition"],
  "apiregistration.k8s.io/v1": ["APIService"],
  "apps/v1": ["ControllerRevision", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet"],
  "authentication.k8s.io/v1": ["SelfSubjectReview", "TokenRequest", "TokenReview"],
  "authorization.k8s.io/v1": ["LocalSubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview", "SubjectAccessReview"],
  "autoscaling/v1": ["HorizontalPodAutoscaler", "Scale"],
  "autoscaling/v2": ["HorizontalPodAutoscaler"],
  "batch/v1": ["CronJob", "Job"],
  "certificates.k8s.io/v1": ["CertificateSigningRequest"],
  "certificates.k8s.io/v1alpha1": ["ClusterTrustBundle"],
  "coordination.k8s.io/v1": ["Lease"],
  "coordination.k8s.io/v1alpha2": ["LeaseCandidate"],
  "discovery.k8s.io/v1": ["EndpointSlice"],
  "events.k8s.io/v1": ["Event"],
  "flowcontrol.apiserver.k8s.io/v1": ["FlowSchema", "PriorityLevelConfiguration"],
  "internal.apiserver.k8s.io/v1alpha1": ["StorageVersion"],
  "networking.k8s.io/v1": ["Ingress", "IngressClass", "NetworkPolicy"],
  "networking.k8s.io/v1beta1": ["IPAddress", "ServiceCIDR"],
  "node.k8s.io/v1": ["RuntimeClass"],
  "policy/v1": ["Eviction", "PodDisruptionBudget"],
  "rbac.authorization.k8s.io/v1": ["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
  "resource.k8s.io/v1beta1": ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
  "resource.k8s.io/v1alpha3": ["DeviceClass", "ResourceClaim", "ResourceClaimTemplate", "ResourceSlice"],
  "scheduling.k8s.io/v1": ["PriorityClass"],
  "storage.k8s.io/v1": ["CSIDriver", "CSINode", "CSIStorageCapacity", "StorageClass", "VolumeAttachment"],
  "storage.k8s.io/v1beta1": ["VolumeAttributesClass"],
  "storage.k8s.io/v1alpha1": ["VolumeAttributesClass"],
  "storagemigration.k8s.io/v1alpha1": ["StorageVersionMigration"],
  "kubescheduler.config.k8s.io/v1": ["KubeSchedulerConfiguration"],
  "keda.sh/v1alpha1": ["ClusterTriggerAuthentication", "ScaledJob", "ScaledObject", "TriggerAuthentication"],
  "karpenter.sh/v1": ["NodeClaim", "NodePool"],
};

/** apiVersion → [Kubernetes release that stopped serving it, the version to use instead] (kinds of the version not listed in SERVED). */
const REMOVED: Readonly<Record<string, readonly [string, string]>> = {
  "extensions/v1beta1": ["1.16 (Ingress: 1.22)", "apps/v1 for Deployment, DaemonSet, ReplicaSet; networking.k8s.io/v1 for Ingress and NetworkPolicy"],
  "apps/v1beta1": ["1.16", "apps/v1"],
  "apps/v1beta2": ["1.16", "apps/v1"],
  "autoscaling/v2beta1": ["1.25", "autoscaling/v2"],
  "autoscaling/v2beta2": ["1.26", "autoscaling/v2"],
  "batch/v1beta1": ["1.25", "batch/v1"],
  "policy/v1beta1": ["1.25", "policy/v1 (PodSecurityPolicy was removed without replacement)"],
  "networking.k8s.io/v1beta1": ["1.22", "networking.k8s.io/v1"],
  "rbac.authorization.k8s.io/v1beta1": ["1.22", "rbac.authorization.k8s.io/v1"],
  "scheduling.k8s.io/v1beta1": ["1.22", "scheduling.k8s.io/v1"],
  "storage.k8s.io/v1beta1": ["1.22 (CSIStorageCapacity: 1.27)", "storage.k8s.io/v1"],
  "admissionregistration.k8s.io/v1beta1": ["1.22", "admissionregistration.k8s.io/v1"],
  "apiextensions.k8s.io/v1beta1": ["1.22", "apiextensions.k8s.io/v1"],
  "apiregistration.k8s.io/v1beta1": ["1.22", "apiregistration.k8s.io/v1"],
  "certificates.k8s.io/v1beta1": ["1.22", "certificates.k8s.io/v1"],
  "coordination.k8s.io/v1beta1": ["1.22", "coordination.k8s.io/v1"],
  "discovery.k8s.io/v1beta1": ["1.25", "discovery.k8s.io/v1"],
  "events.k8s.io/v1beta1": ["1.25", "events.k8s.io/v1"],
  "node.k8s.io/v1beta1": ["1.25", "node.k8s.io/v1"],
  "flowcontrol.apiserver.k8s.io/v1beta1": ["1.26", "flowcontrol.apiserver.k8s.io/v1"],
  "flowcontrol.apiserver.k8s.io/v1beta2": ["1.29", "flowcontrol.apiserver.k8s.io/v1"],
  "flowcontrol.apiserver.k8s.io/v1beta3": ["1.32", "flowcontrol.apiserver.k8s.io/v1"],
  "karpenter.sh/v1beta1": ["Karpenter 1.1", "karpenter.sh/v1"],
  "kubescheduler.config.k8s.io/v1beta3": ["1.29", "kubescheduler.config.k8s.io/v1"],
};

const groupOf = (apiVersion: string): string => (apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "");
const knownGroups = new Set([...Object.keys(SERVED), ...Object.keys(REMOVED)].map(groupOf));

/** The verdict on an apiVersion and kind: served, unknown to us (a CRD: not checked), or refused with a message. */
export type ApiVerdict = { readonly status: "served" } | { readonly status: "custom" } | { readonly status: "refused"; readonly message: string; readonly rule: string };

export function apiVerdict(apiVersion: string, kind: string): ApiVerdict {
  const kinds = SERVED[apiVersion];
  if (kinds?.includes(kind)) return { status: "served" };
  const removed = REMOVED[apiVersion];
  if (removed) return { status: "refused", message: `apiVersion ${apiVersion} is not served since Kubernetes ${removed[0]}: use ${removed[1]}`, rule: "api/removed-version" };
  if (kinds) {
    const near = closest(kind, kinds);
    const elsewhere = Object.entries(SERVED).filter(([, ks]) => ks.includes(kind)).map(([v]) => v);
    const hint = near !== undefined ? `did you mean "${near}"?` : elsewhere.length > 0 ? `${kind} is served as ${elsewhere.join(", ")}` : `expected one of ${kinds.join(", ")}`;
    return { status: "refused", message: `unknown kind "${kind}" in ${apiVersion} (${hint})`, rule: "api/unknown-kind" };
  }
  const group = groupOf(apiVersion);
  if (knownGroups.has(group)) {
    const versions = Object.keys(SERVED).filter((v) => groupOf(v) === group);
    return { status: "refused", message: `apiVersion ${apiVersion} is not served by Kubernetes v1.32 (served: ${versions.join(", ")})`, rule: "api/unknown-version" };
  }
  return { status: "custom" };
}
