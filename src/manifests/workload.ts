/**
 * The Deployment of a service: the server container (image, args, ports, resources with extended
 * resources' requests equal to limits, probes from the simulated cold start), init containers,
 * placement (GPU product affinity, node selector, tolerations, topology spread, priority) and the
 * grace period from the simulated drain.
 */
import type { NodePool, Scenario, Service } from "../scenario/index.js";
import { appLabels, gpuProductKey, gpuProductLabel, MANAGED_BY, podLabels, sortKeys } from "./labels.js";
import type { ProbePlan } from "./probes.js";
import { STARTUP_PERIOD } from "./probes.js";
import { resourceQuantity } from "./quantities.js";
import { DEFAULT_IMAGE, SERVER_HTTP, serverArgs } from "./server.js";
import type { Json, JsonObject, K8sObject } from "./types.js";

type Resources = { readonly requests: Readonly<Record<string, number>>; readonly limits: Readonly<Record<string, number>> };

/** requests and limits as quantities; an extended resource (a name with "/") gets request = limit, as the API requires. */
export function resourcesOf(r: Resources): JsonObject {
  const requests: Record<string, number> = { ...r.requests };
  const limits: Record<string, number> = { ...r.limits };
  for (const name of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
    if (!name.includes("/")) continue;
    const v = limits[name] ?? requests[name]!;
    requests[name] = v;
    limits[name] = v;
  }
  const q = (m: Record<string, number>): JsonObject => Object.fromEntries(Object.keys(m).sort().map((n) => [n, resourceQuantity(n, m[n]!)]));
  const out: Record<string, Json> = {};
  if (Object.keys(limits).length > 0) out["limits"] = q(limits);
  if (Object.keys(requests).length > 0) out["requests"] = q(requests);
  return out;
}

/** Labels a pool's nodes carry that a nodeSelector may name (as src/sim/node-pools.ts poolLabels). */
function poolLabels(p: NodePool): Record<string, string> {
  const labels: Record<string, string> = { "kubernetes.io/os": "linux", "kubernetes.io/arch": "amd64", "servesim.io/node-pool": p.name };
  if (p.gpu) labels[gpuProductKey(p.gpu.type)] = gpuProductLabel(p.gpu.type);
  return { ...labels, ...p.labels };
}

const tolerates = (svc: Service, p: NodePool): boolean =>
  p.taints.every(
    (t) =>
      t.effect === "PreferNoSchedule" ||
      svc.pod.tolerations.some((tol) => (tol.key === undefined || tol.key === "" || tol.key === t.key) && (tol.operator === "Exists" || (tol.value ?? "") === (t.value ?? "")) && (tol.effect === undefined || tol.effect === "" || tol.effect === t.effect)),
  );

/**
 * GPU pools the service's pods go to: those the simulation placed them on, else those whose nodes
 * hold one pod's GPU request and that its node selector and tolerations allow.
 */
export function gpuPoolsFor(sc: Scenario, svc: Service, placed: readonly string[] = []): NodePool[] {
  const want = svc.resources.limits["nvidia.com/gpu"] ?? svc.resources.requests["nvidia.com/gpu"] ?? svc.resources.limits["amd.com/gpu"] ?? svc.resources.requests["amd.com/gpu"] ?? 0;
  if (want === 0) return [];
  const fits = sc.cluster.nodePools.filter(
    (p) =>
      p.gpu !== undefined &&
      p.gpu.mig === undefined &&
      p.gpu.count >= want &&
      tolerates(svc, p) &&
      Object.entries(svc.pod.nodeSelector ?? {}).every(([k, v]) => poolLabels(p)[k] === v),
  );
  const chosen = fits.filter((p) => placed.includes(p.name));
  return chosen.length > 0 ? chosen : fits;
}

