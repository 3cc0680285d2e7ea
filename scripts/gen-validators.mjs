#!/usr/bin/env node
// Generates src/manifests/generated/validators.ts: Ajv standalone validators (plain functions, no
// eval or new Function at run time, so they run under a strict CSP) for the kinds servesim writes,
// from the pruned schemas in schemas/k8s/ made strict here:
//   - every object with properties rejects unknown fields (the API server's strict field validation);
//   - Quantity gets the apimachinery quantity syntax, int32/int64 fields their ranges;
//   - values the specs only list in descriptions become enums (layer (c), tagged "x-servesim-allowed");
//   - apiVersion and kind are fixed per validator.
// Usage: node scripts/gen-validators.mjs [--check]   (--check: exit 1 when the committed file differs)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const OUTPUT = join(root, "src", "manifests", "generated", "validators.ts");

/** The quantity grammar of k8s.io/apimachinery/pkg/api/resource (as the CRDs' controller-gen patterns write it). */
const QUANTITY = String.raw`^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$`;

/**
 * Allowed values that the v1.32 specs state only in prose (from the descriptions and the Go
 * constants in k8s.io/api: core/v1/types.go, apps/v1, autoscaling/v2, batch/v1, networking/v1, policy/v1).
 */
export const ALLOWED = {
  "io.k8s.api.core.v1.ServiceSpec": {
    type: ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"],
    sessionAffinity: ["None", "ClientIP"],
    externalTrafficPolicy: ["Cluster", "Local"],
    internalTrafficPolicy: ["Cluster", "Local"],
    ipFamilyPolicy: ["SingleStack", "PreferDualStack", "RequireDualStack"],
    trafficDistribution: ["PreferClose"],
  },
  "io.k8s.api.core.v1.ServicePort": { protocol: ["TCP", "UDP", "SCTP"] },
  "io.k8s.api.core.v1.ContainerPort": { protocol: ["TCP", "UDP", "SCTP"] },
  "io.k8s.api.core.v1.Container": {
    imagePullPolicy: ["Always", "Never", "IfNotPresent"],
    terminationMessagePolicy: ["File", "FallbackToLogsOnError"],
    restartPolicy: ["Always"],
  },
  "io.k8s.api.core.v1.PodSpec": {
    restartPolicy: ["Always", "OnFailure", "Never"],
    dnsPolicy: ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"],
    preemptionPolicy: ["PreemptLowerPriority", "Never"],
  },
  "io.k8s.api.core.v1.Toleration": { operator: ["Exists", "Equal"], effect: ["NoSchedule", "PreferNoSchedule", "NoExecute"] },
  "io.k8s.api.core.v1.NodeSelectorRequirement": { operator: ["In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"] },
  "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelectorRequirement": { operator: ["In", "NotIn", "Exists", "DoesNotExist"] },
  "io.k8s.api.core.v1.TopologySpreadConstraint": {
    whenUnsatisfiable: ["DoNotSchedule", "ScheduleAnyway"],
    nodeAffinityPolicy: ["Honor", "Ignore"],
    nodeTaintsPolicy: ["Honor", "Ignore"],
  },
  "io.k8s.api.core.v1.HTTPGetAction": { scheme: ["HTTP", "HTTPS"] },
  "io.k8s.api.apps.v1.DeploymentStrategy": { type: ["Recreate", "RollingUpdate"] },
  "io.k8s.api.autoscaling.v2.HPAScalingPolicy": { type: ["Pods", "Percent"] },
  "io.k8s.api.autoscaling.v2.HPAScalingRules": { selectPolicy: ["Max", "Min", "Disabled"] },
  "io.k8s.api.autoscaling.v2.MetricSpec": { type: ["Object", "Pods", "Resource", "ContainerResource", "External"] },
  "io.k8s.api.autoscaling.v2.MetricTarget": { type: ["Utilization", "Value", "AverageValue"] },
  "io.k8s.api.batch.v1.JobSpec": { completionMode: ["NonIndexed", "Indexed"], podReplacementPolicy: ["TerminatingOrFailed", "Failed"] },
  "io.k8s.api.networking.v1.HTTPIngressPath": { pathType: ["Exact", "Prefix", "ImplementationSpecific"] },
  "io.k8s.api.policy.v1.PodDisruptionBudgetSpec": { unhealthyPodEvictionPolicy: ["IfHealthyBudget", "AlwaysAllow"] },
  "io.k8s.api.scheduling.v1.PriorityClass": { preemptionPolicy: ["PreemptLowerPriority", "Never"] },
};

/** kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration (pkg/scheduler/apis/config/v1 types in k8s.io/kube-scheduler v0.32); not an API object, so not in the OpenAPI documents. */
const pluginSet = {
  type: "object",
  properties: {
    enabled: { type: "array", items: { type: "object", properties: { name: { type: "string", minLength: 1 }, weight: { type: "integer", format: "int32" } }, required: ["name"] } },
    disabled: { type: "array", items: { type: "object", properties: { name: { type: "string", minLength: 1 }, weight: { type: "integer", format: "int32" } }, required: ["name"] } },
  },
};
const POINTS = ["preEnqueue", "queueSort", "preFilter", "filter", "postFilter", "preScore", "score", "reserve", "permit", "preBind", "bind", "postBind", "multiPoint"];
export const SCHEDULER_CONFIG = {
  type: "object",
  properties: {
    apiVersion: { type: "string" },
    kind: { type: "string" },
    parallelism: { type: "integer", format: "int32" },
    leaderElection: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    clientConnection: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    enableProfiling: { type: "boolean" },
    enableContentionProfiling: { type: "boolean" },
    percentageOfNodesToScore: { type: "integer", format: "int32", minimum: 0, maximum: 100 },
    podInitialBackoffSeconds: { type: "integer", format: "int64", minimum: 1 },
    podMaxBackoffSeconds: { type: "integer", format: "int64", minimum: 1 },
    profiles: {
      type: "array",
      items: {
        type: "object",
        properties: {
          schedulerName: { type: "string" },
          percentageOfNodesToScore: { type: "integer", format: "int32", minimum: 0, maximum: 100 },
          plugins: { type: "object", properties: Object.fromEntries(POINTS.map((p) => [p, pluginSet])) },
          pluginConfig: {
            type: "array",
            items: { type: "object", properties: { name: { type: "string", minLength: 1 }, args: { type: "object", "x-kubernetes-preserve-unknown-fields": true } }, required: ["name"] },
          },
        },
      },
    },
    extenders: { type: "array", items: { type: "object", "x-kubernetes-preserve-unknown-fields": true } },
    delayCacheUntilActive: { type: "boolean" },
  },
};

/** The validators: export name → [apiVersion, kind, schema name]. */
export const KINDS = {
  Deployment: ["apps/v1", "Deployment", "io.k8s.api.apps.v1.Deployment"],
  Service: ["v1", "Service", "io.k8s.api.core.v1.Service"],
  ConfigMap: ["v1", "ConfigMap", "io.k8s.api.core.v1.ConfigMap"],
  Secret: ["v1", "Secret", "io.k8s.api.core.v1.Secret"],
  HorizontalPodAutoscaler: ["autoscaling/v2", "HorizontalPodAutoscaler", "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler"],
  PodDisruptionBudget: ["policy/v1", "PodDisruptionBudget", "io.k8s.api.policy.v1.PodDisruptionBudget"],
  Ingress: ["networking.k8s.io/v1", "Ingress", "io.k8s.api.networking.v1.Ingress"],
  PriorityClass: ["scheduling.k8s.io/v1", "PriorityClass", "io.k8s.api.scheduling.v1.PriorityClass"],
  Job: ["batch/v1", "Job", "io.k8s.api.batch.v1.Job"],
  ScaledObject: ["keda.sh/v1alpha1", "ScaledObject", "sh.keda.v1alpha1.ScaledObject"],
  NodePool: ["karpenter.sh/v1", "NodePool", "sh.karpenter.v1.NodePool"],
  KubeSchedulerConfiguration: ["kubescheduler.config.k8s.io/v1", "KubeSchedulerConfiguration", "io.k8s.kube-scheduler.config.v1.KubeSchedulerConfiguration"],
};

const INT_RANGE = { int32: [-(2 ** 31), 2 ** 31 - 1], int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] };
const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

/** Makes one schema node strict (recursively); `name` is the definition it belongs to, for ALLOWED. */
function strict(node, name) {
  if (Array.isArray(node)) return node.map((n) => strict(n, undefined));
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "default" || k === "x-kubernetes-validations") continue;
    if (k === "$ref") out[k] = v.replace("#/components/schemas/", "#/$defs/");
    else if (k === "properties") out[k] = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, strict(s, undefined)]));
    else if (k === "format") {
      const range = INT_RANGE[v];
      if (range && node.type === "integer") {
        if (node.minimum === undefined) out.minimum = range[0];
        if (node.maximum === undefined) out.maximum = range[1];
      }
    } else out[k] = strict(v, undefined);
  }
  if (out.properties && out.additionalProperties === undefined && !node["x-kubernetes-preserve-unknown-fields"]) out.additionalProperties = false;
  // CRD int-or-string fields: anyOf integer | string
  if (node["x-kubernetes-int-or-string"] && !out.anyOf && !out.oneOf) out.anyOf = [{ type: "integer" }, { type: "string" }];
  const allowed = name && ALLOWED[name];
  if (allowed) {
    for (const [p, values] of Object.entries(allowed)) {
      if (!out.properties?.[p]) throw new Error(`${name} has no property ${p}`);
      out.properties[p] = { ...out.properties[p], enum: values, "x-servesim-allowed": true };
    }
  }
  return out;
}

