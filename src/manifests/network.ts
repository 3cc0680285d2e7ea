/** The Service in front of a service's pods, its Ingress when exposed, and its PodDisruptionBudget. */
import type { Service } from "../scenario/index.js";
import { ANNOTATION_PREFIX, appLabels, MANAGED_BY, sortKeys } from "./labels.js";
import type { K8sObject } from "./types.js";

/** The port the Service listens on. */
export const SERVICE_PORT = 80;

const meta = (svc: Service) => ({ name: svc.name, labels: sortKeys({ ...MANAGED_BY, ...appLabels(svc) }) });

/**
 * A ClusterIP Service. Its kube-proxy spreads connections at random (the simulation's `random`);
 * other policies need IPVS or a gateway, so the policy is kept as an annotation.
 */
export function serviceOf(svc: Service): K8sObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { ...meta(svc), annotations: { [`${ANNOTATION_PREFIX}routing`]: svc.routing.policy } },
    spec: {
      type: "ClusterIP",
      selector: appLabels(svc),
      ports: [{ name: "http", port: SERVICE_PORT, targetPort: "http", protocol: "TCP" }],
    },
  };
}

export function ingressOf(svc: Service): K8sObject | undefined {
  const e = svc.expose;
  if (!e) return undefined;
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "Ingress",
    metadata: meta(svc),
    spec: {
      ...(e.className !== undefined ? { ingressClassName: e.className } : {}),
      rules: [
        {
          host: e.host,
          http: { paths: [{ path: e.path, pathType: "Prefix", backend: { service: { name: svc.name, port: { number: SERVICE_PORT } } } }] },
        },
      ],
    },
  };
}

export function pdbOf(svc: Service): K8sObject | undefined {
  const b = svc.disruptionBudget;
  if (!b) return undefined;
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta(svc),
    spec: {
      ...(b.minAvailable !== undefined ? { minAvailable: b.minAvailable } : {}),
      ...(b.maxUnavailable !== undefined ? { maxUnavailable: b.maxUnavailable } : {}),
      selector: { matchLabels: appLabels(svc) },
    },
  };
}
