/**
 * The pod of each service, as a Kubernetes pod spec (labels, the server container with its
 * image, requests and limits, init containers, overhead, placement constraints, priority) and its
 * start-up: images to pull, container start time, model weights to load, readiness probe, grace.
 */
import { findModel } from "../catalog/index.js";
import type { ClusterState, PodSpec, StartupSpec } from "../cluster/index.js";
import { defaultRequests } from "../cluster/index.js";
import type { Scenario, Service } from "../scenario/index.js";
import { SYSTEM_PRIORITY_CLASSES } from "../scenario/index.js";

/** Bytes per parameter of each weight data type. */
export const BYTES_PER_PARAMETER = { fp32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1, int4: 0.5, fp4: 0.5 } as const;

/** Weights a service loads: given, or its catalog model's parameters × bytes per parameter, else 0. */
export function modelBytes(svc: Service): number {
  const m = svc.model;
  if (m.weightsSize !== undefined) return m.weightsSize;
  const catalog = m.id === undefined ? undefined : findModel(m.id);
  return catalog ? catalog.parameters * BYTES_PER_PARAMETER[m.dtype] : 0;
}

/** Resource names a service's pods request (containers, init containers, overhead). */
export const serviceResourceNames = (svc: Service): string[] => [
  ...Object.keys(svc.resources.requests),
  ...Object.keys(svc.resources.limits),
  ...svc.pod.initContainers.flatMap((c) => [...Object.keys(c.resources.requests), ...Object.keys(c.resources.limits)]),
  ...Object.keys(svc.pod.overhead ?? {}),
];

/** The priority and preemption policy a pod gets from its class (or the global default class). */
function priorityOf(sc: Scenario, svc: Service): { priority: number; preemptionPolicy: "PreemptLowerPriority" | "Never" } {
  const classes = sc.cluster.priorityClasses;
  const cls = svc.pod.priorityClassName === undefined ? classes.find((c) => c.globalDefault) : classes.find((c) => c.name === svc.pod.priorityClassName);
  const system = svc.pod.priorityClassName === undefined ? undefined : SYSTEM_PRIORITY_CLASSES.get(svc.pod.priorityClassName);
  return { priority: cls?.value ?? system ?? 0, preemptionPolicy: svc.pod.preemptionPolicy ?? cls?.preemptionPolicy ?? "PreemptLowerPriority" };
}

export function podSpecOf(sc: Scenario, svc: Service): PodSpec {
  const p = svc.pod;
  return {
    labels: { app: svc.name, ...p.labels },
    containers: [defaultRequests({ name: "server", image: svc.image?.name, requests: svc.resources.requests, limits: svc.resources.limits })],
    initContainers: p.initContainers.map((c) =>
      defaultRequests({ name: c.name, image: c.image?.name, requests: c.resources.requests, limits: c.resources.limits, restartPolicy: c.restartPolicy }),
    ),
    overhead: p.overhead,
    nodeSelector: p.nodeSelector,
    affinity: p.affinity,
    tolerations: p.tolerations,
    topologySpreadConstraints: p.topologySpreadConstraints,
    schedulerName: p.schedulerName,
    ...priorityOf(sc, svc),
  };
}

/** Interns the service's images and describes how its pods start; warns about images without a size. */
export function startupOf(svc: Service, s: ClusterState, warn: (m: string) => void): StartupSpec {
  const image = (i: { name: string; size?: number | undefined } | undefined): number => {
    if (i === undefined) return -1;
    if (i.size === undefined) warn(`image ${i.name} has no size: its pulls take no time (set image.size)`);
    const id = s.images.intern(i.name, i.size ?? 0);
    if (i.size !== undefined && s.images.size(id) !== i.size) warn(`image ${i.name} is given two sizes: the first, ${s.images.size(id)} bytes, is used`);
    return id;
  };
  const m = svc.model;
  return {
    initContainers: svc.pod.initContainers.map((c) => ({ image: image(c.image), seconds: c.duration })),
    image: image(svc.image),
    containerStartSeconds: svc.pod.containerStartTime,
    modelBytes: modelBytes(svc),
    modelKey: `${m.id ?? svc.name}/${m.dtype}`,
    probe: svc.pod.readinessProbe,
    terminationGraceSeconds: svc.pod.terminationGracePeriodSeconds,
    readyAtStart: svc.prewarmed,
  };
}