/** The scenario's node affinity with a required GPU product term added to each of its terms. */
function affinityOf(sc: Scenario, svc: Service, placed: readonly string[]): JsonObject | undefined {
  const given = svc.pod.affinity?.nodeAffinity;
  const pools = gpuPoolsFor(sc, svc, placed);
  const products = [...new Set(pools.map((p) => gpuProductLabel(p.gpu!.type)))].sort();
  const keys = [...new Set(pools.map((p) => gpuProductKey(p.gpu!.type)))];
  if (products.length === 0 || keys.length !== 1) return given ? { nodeAffinity: given as unknown as JsonObject } : undefined;
  const product = { key: keys[0]!, operator: "In", values: products };
  const terms = given?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [{}];
  const required = {
    nodeSelectorTerms: terms.map((t) => ({ ...t, matchExpressions: [...(t.matchExpressions ?? []), product] })),
  };
  return { nodeAffinity: { ...(given as unknown as JsonObject | undefined), requiredDuringSchedulingIgnoredDuringExecution: required } as unknown as JsonObject };
}

function probes(svc: Service, plan: ProbePlan): Record<string, JsonObject> {
  const http = SERVER_HTTP[svc.model.kind];
  const r = svc.pod.readinessProbe;
  return {
    startupProbe: { httpGet: { path: http.ready, port: "http" }, periodSeconds: STARTUP_PERIOD, failureThreshold: plan.startupFailureThreshold, timeoutSeconds: 1 },
    readinessProbe: {
      httpGet: { path: http.ready, port: "http" },
      initialDelaySeconds: r.initialDelaySeconds,
      periodSeconds: r.periodSeconds,
      successThreshold: r.successThreshold,
      failureThreshold: 3,
      timeoutSeconds: 1,
    },
    livenessProbe: { httpGet: { path: http.live, port: "http" }, periodSeconds: 10, failureThreshold: 3, timeoutSeconds: 1 },
  };
}

/** `placed`: node pools the simulation placed the service's pods on. */
export function deploymentOf(sc: Scenario, svc: Service, plan: ProbePlan, placed: readonly string[]): K8sObject {
  const p = svc.pod;
  const args = serverArgs(svc);
  const container: Record<string, Json> = {
    name: "server",
    image: svc.image?.name ?? DEFAULT_IMAGE[svc.model.kind],
    ...(args.length > 0 ? { args } : {}),
    ports: [{ name: "http", containerPort: SERVER_HTTP[svc.model.kind].port, protocol: "TCP" }],
    resources: resourcesOf(svc.resources),
    ...probes(svc, plan),
  };
  const affinity = affinityOf(sc, svc, placed);
  const spec: Record<string, Json> = {
    ...(p.schedulerName !== "default-scheduler" ? { schedulerName: p.schedulerName } : {}),
    ...(p.priorityClassName !== undefined ? { priorityClassName: p.priorityClassName } : {}),
    ...(p.preemptionPolicy !== undefined ? { preemptionPolicy: p.preemptionPolicy } : {}),
    terminationGracePeriodSeconds: plan.terminationGracePeriodSeconds,
    ...(p.nodeSelector !== undefined ? { nodeSelector: sortKeys(p.nodeSelector) } : {}),
    ...(affinity !== undefined ? { affinity } : {}),
    ...(p.tolerations.length > 0 ? { tolerations: p.tolerations as unknown as Json } : {}),
    ...(p.topologySpreadConstraints.length > 0 ? { topologySpreadConstraints: p.topologySpreadConstraints as unknown as Json } : {}),
    ...(p.initContainers.length > 0
      ? {
          initContainers: p.initContainers.map((c) => ({
            name: c.name,
            image: c.image?.name ?? "busybox:1.37",
            ...(c.restartPolicy !== undefined ? { restartPolicy: c.restartPolicy } : {}),
            resources: resourcesOf(c.resources),
          })),
        }
      : {}),
    containers: [container],
  };
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: svc.name, labels: sortKeys({ ...MANAGED_BY, ...appLabels(svc) }) },
    spec: {
      replicas: svc.replicas,
      selector: { matchLabels: appLabels(svc) },
      template: { metadata: { labels: podLabels(svc) }, spec },
    },
  };
}
