/**
 * Layer (d): rules the API server (or its admission) enforces beyond the schemas: names, label
 * selectors that match their template, extended resources whole with requests equal to limits,
 * HPA and KEDA bounds, PDB budgets, port ranges. Reads untrusted JSON, so every access is guarded.
 */
import { parseQuantity } from "../units/index.js";
import { checkConfigMap, checkSecret } from "./semantic-data.js";
import { arr, checkLabels, checkNamed, checkSelector, obj } from "./semantic-util.js";
import type { Obj, Report } from "./semantic-util.js";
import type { ManifestIssue } from "./types.js";

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PERCENT = /^\d+%$/;

/** Names: Services and containers are DNS-1035/1123 labels (63), other objects DNS-1123 subdomains (253). */
const NAME_RULE: Readonly<Record<string, "label" | "dns1035">> = { Service: "dns1035", Deployment: "label" };

function checkName(o: Obj, report: Report): void {
  const rule = NAME_RULE[String(o["kind"])];
  checkNamed(obj(o["metadata"])?.["name"], rule === "dns1035" ? "dns1035Label" : rule === "label" ? "dns1123Label" : "dns1123Subdomain", "name", "metadata.name", report);
  checkNamed(obj(o["metadata"])?.["namespace"], "dns1123Label", "namespace", "metadata.namespace", report);
}

/** Whether a label selector selects the given labels (matchLabels and matchExpressions). */
export function selects(selector: Obj, labels: Obj): boolean {
  for (const [k, v] of Object.entries(obj(selector["matchLabels"]) ?? {})) if (labels[k] !== v) return false;
  for (const e of arr(selector["matchExpressions"]).map(obj)) {
    if (!e) continue;
    const has = Object.hasOwn(labels, String(e["key"]));
    const value = labels[String(e["key"])];
    const values = arr(e["values"]);
    const ok = { In: has && values.includes(value), NotIn: !has || !values.includes(value), Exists: has, DoesNotExist: !has }[String(e["operator"])];
    if (ok === false) return false;
  }
  return true;
}

function checkPort(v: unknown, path: string, report: Report, allowName: boolean): void {
  if (typeof v === "number" && (!Number.isInteger(v) || v < 1 || v > 65535)) report(path, `invalid port ${v} (expected 1..65535)`, "semantic/port-range");
  if (typeof v === "string" && (!allowName || v.length > 15 || !IANA_SVC_NAME.test(v))) report(path, `invalid port ${JSON.stringify(v)} (expected 1..65535${allowName ? " or a port name" : ""})`, "semantic/port-name");
}

function quantityValue(v: unknown): number | undefined {
  if (typeof v === "number") return v;
  if (typeof v !== "string") return undefined;
  const q = parseQuantity(v);
  return q.ok ? q.value.value : undefined;
}

/** Extended resources (a name with a domain) are whole, and a request equals its limit. */
function checkResources(r: Obj | undefined, path: string, report: Report): void {
  if (!r) return;
  const requests = obj(r["requests"]) ?? {};
  const limits = obj(r["limits"]) ?? {};
  for (const [list, m] of [["requests", requests], ["limits", limits]] as const) {
    for (const [name, v] of Object.entries(m)) {
      const n = quantityValue(v);
      if (n === undefined) continue;
      if (n < 0) report(`${path}.${list}[${JSON.stringify(name)}]`, `invalid ${name} ${JSON.stringify(v)}: must be ≥ 0`, "semantic/resource-negative");
      if (name.includes("/") && !name.startsWith("kubernetes.io/") && !Number.isInteger(n)) report(`${path}.${list}[${JSON.stringify(name)}]`, `fractional ${name} ${JSON.stringify(v)}: extended resources (GPUs) are whole numbers`, "semantic/extended-resource-whole");
    }
  }
  for (const name of Object.keys(requests)) {
    if (!name.includes("/")) {
      const req = quantityValue(requests[name]);
      const lim = quantityValue(limits[name]);
      if (req !== undefined && lim !== undefined && req > lim) report(`${path}.requests[${JSON.stringify(name)}]`, `request ${JSON.stringify(requests[name])} above its limit ${JSON.stringify(limits[name])}`, "semantic/request-within-limit");
      continue;
    }
    if (!(name in limits)) report(`${path}.limits[${JSON.stringify(name)}]`, `missing limit for ${name}: extended resources need a limit equal to the request`, "semantic/extended-resource-limit");
    else if (quantityValue(requests[name]) !== quantityValue(limits[name])) report(`${path}.requests[${JSON.stringify(name)}]`, `${name} request ${JSON.stringify(requests[name])} differs from its limit ${JSON.stringify(limits[name])} (extended resources cannot be overcommitted)`, "semantic/extended-resource-equal");
  }
}

