/**
 * Import without provenance: a scenario built from what the manifests say (Deployments, their
 * Services, HPAs or ScaledObjects, Karpenter NodePools). What manifests cannot say (model timing,
 * node shapes without NodePools, traffic) gets stated assumptions, each reported as a note.
 */
import { stringify } from "yaml";
import { findGpu } from "../catalog/index.js";
import { argValue, arr, at, gpuOfProduct, modelOfArg, obj, parseNodeShape, podFields, routingOf, scenarioMetrics, serverContainer, triggerMetric } from "./import-convert.js";
import type { Obj } from "./import-convert.js";
import { NODE_SHAPE_ANNOTATION } from "./cluster-objects.js";
import { DEFAULT_IMAGE } from "./server.js";
import type { ServerKind } from "./server.js";

/** Node shape assumed for a pool no NodePool describes: room for the largest pod twice over, at least 8 cores and 32 GiB. */
const DEFAULT_NODE = { cpu: "8", memory: "32Gi" } as const;

function modelOf(dep: Obj, note: (m: string) => void): { kind: ServerKind; model: Obj } {
  const c = serverContainer(dep);
  const repo = argValue(c?.["args"], "--model");
  const id = repo === undefined ? undefined : modelOfArg(repo);
  const name = String(at(dep, "metadata", "name"));
  if (id !== undefined) {
    const model: Obj = { kind: "llm", id };
    const num = (flag: string, field: string) => {
      const v = argValue(c?.["args"], flag);
      if (v !== undefined && Number.isFinite(Number(v))) model[field] = Number(v);
    };
    num("--tensor-parallel-size", "tensorParallel");
    num("--max-num-seqs", "maxNumSeqs");
    num("--max-num-batched-tokens", "maxNumBatchedTokens");
    num("--gpu-memory-utilization", "gpuMemoryUtilization");
    return { kind: "llm", model };
  }
  if (repo !== undefined) note(`Deployment ${name}: model ${repo} is not in the catalog: modelled as a classic server`);
  note(`Deployment ${name}: request timing unknown: assumed exponential service times of mean 100ms (set services[].model)`);
  return { kind: "classic", model: { kind: "classic", concurrency: 1, serviceTime: { distribution: "exponential", mean: "100ms" } } };
}

