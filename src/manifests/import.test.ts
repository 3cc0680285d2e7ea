import { readFileSync } from "node:fs";
import { expect, test } from "vitest";
import { parseDocument } from "yaml";
import { parseScenario } from "../scenario/index.js";
import { importManifests } from "./from-manifests.js";
import { isProvenance } from "./provenance.js";
import type { ParsedDocument } from "./parse-manifests.js";
import { toObjects } from "./to-objects.js";
import type { Figures, K8sObject } from "./types.js";

const source = readFileSync(new URL("../../test/manifests/fixtures/full.yaml", import.meta.url), "utf8");
const figures: Figures = { source: "test", services: [] };

/** An edit: in the object Kind/name, set the value at a path. */
type Edit = readonly [kind: string, name: string, path: readonly (string | number)[], value: unknown];

function setIn(o: unknown, path: readonly (string | number)[], value: unknown): void {
  const parent = path.slice(0, -1).reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], o);
  (parent as Record<string | number, unknown>)[path.at(-1)!] = value;
}

/** The export of the fixture as documents (JSON copies), with the edits applied. */
function exported(edits: readonly Edit[] = [], text = source): ParsedDocument[] {
  const p = parseScenario(text);
  if (!p.ok) throw new Error("scenario does not parse");
  return toObjects(p.scenario, figures, { karpenter: true, source: text }).objects.map((o, index) => {
    const copy = JSON.parse(JSON.stringify(o.object)) as K8sObject;
    for (const [kind, name, path, value] of edits) if (copy.kind === kind && copy.metadata?.name === name) setIn(copy, path, value);
    return { file: "full.yaml", index, value: copy };
  });
}

test("importManifests gives back the provenance scenario's text, byte for byte, when the manifests are unchanged", () => {
  const r = importManifests(exported());
  expect(r.ok && r.text).toBe(source);
});

test("importManifests carries edited replicas, resources, HPA bounds, KEDA bounds and NodePool limits into the scenario", () => {
  const docs = exported([
    ["Deployment", "chat", ["spec", "replicas"], 5],
    ["Deployment", "chat", ["spec", "template", "spec", "containers", 0, "resources", "requests", "memory"], "48Gi"],
    ["HorizontalPodAutoscaler", "chat", ["spec", "maxReplicas"], 12],
    ["ScaledObject", "embed", ["spec", "maxReplicaCount"], 4],
    ["NodePool", "l4", ["spec", "limits", "nvidia.com/gpu"], "5"],
  ]);
  const r = importManifests(docs);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  expect(r.notes.at(-1)).toBe("changed from the provenance scenario: services.0.replicas, services.0.resources, services.0.autoscaling.maxReplicas, services.1.autoscaling.maxReplicaCount, cluster.nodePools.1.size");
  const back = parseScenario(r.text);
  if (!back.ok) throw new Error("import gave an invalid scenario");
  const [chat, embed] = back.scenario.services;
  expect(chat!.replicas).toBe(5);
  expect(chat!.resources.requests["memory"]).toBe(48 * 2 ** 30);
  expect(chat!.autoscaling).toMatchObject({ kind: "hpa", maxReplicas: 12 });
  expect(embed!.autoscaling).toMatchObject({ kind: "keda", maxReplicaCount: 4 });
  expect(back.scenario.cluster.nodePools[1]!.size).toEqual({ min: 2, max: 5, initial: 2 });
  // comments of the scenario file survive the edit
  expect(r.text.startsWith("# Every exported kind at once")).toBe(true);
});

test("importManifests refuses invalid manifests, naming file, document and path", () => {
  const r = importManifests(exported([["Deployment", "chat", ["spec", "replica"], 3]]));
  expect(r.ok).toBe(false);
  expect(!r.ok && r.issues.map((i) => `${i.file}#${i.document} ${i.object} ${i.path} [${i.rule}]`)).toEqual(["full.yaml#5 Deployment/chat spec.replica [schema/unknown-field]"]);
});

test("importManifests without provenance needs a Deployment", () => {
  const r = importManifests(exported().filter((d) => (d.value as K8sObject).kind === "Service"));
  expect(!r.ok && r.issues[0]?.message).toBe("no Deployment to import");
});

test("importManifests adds an HPA given for a service the provenance scenario did not scale", () => {
  const hpa = {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "embed" },
    spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "embed" }, minReplicas: 1, maxReplicas: 3, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] },
  };
  const doc = parseDocument(source);
  doc.deleteIn(["services", 1, "autoscaling"]);
  const r = importManifests([...exported([], doc.toString()), { file: "hpa.yaml", index: 0, value: hpa }]);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const back = parseScenario(r.text);
  expect(back.ok && back.scenario.services[1]!.autoscaling).toEqual({ kind: "hpa", minReplicas: 1, maxReplicas: 3, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } } }] });
});

test("importManifests without provenance lets the cluster autoscaler stand in for Karpenter: NodePools' consolidateAfter becomes its unneeded time, Never turns scale-down off", () => {
  const plain = (edits: readonly Edit[]) => exported(edits).filter((d) => !isProvenance(d.value as K8sObject));
  const r = importManifests(plain([["NodePool", "h100", ["spec", "disruption", "consolidateAfter"], "5m"], ["NodePool", "l4", ["spec", "disruption", "consolidateAfter"], "90s"]]));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  expect(r.notes).toContain("NodePools: Karpenter's provisioning and consolidation simulated by the cluster autoscaler (scan every 10s, scale-down of nodes under half used)");
  const back = parseScenario(r.text);
  if (!back.ok) throw new Error("import gave an invalid scenario");
  expect(back.scenario.cluster.nodePools.map((p) => p.size.max > p.size.min)).toEqual([true, true]);
  expect(back.scenario.cluster.autoscaler).toMatchObject({ scanInterval: 10, scaleDown: { enabled: true, unneededTime: 300 } });
  const never = importManifests(plain([["NodePool", "l4", ["spec", "disruption", "consolidateAfter"], "Never"]]));
  const neverBack = never.ok ? parseScenario(never.text) : undefined;
  expect(neverBack?.ok && neverBack.scenario.cluster.autoscaler?.scaleDown.enabled).toBe(false);
});