function checkPodSpec(spec: Obj | undefined, path: string, report: Report): void {
  if (!spec) return;
  const names = new Set<string>();
  for (const list of ["initContainers", "containers"] as const) {
    arr(spec[list]).forEach((c, i) => {
      const co = obj(c);
      if (!co) return;
      const at = `${path}.${list}[${i}]`;
      const name = co["name"];
      if (typeof name === "string") {
        checkNamed(name, "dns1123Label", "container name", `${at}.name`, report);
        if (names.has(name)) report(`${at}.name`, `duplicate container name "${name}"`, "semantic/unique-container");
        names.add(name);
      }
      arr(co["env"]).forEach((e, j) => checkNamed(obj(e)?.["name"], "envVarName", "environment variable name", `${at}.env[${j}].name`, report));
      arr(co["envFrom"]).forEach((e, j) => {
        const prefix = obj(e)?.["prefix"];
        if (typeof prefix === "string" && prefix !== "") checkNamed(prefix, "envVarName", "environment variable prefix", `${at}.envFrom[${j}].prefix`, report);
      });
      if (co["image"] === undefined || co["image"] === "") report(`${at}.image`, "missing image (required in a pod template)", "semantic/required-image");
      checkResources(obj(co["resources"]), `${at}.resources`, report);
      arr(co["ports"]).forEach((p, j) => checkPort(obj(p)?.["containerPort"], `${at}.ports[${j}].containerPort`, report, false));
      for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"] as const) {
        const pr = obj(co[probe]);
        const port = obj(pr?.["httpGet"])?.["port"];
        if (port !== undefined) checkPort(port, `${at}.${probe}.httpGet.port`, report, true);
        for (const f of ["periodSeconds", "failureThreshold", "successThreshold", "timeoutSeconds"] as const) {
          const v = pr?.[f];
          if (typeof v === "number" && v < 1) report(`${at}.${probe}.${f}`, `${f} must be at least 1, got ${v}`, "semantic/probe-minimum");
        }
        if (probe !== "readinessProbe" && typeof pr?.["successThreshold"] === "number" && pr["successThreshold"] !== 1) report(`${at}.${probe}.successThreshold`, `${probe} successThreshold must be 1`, "semantic/probe-success-threshold");
      }
    });
  }
  if (arr(spec["containers"]).length === 0 && spec["containers"] !== undefined) report(`${path}.containers`, "expected at least one container", "semantic/min-containers");
  checkPlacement(spec, path, report);
}

/** Where a pod may run: node selector, scheduler, priority class, tolerations, node affinity, topology spread (core/v1 ValidatePodSpec). */
function checkPlacement(spec: Obj, path: string, report: Report): void {
  checkLabels(spec["nodeSelector"], `${path}.nodeSelector`, report, "node selector");
  checkNamed(spec["schedulerName"], "dns1123Subdomain", "scheduler name", `${path}.schedulerName`, report);
  checkNamed(spec["priorityClassName"], "dns1123Subdomain", "priority class name", `${path}.priorityClassName`, report);
  checkNamed(spec["serviceAccountName"], "dns1123Subdomain", "service account name", `${path}.serviceAccountName`, report);
  arr(spec["tolerations"]).forEach((t, i) => {
    const to = obj(t);
    const key = to?.["key"];
    if (typeof key === "string" && key !== "") checkNamed(key, "qualifiedName", "toleration key", `${path}.tolerations[${i}].key`, report);
    if (to?.["operator"] === "Exists" && typeof to["value"] === "string" && to["value"] !== "") report(`${path}.tolerations[${i}].value`, "expected no value with operator Exists", "semantic/toleration-value");
    else checkNamed(to?.["value"], "labelValue", "toleration value", `${path}.tolerations[${i}].value`, report);
    if ((key === undefined || key === "") && to && to["operator"] !== "Exists") report(`${path}.tolerations[${i}].operator`, "expected operator Exists when the key is empty", "semantic/toleration-operator");
  });
  const affinity = obj(obj(spec["affinity"])?.["nodeAffinity"]);
  const terms = (list: unknown, at: string) =>
    arr(list).forEach((term, i) =>
      arr(obj(term)?.["matchExpressions"]).forEach((e, j) => checkNamed(obj(e)?.["key"], "qualifiedName", "node selector key", `${at}[${i}].matchExpressions[${j}].key`, report)),
    );
  terms(obj(affinity?.["requiredDuringSchedulingIgnoredDuringExecution"])?.["nodeSelectorTerms"], `${path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`);
  terms(
    arr(affinity?.["preferredDuringSchedulingIgnoredDuringExecution"]).map((p) => obj(p)?.["preference"]),
    `${path}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution.preference`,
  );
  arr(spec["topologySpreadConstraints"]).forEach((c, i) => {
    checkNamed(obj(c)?.["topologyKey"], "qualifiedName", "topology key", `${path}.topologySpreadConstraints[${i}].topologyKey`, report);
    checkSelector(obj(c)?.["labelSelector"], `${path}.topologySpreadConstraints[${i}].labelSelector`, report);
  });
}