export function autoscalingOf(kind: ServerKind, name: string, hpas: readonly Obj[], sos: readonly Obj[], note: (m: string) => void): Obj | undefined {
  const targets = (o: Obj) => at(o, "spec", "scaleTargetRef", "name") === name && (at(o, "spec", "scaleTargetRef", "kind") ?? "Deployment") === "Deployment";
  const hpa = hpas.find(targets);
  if (hpa) {
    const metrics = at(hpa, "spec", "metrics");
    const behavior = at(hpa, "spec", "behavior");
    return {
      kind: "hpa",
      minReplicas: at(hpa, "spec", "minReplicas") ?? 1,
      maxReplicas: at(hpa, "spec", "maxReplicas"),
      ...(metrics !== undefined ? { metrics: scenarioMetrics(kind, metrics) } : {}),
      ...(behavior !== undefined ? { behavior } : {}),
    };
  }
  const so = sos.find(targets);
  if (!so) return undefined;
  const cron = arr(at(so, "spec", "triggers")).flatMap((t) => {
    const c = cronOf(t);
    if (at(t, "type") === "cron" && c === undefined) note(`ScaledObject ${name}: cron trigger skipped (servesim reads daily "M H * * *" schedules in Etc/UTC)`);
    return c ? [c] : [];
  });
  const triggers = arr(at(so, "spec", "triggers")).flatMap((t) => {
    if (at(t, "type") === "cron") return [];
    const metric = at(t, "type") === "prometheus" ? triggerMetric(kind, t) : undefined;
    if (metric === undefined) {
      note(`ScaledObject ${name}: trigger of type ${String(at(t, "type"))} skipped (servesim reads prometheus triggers written as sum(<metric>{…}))`);
      return [];
    }
    const activation = at(t, "metadata", "activationThreshold");
    const ignoreNull = at(t, "metadata", "ignoreNullValues");
    return [{ metric, threshold: at(t, "metadata", "threshold"), ...(activation !== undefined ? { activationThreshold: Number(activation) } : {}), metricType: at(t, "metricType") ?? "AverageValue", ...(ignoreNull !== undefined ? { ignoreNullValues: String(ignoreNull) !== "false" } : {}) }];
  });
  const behavior = at(so, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior");
  const opt = (k: string) => (at(so, "spec", k) !== undefined ? { [k]: at(so, "spec", k) } : {});
  return { kind: "keda", ...opt("minReplicaCount"), ...opt("maxReplicaCount"), ...opt("pollingInterval"), ...opt("cooldownPeriod"), ...opt("initialCooldownPeriod"), triggers, ...(cron.length > 0 ? { cron } : {}), ...(behavior !== undefined ? { behavior } : {}) };
}

/** A KEDA cron trigger with daily `M H * * *` schedules in Etc/UTC as a scenario cron entry, else undefined. */
export function cronOf(t: unknown): { start: number; end: number; desiredReplicas: number } | undefined {
  if (at(t, "type") !== "cron" || at(t, "metadata", "timezone") !== "Etc/UTC") return undefined;
  const daily = (v: unknown) => {
    const m = typeof v === "string" ? /^(\d{1,2}) (\d{1,2}) \* \* \*$/.exec(v) : null;
    return m && Number(m[1]) < 60 && Number(m[2]) < 24 ? Number(m[2]) * 3600 + Number(m[1]) * 60 : undefined;
  };
  const [start, end, n] = [daily(at(t, "metadata", "start")), daily(at(t, "metadata", "end")), Number(at(t, "metadata", "desiredReplicas"))];
  return start !== undefined && end !== undefined && Number.isInteger(n) && n >= 1 ? { start, end, desiredReplicas: n } : undefined;
}

function poolsFromNodePools(nodePools: readonly Obj[], note: (m: string) => void): Obj[] {
  return nodePools.map((np) => {
    const name = String(at(np, "metadata", "name"));
    const shape = parseNodeShape(at(np, "metadata", "annotations", NODE_SHAPE_ANNOTATION));
    const reqs = arr(at(np, "spec", "template", "spec", "requirements")).map(obj);
    const product = reqs.find((r) => /gpu\.product$/.test(String(r?.["key"])))?.["values"];
    const gpuType = shape.gpu?.type ?? (Array.isArray(product) ? gpuOfProduct(String(product[0])) : undefined);
    const gpuCount = shape.gpu?.count ?? 1;
    if (!shape.cpu) note(`NodePool ${name}: node shape unknown: assumed ${DEFAULT_NODE.cpu} cpu, ${DEFAULT_NODE.memory}${gpuType ? `, ${gpuCount} GPU` : ""} per node`);
    const gpuLimit = Number(at(np, "spec", "limits", "nvidia.com/gpu") ?? at(np, "spec", "limits", "amd.com/gpu") ?? NaN);
    const max = gpuType && Number.isFinite(gpuLimit) ? Math.floor(gpuLimit / gpuCount) : 10;
    const zones = reqs.find((r) => r?.["key"] === "topology.kubernetes.io/zone")?.["values"];
    const taints = at(np, "spec", "template", "spec", "taints");
    return {
      name,
      ...(gpuType ? { gpu: { type: gpuType, count: gpuCount } } : {}),
      cpu: shape.cpu ?? DEFAULT_NODE.cpu,
      memory: shape.memory ?? DEFAULT_NODE.memory,
      size: { min: 0, max, initial: max },
      ...(arr(taints).length > 0 ? { taints } : {}),
      ...(arr(zones).length > 0 ? { zones } : {}),
    };
  });
}

/**
 * Karpenter provisions nodes for pending pods and consolidates idle ones: the scenario's cluster
 * autoscaler stands in for it, scaling down after the NodePools' consolidateAfter (the longest,
 * as one autoscaler serves every pool), or never when that is `Never`.
 */
function autoscalerFromNodePools(nodePools: readonly Obj[], note: (m: string) => void): Obj {
  const afters = nodePools.map((np) => String(at(np, "spec", "disruption", "consolidateAfter") ?? "0s"));
  const seconds = (d: string) => [...d.matchAll(/(\d+(?:\.\d+)?)(h|m|s)/g)].reduce((a, [, n, u]) => a + Number(n) * (u === "h" ? 3600 : u === "m" ? 60 : 1), 0);
  note("NodePools: Karpenter's provisioning and consolidation simulated by the cluster autoscaler (scan every 10s, scale-down of nodes under half used)");
  if (afters.includes("Never")) return { scaleDown: { enabled: false } };
  const longest = afters.reduce((a, d) => (seconds(d) > seconds(a) ? d : a));
  return { scaleDown: { unneededTime: `${seconds(longest)}s` } };
}

/** One pool per GPU product the Deployments ask for (their node affinity), else one CPU pool. */
function poolsFromDeployments(deps: readonly Obj[], note: (m: string) => void): Obj[] {
  const products = new Map<string, number>();
  for (const d of deps) {
    const terms = arr(at(d, "spec", "template", "spec", "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"));
    const exprs = terms.flatMap((t) => arr(at(t, "matchExpressions")).map(obj));
    const values = exprs.find((e) => /gpu\.product$/.test(String(e?.["key"])))?.["values"];
    const gpus = Number(at(serverContainer(d), "resources", "limits", "nvidia.com/gpu") ?? 0);
    for (const v of arr(values)) {
      const type = gpuOfProduct(String(v));
      if (type) products.set(type, Math.max(products.get(type) ?? 1, gpus));
    }
  }
  if (products.size === 0) {
    note(`no NodePool and no GPU product affinity: one CPU pool "default" of 4 nodes with ${DEFAULT_NODE.cpu} cpu and ${DEFAULT_NODE.memory} assumed`);
    return [{ name: "default", cpu: DEFAULT_NODE.cpu, memory: DEFAULT_NODE.memory, count: 4 }];
  }
  return [...products].map(([type, count]) => {
    note(`pool ${type}: node shape assumed (${DEFAULT_NODE.cpu} cpu, ${DEFAULT_NODE.memory}, ${count} × ${findGpu(type)?.name ?? type}); 4 nodes`);
    return { name: type.replace(/[^a-z0-9-]/g, "-"), gpu: { type, count }, cpu: DEFAULT_NODE.cpu, memory: DEFAULT_NODE.memory, count: 4 };
  });
}

export interface FreshInput {
  readonly name: string;
  readonly deployments: readonly Obj[];
  readonly services: readonly Obj[];
  readonly hpas: readonly Obj[];
  readonly scaledObjects: readonly Obj[];
  readonly nodePools: readonly Obj[];
  readonly priorityClasses: readonly Obj[];
  readonly pdbs: readonly Obj[];
  readonly ingresses: readonly Obj[];
  readonly schedulerConfig: Obj | undefined;
}

/** The PodDisruptionBudget and Ingress of a Deployment's pods / Service. */
function extrasOf(m: FreshInput, dep: Obj, svc: Obj | undefined): Obj {
  const labels = obj(at(dep, "spec", "template", "metadata", "labels"));
  const pdb = m.pdbs.find((p) => isSubset(obj(at(p, "spec", "selector", "matchLabels")), labels));
  const out: Obj = {};
  if (pdb) {
    const b: Obj = {};
    for (const k of ["minAvailable", "maxUnavailable"]) if (at(pdb, "spec", k) !== undefined) b[k] = at(pdb, "spec", k);
    out["disruptionBudget"] = b;
  }
  const name = at(svc, "metadata", "name");
  for (const ing of m.ingresses) {
    for (const rule of arr(at(ing, "spec", "rules"))) {
      const path = arr(at(rule, "http", "paths")).find((p) => at(p, "backend", "service", "name") === name);
      if (name !== undefined && path !== undefined && at(rule, "host") !== undefined && out["expose"] === undefined) {
        const cls = at(ing, "spec", "ingressClassName");
        out["expose"] = { host: at(rule, "host"), path: at(path, "path") ?? "/", ...(cls !== undefined ? { className: cls } : {}) };
      }
    }
  }
  return out;
}

/** The scenario text (YAML) and the assumptions made. */
export function freshImport(m: FreshInput): { text: string; notes: string[] } {
  const notes: string[] = [];
  const note = (s: string) => void notes.push(s);
  const services = m.deployments.map((dep) => {
    const name = String(at(dep, "metadata", "name"));
    const { kind, model } = modelOf(dep, note);
    const c = serverContainer(dep);
    const image = c?.["image"];
    const svc = m.services.find((s) => isSubset(obj(at(s, "spec", "selector")), obj(at(dep, "spec", "template", "metadata", "labels"))));
    const autoscaling = autoscalingOf(kind, name, m.hpas, m.scaledObjects, note);
    const routing = routingOf(svc);
    const pod = podFields(dep);
    return {
      name,
      ...(typeof image === "string" && image !== DEFAULT_IMAGE[kind] ? { image: { name: image } } : {}),
      model,
      ...(obj(c?.["resources"]) ? { resources: c!["resources"] } : {}),
      ...(Object.keys(pod).length > 0 ? { pod } : {}),
      replicas: at(dep, "spec", "replicas") ?? 1,
      ...(routing !== undefined ? { routing: { policy: routing } } : {}),
      ...(autoscaling ? { autoscaling } : {}),
      ...extrasOf(m, dep, svc),
    };
  });
  note("no traffic: add services[].traffic to simulate load");
  const scenario = {
    apiVersion: "servesim/v1",
    kind: "Scenario",
    metadata: { name: m.name, description: "Imported from Kubernetes manifests by servesim import" },
    duration: "1h",
    warmup: "5m",
    cluster: {
      nodePools: m.nodePools.length > 0 ? poolsFromNodePools(m.nodePools, note) : poolsFromDeployments(m.deployments, note),
      ...(m.priorityClasses.length > 0
        ? { priorityClasses: m.priorityClasses.map((c) => ({ name: at(c, "metadata", "name"), value: c["value"], ...(c["preemptionPolicy"] !== undefined ? { preemptionPolicy: c["preemptionPolicy"] } : {}), ...(c["globalDefault"] === true ? { globalDefault: true } : {}) })) }
        : {}),
      ...(m.schedulerConfig ? { scheduler: schedulerOf(m.schedulerConfig) } : {}),
      ...(m.nodePools.length > 0 ? { autoscaler: autoscalerFromNodePools(m.nodePools, note) } : {}),
    },
    services,
  };
  const header = notes.map((n) => `# assumed: ${n}`).join("\n");
  return { text: `${header}\n${stringify(scenario, { lineWidth: 0 })}`, notes };
}

const isSubset = (sel: Obj | undefined, labels: Obj | undefined): boolean => sel !== undefined && Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => labels?.[k] === v);

/** KubeSchedulerConfiguration → the scenario's scheduler (the same shape, fields servesim models). */
function schedulerOf(c: Obj): Obj {
  const out: Obj = {};
  for (const k of ["percentageOfNodesToScore", "podInitialBackoffSeconds", "podMaxBackoffSeconds"]) if (c[k] !== undefined) out[k] = c[k];
  if (Array.isArray(c["profiles"])) out["profiles"] = c["profiles"];
  return out;
}