function bundle() {
  const builtin = JSON.parse(readFileSync(join(root, "schemas", "k8s", "builtin-v1.32.json"), "utf8")).$defs;
  const crds = JSON.parse(readFileSync(join(root, "schemas", "k8s", "crds.json"), "utf8")).$defs;
  const defs = {};
  for (const [n, s] of Object.entries({ ...builtin, ...crds })) defs[n] = strict(s, n);
  defs["io.k8s.apimachinery.pkg.api.resource.Quantity"] = { oneOf: [{ type: "string", pattern: QUANTITY }, { type: "number" }], "x-servesim-quantity": true };
  for (const n of Object.keys(crds)) defs[n].properties.metadata = { $ref: `#/$defs/${OBJECT_META}` };
  defs[KINDS.KubeSchedulerConfiguration[2]] = strict(SCHEDULER_CONFIG, undefined);
  return { $id: "k8s", $defs: defs };
}

/** Runtime helpers the standalone code requires, inlined so that the module needs no ajv at run time. */
function inlineRuntime(code) {
  const used = [...new Set([...code.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]))];
  for (const mod of used) if (!(mod in RUNTIME)) throw new Error(`generated code requires ${mod}: add it to RUNTIME`);
  let out = code;
  for (const mod of used) out = out.split(`require("${mod}")`).join(`{ default: ${RUNTIME[mod]} }`);
  return out;
}

/** ajv/dist/runtime/ucs2length.js (punycode.ucs2.decode length) and fast-deep-equal, as plain functions. */
const RUNTIME = {
  "ajv/dist/runtime/ucs2length": `function ucs2length(str) { const len = str.length; let length = 0; let pos = 0; let value; while (pos < len) { length++; value = str.charCodeAt(pos++); if (value >= 0xd800 && value <= 0xdbff && pos < len) { value = str.charCodeAt(pos); if ((value & 0xfc00) === 0xdc00) pos++; } } return length; }`,
  "ajv/dist/runtime/equal": `function equal(a, b) { if (a === b) return true; if (a && b && typeof a == "object" && typeof b == "object") { if (a.constructor !== b.constructor) return false; if (Array.isArray(a)) { if (a.length !== b.length) return false; for (let i = a.length; i-- !== 0;) if (!equal(a[i], b[i])) return false; return true; } const keys = Object.keys(a); if (keys.length !== Object.keys(b).length) return false; for (const k of keys) if (!Object.prototype.hasOwnProperty.call(b, k) || !equal(a[k], b[k])) return false; return true; } return a !== a && b !== b; }`,
};

/** The generated module's text. */
export function generate() {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, code: { source: true, esm: true, lines: false, optimize: 1 } });
  ajv.addVocabulary(["x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string", "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type",
    "x-kubernetes-patch-merge-key", "x-kubernetes-patch-strategy", "x-kubernetes-unions", "x-kubernetes-group-version-kind", "x-kubernetes-embedded-resource",
    "x-servesim-allowed", "x-servesim-quantity"]);
  ajv.addSchema(bundle());
  const refs = {};
  for (const [exp, [apiVersion, kind, def]] of Object.entries(KINDS)) {
    const id = `kind-${exp}`;
    ajv.addSchema({ $id: id, allOf: [{ $ref: `k8s#/$defs/${def}` }], properties: { apiVersion: { const: apiVersion }, kind: { const: kind } }, required: exp === "KubeSchedulerConfiguration" ? ["apiVersion", "kind"] : ["apiVersion", "kind", "metadata"] });
    refs[`validate${exp}`] = id;
  }
  const code = inlineRuntime(standaloneCode(ajv, refs));
  const kinds = Object.entries(KINDS).map(([exp, [apiVersion, kind]]) => `  ${exp}: { apiVersion: ${JSON.stringify(apiVersion)}, kind: ${JSON.stringify(kind)}, validate: validate${exp} },`).join("\n");
  return [
    "/* eslint-disable */",
    "// @ts-nocheck",
    "// Generated by scripts/gen-validators.mjs from schemas/k8s/ (Kubernetes v1.32 OpenAPI, KEDA v2.20.2 and Karpenter v1.14.1 CRDs): do not edit.",
    code.replace(/^"use strict";/, "").trim(),
    "",
    "export const generatedKinds = {",
    kinds,
    "};",
    "",
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const t0 = performance.now();
  const text = generate();
  const ms = performance.now() - t0;
  if (process.argv.includes("--check")) {
    const current = readFileSync(OUTPUT, "utf8");
    if (current !== text) {
      process.stderr.write(`${OUTPUT} is out of date: run node scripts/gen-validators.mjs\n`);
      process.exit(1);
    }
  } else writeFileSync(OUTPUT, text);
  process.stderr.write(`validators: ${text.length} bytes in ${ms.toFixed(0)} ms\n`);
}