function checkDeployment(o: Obj, report: Report): void {
  const spec = obj(o["spec"]);
  if (!spec) return;
  const selector = obj(spec["selector"]);
  const template = obj(spec["template"]);
  const labels = obj(obj(template?.["metadata"])?.["labels"]) ?? {};
  checkLabels(labels, "spec.template.metadata.labels", report);
  checkSelector(selector, "spec.selector", report);
  if (selector) {
    if (Object.keys(obj(selector["matchLabels"]) ?? {}).length === 0 && arr(selector["matchExpressions"]).length === 0) report("spec.selector", "empty selector: it would select every pod", "semantic/selector-empty");
    else if (!selects(selector, labels)) report("spec.selector", "selector does not match the template's labels (spec.template.metadata.labels)", "semantic/selector-matches-template");
  }
  if (typeof spec["replicas"] === "number" && spec["replicas"] < 0) report("spec.replicas", `replicas must be ≥ 0, got ${spec["replicas"]}`, "semantic/replicas-minimum");
  checkPodSpec(obj(template?.["spec"]), "spec.template.spec", report);
}

function checkService(o: Obj, report: Report): void {
  const spec = obj(o["spec"]);
  const ports = arr(spec?.["ports"]);
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const po = obj(p);
    if (!po) return;
    checkPort(po["port"], `spec.ports[${i}].port`, report, false);
    if (po["targetPort"] !== undefined) checkPort(po["targetPort"], `spec.ports[${i}].targetPort`, report, true);
    const name = po["name"];
    if (ports.length > 1 && typeof name !== "string") report(`spec.ports[${i}].name`, "ports of a multi-port Service need names", "semantic/port-names");
    if (typeof name === "string") {
      if (names.has(name)) report(`spec.ports[${i}].name`, `duplicate port name "${name}"`, "semantic/unique-port");
      names.add(name);
    }
  });
  if (spec?.["type"] !== "ExternalName" && ports.length === 0) report("spec.ports", "expected at least one port", "semantic/service-ports");
  checkLabels(spec?.["selector"], "spec.selector", report);
}

function checkHpa(o: Obj, report: Report): void {
  const spec = obj(o["spec"]);
  if (!spec) return;
  const min = spec["minReplicas"];
  const max = spec["maxReplicas"];
  if (typeof min === "number" && min < 1) report("spec.minReplicas", `minReplicas must be at least 1, got ${min}`, "semantic/hpa-min-replicas");
  if (typeof max === "number" && max < 1) report("spec.maxReplicas", `maxReplicas must be at least 1, got ${max}`, "semantic/hpa-max-replicas");
  if (typeof min === "number" && typeof max === "number" && min > max) report("spec.minReplicas", `minReplicas ${min} is above maxReplicas ${max}`, "semantic/hpa-min-max");
  arr(spec["metrics"]).forEach((m, i) => {
    const mo = obj(m);
    const type = String(mo?.["type"]);
    const key = { Resource: "resource", Pods: "pods", Object: "object", External: "external", ContainerResource: "containerResource" }[type];
    if (key && !obj(mo?.[key])) report(`spec.metrics[${i}].${key}`, `metric type ${type} needs "${key}"`, "semantic/metric-source");
    const target = obj(obj(mo?.[key ?? ""])?.["target"]);
    const field = { Utilization: "averageUtilization", AverageValue: "averageValue", Value: "value" }[String(target?.["type"])];
    if (target && field && target[field] === undefined) report(`spec.metrics[${i}].${key}.target.${field}`, `target type ${String(target["type"])} needs "${field}"`, "semantic/metric-target");
    if (type === "Pods" && target && target["type"] !== "AverageValue") report(`spec.metrics[${i}].pods.target.type`, "Pods metrics support only AverageValue targets", "semantic/metric-target");
  });
  for (const dir of ["scaleUp", "scaleDown"] as const) {
    const r = obj(obj(spec["behavior"])?.[dir]);
    const w = r?.["stabilizationWindowSeconds"];
    if (typeof w === "number" && (w < 0 || w > 3600)) report(`spec.behavior.${dir}.stabilizationWindowSeconds`, `expected 0..3600, got ${w}`, "semantic/stabilization-window");
    arr(r?.["policies"]).forEach((p, i) => {
      const po = obj(p);
      if (typeof po?.["value"] === "number" && po["value"] <= 0) report(`spec.behavior.${dir}.policies[${i}].value`, "expected a value above 0", "semantic/policy-value");
      const period = po?.["periodSeconds"];
      if (typeof period === "number" && (period <= 0 || period > 1800)) report(`spec.behavior.${dir}.policies[${i}].periodSeconds`, `expected 1..1800, got ${period}`, "semantic/policy-period");
    });
  }
}

