/** Helpers of the semantic rules: guarded access to untrusted JSON, and the Kubernetes name rules reported with their rule id. */
import { isK8sName, k8sNameProblem } from "../units/index.js";
import type { K8sNameRule } from "../units/index.js";

export type Obj = Record<string, unknown>;
export const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : undefined);
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export type Report = (path: string, message: string, rule: string) => void;

export const RULE_ID: Readonly<Record<K8sNameRule, string>> = {
  dns1123Label: "semantic/dns-1123-label",
  dns1123Subdomain: "semantic/dns-1123-subdomain",
  dns1035Label: "semantic/dns-1035-label",
  qualifiedName: "semantic/qualified-name",
  labelValue: "semantic/label-value",
  envVarName: "semantic/env-var-name",
  configMapKey: "semantic/config-key",
};

/** Reports `value` at `path` when it is a string that breaks `rule`. */
export function checkNamed(value: unknown, rule: K8sNameRule, what: string, path: string, report: Report): void {
  if (typeof value !== "string") return;
  const problem = k8sNameProblem(rule, value, what);
  if (problem !== undefined) report(path, problem, RULE_ID[rule]);
}

export const keyPath = (path: string, k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`);

/** Labels or a node selector: qualified-name keys (the label-key rule), label values. */
export function checkLabels(labels: unknown, path: string, report: Report, what = "label"): void {
  for (const [k, v] of Object.entries(obj(labels) ?? {})) {
    if (!isK8sName("qualifiedName", k)) report(keyPath(path, k), k8sNameProblem("qualifiedName", k, `${what} key`)!, "semantic/label-key");
    if (typeof v === "string" && !isK8sName("labelValue", v)) report(keyPath(path, k), k8sNameProblem("labelValue", v, `${what} value`)!, "semantic/label-value");
  }
}

/** A label selector: matchLabels as labels, matchExpressions with qualified keys and label values. */
export function checkSelector(selector: unknown, path: string, report: Report): void {
  const s = obj(selector);
  if (!s) return;
  checkLabels(s["matchLabels"], `${path}.matchLabels`, report);
  arr(s["matchExpressions"]).forEach((e, i) => {
    checkNamed(obj(e)?.["key"], "qualifiedName", "label selector key", `${path}.matchExpressions[${i}].key`, report);
    arr(obj(e)?.["values"]).forEach((v, j) => checkNamed(v, "labelValue", "label selector value", `${path}.matchExpressions[${i}].values[${j}]`, report));
  });
}
