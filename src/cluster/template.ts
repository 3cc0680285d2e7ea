/** Pod templates: what every pod of a workload shares, compiled once from its pod spec. */
import type { PodSpec } from "./api.js";
import { podRequests, requestRow } from "./resources.js";
import type { PodRequests } from "./resources.js";
import type { Labels } from "./selectors.js";
import { toLabels } from "./selectors.js";
import type { ClusterState } from "./state.js";

/** What every pod of a workload shares: the spec, compiled once (its request row, labels, images). */
export interface PodTemplate {
  readonly id: number;
  readonly name: string;
  /** Owning workload (a service index in a simulation), or -1. */
  readonly owner: number;
  readonly spec: PodSpec;
  readonly labels: Labels;
  readonly requests: PodRequests;
  /** Effective requests in the run's resource columns (non-zero cpu/memory columns included). */
  readonly request: Float64Array;
  /** Image ids of the init containers, then of the containers (the order ImageLocality sums them in). */
  readonly images: readonly number[];
  readonly priority: number;
}

/** Compiles a pod spec into a template (images interned with `imageSize`, 0 when unknown). */
export function addTemplate(s: ClusterState, name: string, owner: number, spec: PodSpec, imageSize: (image: string) => number = () => 0): PodTemplate {
  const requests = podRequests(spec);
  const image = (c: { image?: string | undefined }) => (c.image === undefined ? [] : [s.images.intern(c.image, imageSize(c.image))]);
  const t: PodTemplate = {
    id: s.templates.length,
    name,
    owner,
    spec,
    labels: toLabels(spec.labels),
    requests,
    request: requestRow(s.resources, requests),
    images: [...(spec.initContainers ?? []).flatMap(image), ...spec.containers.flatMap(image)],
    priority: spec.priority ?? 0,
  };
  s.templates.push(t);
  return t;
}