function checkPdb(o: Obj, report: Report): void {
  const spec = obj(o["spec"]) ?? {};
  checkSelector(spec["selector"], "spec.selector", report);
  const has = (k: string) => spec[k] !== undefined;
  if (has("minAvailable") && has("maxUnavailable")) report("spec", "minAvailable and maxUnavailable are exclusive", "semantic/pdb-one-of");
  for (const k of ["minAvailable", "maxUnavailable"]) {
    const v = spec[k];
    if (typeof v === "string" && (!PERCENT.test(v) || Number(v.slice(0, -1)) > 100)) report(`spec.${k}`, `invalid ${k} ${JSON.stringify(v)} (an integer or a percentage 0%..100%)`, "semantic/int-or-percent");
    if (typeof v === "number" && v < 0) report(`spec.${k}`, `${k} must be ≥ 0`, "semantic/int-or-percent");
  }
}

function checkScaledObject(o: Obj, report: Report): void {
  const spec = obj(o["spec"]) ?? {};
  const min = spec["minReplicaCount"];
  const max = spec["maxReplicaCount"];
  if (typeof min === "number" && typeof max === "number" && min > max) report("spec.minReplicaCount", `minReplicaCount ${min} is above maxReplicaCount ${max}`, "semantic/keda-min-max");
  if (arr(spec["triggers"]).length === 0) report("spec.triggers", "expected at least one trigger", "semantic/keda-triggers");
}

function checkPriorityClass(o: Obj, report: Report): void {
  const name = String(obj(o["metadata"])?.["name"]);
  const v = o["value"];
  if (typeof v === "number" && v > 1_000_000_000 && !name.startsWith("system-")) report("value", `value ${v} above 1000000000 (reserved for system classes)`, "semantic/priority-value");
}

function checkIngress(o: Obj, report: Report): void {
  arr(obj(o["spec"])?.["rules"]).forEach((r, i) => {
    const host = obj(r)?.["host"];
    if (typeof host === "string") checkNamed(host.replace(/^\*\./, ""), "dns1123Subdomain", "host", `spec.rules[${i}].host`, report);
    arr(obj(obj(r)?.["http"])?.["paths"]).forEach((p, j) => {
      const port = obj(obj(obj(obj(p)?.["backend"])?.["service"])?.["port"])?.["number"];
      if (port !== undefined) checkPort(port, `spec.rules[${i}].http.paths[${j}].backend.service.port.number`, report, false);
      const path = obj(p)?.["path"];
      if (typeof path === "string" && !path.startsWith("/")) report(`spec.rules[${i}].http.paths[${j}].path`, "path must start with /", "semantic/ingress-path");
    });
  });
}

const CHECKS: Readonly<Record<string, (o: Obj, report: Report) => void>> = {
  Deployment: checkDeployment,
  ConfigMap: checkConfigMap,
  Secret: checkSecret,
  Job: (o, r) => checkPodSpec(obj(obj(obj(o["spec"])?.["template"])?.["spec"]), "spec.template.spec", r),
  // Served kinds without a shipped schema: their names, labels and pod specs are still checked.
  Pod: (o, r) => checkPodSpec(obj(o["spec"]), "spec", r),
  StatefulSet: checkDeployment,
  DaemonSet: checkDeployment,
  ReplicaSet: checkDeployment,
  CronJob: (o, r) => checkPodSpec(obj(obj(obj(obj(obj(o["spec"])?.["jobTemplate"])?.["spec"])?.["template"])?.["spec"]), "spec.jobTemplate.spec.template.spec", r),
  Service: checkService,
  HorizontalPodAutoscaler: checkHpa,
  PodDisruptionBudget: checkPdb,
  ScaledObject: checkScaledObject,
  PriorityClass: checkPriorityClass,
  Ingress: checkIngress,
};

export function semanticIssues(o: Obj, object: string): ManifestIssue[] {
  const out: ManifestIssue[] = [];
  const report: Report = (path, message, rule) => out.push({ object, path, message, rule });
  if (o["kind"] !== "KubeSchedulerConfiguration") checkName(o, report);
  checkLabels(obj(o["metadata"])?.["labels"], "metadata.labels", report);
  CHECKS[String(o["kind"])]?.(o, report);
  return out;
}
