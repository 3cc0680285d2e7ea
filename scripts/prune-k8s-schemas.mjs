#!/usr/bin/env node
// Copies the Kubernetes v1.32 OpenAPI component schemas (and the KEDA / Karpenter CRD schemas) that
// servesim's manifests need from ../shared/k8s-openapi into schemas/k8s/, pruned: only the schemas
// reachable from the exported kinds, without descriptions, with status subtrees reduced to "an object".
// Usage: node scripts/prune-k8s-schemas.mjs   (the output is committed; the generator reads it)
import { readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const shared = join(root, "..", "shared", "k8s-openapi");
const out = join(root, "schemas", "k8s");

/** Kinds and the upstream file that defines each. */
export const BUILTIN_ROOTS = {
  "io.k8s.api.apps.v1.Deployment": "apis__apps__v1_openapi.json",
  "io.k8s.api.core.v1.Service": "api__v1_openapi.json",
  "io.k8s.api.core.v1.ConfigMap": "api__v1_openapi.json",
  "io.k8s.api.core.v1.Secret": "api__v1_openapi.json",
  "io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler": "apis__autoscaling__v2_openapi.json",
  "io.k8s.api.policy.v1.PodDisruptionBudget": "apis__policy__v1_openapi.json",
  "io.k8s.api.networking.v1.Ingress": "apis__networking.k8s.io__v1_openapi.json",
  "io.k8s.api.scheduling.v1.PriorityClass": "apis__scheduling.k8s.io__v1_openapi.json",
  "io.k8s.api.batch.v1.Job": "apis__batch__v1_openapi.json",
};
const CRDS = { "sh.keda.v1alpha1.ScaledObject": ["keda.sh_scaledobjects.yaml", "v1alpha1"], "sh.karpenter.v1.NodePool": ["karpenter.sh_nodepools.yaml", "v1"] };

const REF = "#/components/schemas/";

/** Drops documentation and reduces `status` to an unchecked object (servesim never writes status). */
function prune(node, key) {
  if (Array.isArray(node)) return node.map((n) => prune(n));
  if (node === null || typeof node !== "object") return node;
  const outNode = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "description" || k === "example") continue;
    if (key === "properties" && k === "status") {
      outNode[k] = { type: "object", "x-kubernetes-preserve-unknown-fields": true };
      continue;
    }
    outNode[k] = prune(v, k);
  }
  return outNode;
}

function refsOf(node, acc) {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, acc));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "$ref" && typeof v === "string" && v.startsWith(REF)) acc.add(v.slice(REF.length));
      else refsOf(v, acc);
    }
  }
  return acc;
}

export function pruneBuiltins() {
  const defs = {};
  for (const [name, file] of Object.entries(BUILTIN_ROOTS)) {
    const schemas = JSON.parse(readFileSync(join(shared, "v1.32", file), "utf8")).components.schemas;
    const todo = [name];
    while (todo.length > 0) {
      const n = todo.pop();
      if (defs[n]) continue;
      if (!schemas[n]) throw new Error(`${file}: no schema ${n}`);
      defs[n] = prune(schemas[n]);
      for (const r of refsOf(defs[n], new Set())) if (!defs[r]) todo.push(r);
    }
  }
  return Object.fromEntries(Object.keys(defs).sort().map((k) => [k, defs[k]]));
}

export function pruneCrds() {
  const defs = {};
  for (const [name, [file, version]] of Object.entries(CRDS)) {
    const crd = parse(readFileSync(join(shared, "crds", file), "utf8"));
    const v = crd.spec.versions.find((x) => x.name === version);
    const schema = prune(v.schema.openAPIV3Schema);
    schema["x-kubernetes-group-version-kind"] = [{ group: crd.spec.group, kind: crd.spec.names.kind, version }];
    defs[name] = schema;
  }
  return defs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const doc = (defs, sources) => `${JSON.stringify({ source: sources, licence: "Apache-2.0 (see LICENSE beside this file)", $defs: defs }, null, 1)}\n`;
  const files = {
    "builtin-v1.32.json": doc(pruneBuiltins(), "kubernetes/kubernetes release-1.32 api/openapi-spec/v3 (v1.32.0), via shared/k8s-openapi/v1.32; pruned by scripts/prune-k8s-schemas.mjs"),
    "crds.json": doc(pruneCrds(), "kedacore/keda v2.20.2 config/crd/bases/keda.sh_scaledobjects.yaml; kubernetes-sigs/karpenter v1.14.1 pkg/apis/crds/karpenter.sh_nodepools.yaml; via shared/k8s-openapi/crds; pruned by scripts/prune-k8s-schemas.mjs"),
  };
  if (process.argv.includes("--check")) {
    for (const [name, text] of Object.entries(files)) {
      if (readFileSync(join(out, name), "utf8") !== text) {
        process.stderr.write(`schemas/k8s/${name} differs from the shared schemas: run node scripts/prune-k8s-schemas.mjs\n`);
        process.exit(1);
      }
    }
  } else {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
    copyFileSync(join(shared, "LICENSE"), join(out, "LICENSE"));
  }
}
