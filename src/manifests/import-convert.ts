/**
 * Manifest fields → scenario input fields (the inverse of the builders in workload.ts,
 * autoscalers.ts, cluster-objects.ts), shared by the import with and without provenance.
 */
import { gpuIds, modelIds } from "../catalog/index.js";
import { ANNOTATION_PREFIX, gpuProductLabel } from "./labels.js";
import { modelRepository, scenarioMetric } from "./server.js";
import type { ServerKind } from "./server.js";
import type { Json } from "./types.js";

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const at = (o: unknown, ...path: (string | number)[]): unknown => path.reduce<unknown>((v, k) => (typeof k === "number" ? arr(v)[k] : obj(v)?.[k]), o);

/** The server container of a pod template (named "server", else the first). */
export function serverContainer(deployment: Obj): Obj | undefined {
  const cs = arr(at(deployment, "spec", "template", "spec", "containers")).map(obj);
  return cs.find((c) => c?.["name"] === "server") ?? cs[0];
}

/** Pod fields of the scenario that a pod template carries. */
export function podFields(deployment: Obj): Obj {
  const spec = obj(at(deployment, "spec", "template", "spec")) ?? {};
  const c = serverContainer(deployment);
  const probe = obj(c?.["readinessProbe"]);
  const out: Obj = {};
  if (spec["priorityClassName"] !== undefined) out["priorityClassName"] = spec["priorityClassName"];
  if (spec["schedulerName"] !== undefined) out["schedulerName"] = spec["schedulerName"];
  if (spec["nodeSelector"] !== undefined) out["nodeSelector"] = spec["nodeSelector"];
  if (arr(spec["tolerations"]).length > 0) out["tolerations"] = spec["tolerations"];
  if (arr(spec["topologySpreadConstraints"]).length > 0) out["topologySpreadConstraints"] = spec["topologySpreadConstraints"];
  if (probe) {
    const r: Obj = {};
    for (const k of ["initialDelaySeconds", "periodSeconds", "successThreshold"]) if (probe[k] !== undefined) r[k] = probe[k];
    out["readinessProbe"] = r;
  }
  if (spec["terminationGracePeriodSeconds"] !== undefined) out["terminationGracePeriodSeconds"] = spec["terminationGracePeriodSeconds"];
  return out;
}

/** HPA metric specs → scenario metrics (adapter names back to the scenario's; unknown names pass through for the schema to reject). */
export function scenarioMetrics(kind: ServerKind, metrics: unknown): Json[] {
  return arr(metrics).map((m): Json => {
    const type = String(at(m, "type"));
    const key = type.toLowerCase();
    const src = obj(at(m, key)) ?? {};
    if (type === "Resource") return { type, resource: { name: src["name"], target: src["target"] } as Json };
    const name = String(at(src, "metric", "name"));
    return { type, [key]: { metric: { name: scenarioMetric(kind, name) ?? name }, target: src["target"] as Json } };
  });
}

/** A KEDA Prometheus trigger's metric, from the query the export writes (`sum(<adapter name>{service="…"})`). */
export function triggerMetric(kind: ServerKind, trigger: unknown): string | undefined {
  const q = at(trigger, "metadata", "query");
  const m = typeof q === "string" ? /^sum\(([A-Za-z_:][\w:]*)\{/.exec(q) : null;
  return m ? (scenarioMetric(kind, m[1]!) ?? m[1]) : undefined;
}

/** The catalog GPU whose product label is `label` ("NVIDIA-L4" → "l4"). */
export const gpuOfProduct = (label: string): string | undefined => gpuIds.find((id) => gpuProductLabel(id) === label);

/** The catalog LLM served by `--model <repo or id>`. */
export const modelOfArg = (arg: string): string | undefined => modelIds.find((id) => id === arg || modelRepository(id) === arg);

/** The value following `flag` in a server's args. */
export function argValue(args: unknown, flag: string): string | undefined {
  const a = arr(args).map(String);
  const i = a.indexOf(flag);
  return i >= 0 ? a[i + 1] : undefined;
}

export const routingOf = (service: Obj | undefined): unknown => at(service, "metadata", "annotations", `${ANNOTATION_PREFIX}routing`);

/** `cpu=4,memory=16Gi,gpu=t4x1` (the NodePool annotation) → its parts. */
export function parseNodeShape(s: unknown): { cpu?: string; memory?: string; gpu?: { type: string; count: number } } {
  if (typeof s !== "string") return {};
  const parts = Object.fromEntries(s.split(",").map((kv) => kv.split("=") as [string, string]));
  const g = parts["gpu"] ? /^(.+)x(\d+)$/.exec(parts["gpu"]) : null;
  return { ...(parts["cpu"] ? { cpu: parts["cpu"] } : {}), ...(parts["memory"] ? { memory: parts["memory"] } : {}), ...(g ? { gpu: { type: g[1]!, count: Number(g[2]) } } : {}) };
}
