/**
 * Layer (d): rules the API server (or its admission) enforces beyond the schemas: names, label
 * selectors that match their template, extended resources whole with requests equal to limits,
 * HPA and KEDA bounds, PDB budgets, port ranges. Reads untrusted JSON, so every access is guarded.
 */
import { isK8sName, k8sNameProblem, parseQuantity } from "../units/index.js";
import type { K8sNameRule } from "../units/index.js";
import type { ManifestIssue } from "./types.js";

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PERCENT = /^\d+%$/;

/** Names: Services and containers are DNS-1035/1123 labels (63), other objects DNS-1123 subdomains (253). */
const NAME_RULE: Readonly<Record<string, "label" | "dns1035">> = { Service: "dns1035", Deployment: "label" };

type Report = (path: string, message: string, rule: string) => void;

const RULE_ID: Readonly<Record<K8sNameRule, string>> = {
  dns1123Label: "semantic/dns-1123-label",
  dns1123Subdomain: "semantic/dns-1123-subdomain",
  dns1035Label: "semantic/dns-1035-label",
  qualifiedName: "semantic/qualified-name",
  labelValue: "semantic/label-value",
  envVarName: "semantic/env-var-name",
  configMapKey: "semantic/config-key",
};

/** Reports `value` at `path` when it is a string that breaks `rule`. */
function checkNamed(value: unknown, rule: K8sNameRule, what: string, path: string, report: Report): void {
  if (typeof value !== "string") return;
  const problem = k8sNameProblem(rule, value, what);
  if (problem !== undefined) report(path, problem, RULE_ID[rule]);
}

const keyPath = (path: string, k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);

function checkName(o: Obj, report: Report): void {
  const rule = NAME_RULE[String(o["kind"])];
  checkNamed(obj(o["metadata"])?.["name"], rule === "dns1035" ? "dns1035Label" : rule === "label" ? "dns1123Label" : "dns1123Subdomain", "name", "metadata.name", report);
  checkNamed(obj(o["metadata"])?.["namespace"], "dns1123Label", "namespace", "metadata.namespace", report);
}

/** Labels or a node selector: qualified-name keys (the label-key rule), label values. */
function checkLabels(labels: unknown, path: string, report: Report, what = "label"): void {
  for (const [k, v] of Object.entries(obj(labels) ?? {})) {
    if (!isK8sName("qualifiedName", k)) report(keyPath(path, k), k8sNameProblem("qualifiedName", k, `${what} key`)!, "semantic/label-key");
    if (typeof v === "string" && !isK8sName("labelValue", v)) report(keyPath(path, k), k8sNameProblem("labelValue", v, `${what} value`)!, "semantic/label-value");
  }
}

/** A label selector: matchLabels as labels, matchExpressions with qualified keys and label values. */
function checkSelector(selector: unknown, path: string, report: Report): void {
  const s = obj(selector);
  if (!s) return;
  checkLabels(s["matchLabels"], `${path}.matchLabels`, report);
  arr(s["matchExpressions"]).forEach((e, i) => {
    checkNamed(obj(e)?.["key"], "qualifiedName", "label selector key", `${path}.matchExpressions[${i}].key`, report);
    arr(obj(e)?.["values"]).forEach((v, j) => checkNamed(v, "labelValue", "label selector value", `${path}.matchExpressions[${i}].values[${j}]`, report));
  });
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

/** The most bytes the data of one ConfigMap or Secret may hold (core/v1 MaxSecretSize, also applied to ConfigMaps). */
export const MAX_DATA_BYTES = 1024 * 1024;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8Bytes = (s: string): number => {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? (i++, 4) : 3;
  }
  return n;
};
const base64Bytes = (s: string): number => (s.length / 4) * 3 - (s.endsWith("==") ? 2 : s.endsWith("=") ? 1 : 0);

/** ConfigMap and Secret data: keys (IsConfigMapKey), base64 values where binary, at most 1 MiB in all, no key twice. */
function checkData(o: Obj, lists: readonly (readonly [string, "text" | "base64"])[], report: Report): void {
  let total = 0;
  const seen = new Map<string, string>();
  for (const [list, encoding] of lists) {
    for (const [k, v] of Object.entries(obj(o[list]) ?? {})) {
      const at = keyPath(list, k);
      checkNamed(k, "configMapKey", "key", at, report);
      const other = seen.get(k);
      if (other !== undefined && other !== list) report(at, `duplicate key "${k}" (also in ${other})`, "semantic/duplicate-key");
      seen.set(k, list);
      if (typeof v !== "string") continue;
      if (encoding === "base64") {
        if (!BASE64.test(v)) report(at, `invalid base64 value (${v.length} characters): ${list} values are base64-encoded bytes`, "semantic/base64");
        else total += base64Bytes(v);
      } else total += utf8Bytes(v);
    }
  }
  if (total > MAX_DATA_BYTES) report(lists.map(([l]) => l).join(", "), `expected at most ${MAX_DATA_BYTES} bytes of data in all (core/v1 MaxSecretSize), got ${total}`, "semantic/data-size");
}

/** Keys the API server requires of the built-in Secret types (core/v1 ValidateSecret). */
const SECRET_KEYS: Readonly<Record<string, readonly string[]>> = {
  "kubernetes.io/tls": ["tls.crt", "tls.key"],
  "kubernetes.io/dockerconfigjson": [".dockerconfigjson"],
  "kubernetes.io/dockercfg": [".dockercfg"],
  "kubernetes.io/ssh-auth": ["ssh-privatekey"],
};

function checkSecret(o: Obj, report: Report): void {
  // stringData is merged into data by the API server (UTF-8 bytes), so it counts towards the size as text.
  checkData(o, [["data", "base64"], ["stringData", "text"]], report);
  const type = typeof o["type"] === "string" ? o["type"] : "Opaque";
  const keys = new Set([...Object.keys(obj(o["data"]) ?? {}), ...Object.keys(obj(o["stringData"]) ?? {})]);
  for (const k of SECRET_KEYS[type] ?? []) if (!keys.has(k)) report("data", `a Secret of type ${type} needs the key "${k}"`, "semantic/secret-type-keys");
  if (type === "kubernetes.io/basic-auth" && !keys.has("username") && !keys.has("password")) report("data", `a Secret of type ${type} needs "username" or "password"`, "semantic/secret-type-keys");
  if (type === "kubernetes.io/service-account-token" && typeof obj(obj(o["metadata"])?.["annotations"])?.["kubernetes.io/service-account.name"] !== "string") {
    report("metadata.annotations", `a Secret of type ${type} needs the annotation "kubernetes.io/service-account.name"`, "semantic/secret-type-keys");
  }
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
  ConfigMap: (o, r) => checkData(o, [["data", "text"], ["binaryData", "base64"]], r),
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
