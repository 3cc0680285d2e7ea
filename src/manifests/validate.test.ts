import { describe, expect, test } from "vitest";
import { formatManifestIssue, validateObject } from "./validate.js";

const deployment = () => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "chat", labels: { app: "chat" } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "chat" } },
    template: {
      metadata: { labels: { app: "chat" } },
      spec: {
        containers: [
          {
            name: "server",
            image: "vllm/vllm-openai:v0.8.5",
            ports: [{ name: "http", containerPort: 8000, protocol: "TCP" }],
            resources: { requests: { cpu: "8", memory: "64Gi", "nvidia.com/gpu": 1 }, limits: { "nvidia.com/gpu": 1 } },
            readinessProbe: { httpGet: { path: "/health", port: "http" }, periodSeconds: 10 },
          },
        ],
        tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
      },
    },
  },
});
type Dep = ReturnType<typeof deployment>;
const container = (d: Dep) => d.spec.template.spec.containers[0]! as Record<string, unknown> & { resources: { requests: Record<string, unknown>; limits: Record<string, unknown> } };

const hpa = (min: number, max: number) => ({
  apiVersion: "autoscaling/v2",
  kind: "HorizontalPodAutoscaler",
  metadata: { name: "chat" },
  spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "chat" }, minReplicas: min, maxReplicas: max },
});

const issuesOf = (o: unknown) => validateObject(o).issues.map((i) => ({ path: i.path, rule: i.rule }));

test("validateObject accepts a well-formed GPU Deployment", () => {
  expect(validateObject(deployment())).toEqual({ issues: [], skipped: [] });
});

describe("validateObject rejects a mutated Deployment, naming the path and the rule", () => {
  test.each<[string, (d: Dep) => void, { path: string; rule: string }]>([
    ["an unknown field (spec.replica)", (d) => Object.assign(d.spec, { replica: 3 }), { path: "spec.replica", rule: "schema/unknown-field" }],
    ["a wrong type (replicas: \"three\")", (d) => Object.assign(d.spec, { replicas: "three" }), { path: "spec.replicas", rule: "schema/type" }],
    ["a removed required field (containers[0].name)", (d) => delete container(d)["name"], { path: "spec.template.spec.containers[0].name", rule: "schema/required" }],
    ["an unknown field deep in the pod spec", (d) => Object.assign(container(d), { imagePullPolcy: "Always" }), { path: "spec.template.spec.containers[0].imagePullPolcy", rule: "schema/unknown-field" }],
    ["a fractional GPU", (d) => Object.assign(container(d).resources, { requests: { "nvidia.com/gpu": 0.5 }, limits: { "nvidia.com/gpu": 0.5 } }), { path: 'spec.template.spec.containers[0].resources.requests["nvidia.com/gpu"]', rule: "semantic/extended-resource-whole" }],
    ["GPU requests unlike limits", (d) => Object.assign(container(d).resources, { limits: { "nvidia.com/gpu": 2 } }), { path: 'spec.template.spec.containers[0].resources.requests["nvidia.com/gpu"]', rule: "semantic/extended-resource-equal" }],
    ["a bad quantity", (d) => Object.assign(container(d).resources.requests, { memory: "64 GB" }), { path: "spec.template.spec.containers[0].resources.requests.memory", rule: "schema/quantity" }],
    ["a value the spec lists only in prose", (d) => Object.assign(container(d), { imagePullPolicy: "Sometimes" }), { path: "spec.template.spec.containers[0].imagePullPolicy", rule: "allowed-values/enum" }],
    ["a toleration operator outside Exists | Equal", (d) => Object.assign(d.spec.template.spec.tolerations[0]!, { operator: "Gt" }), { path: "spec.template.spec.tolerations[0].operator", rule: "allowed-values/enum" }],
    ["a selector that misses the template", (d) => Object.assign(d.spec.selector.matchLabels, { app: "other" }), { path: "spec.selector", rule: "semantic/selector-matches-template" }],
    ["a name that is not DNS-1123", (d) => Object.assign(d.metadata, { name: "Chat_1" }), { path: "metadata.name", rule: "semantic/dns-1123-label" }],
    ["a port out of range", (d) => Object.assign(container(d), { ports: [{ containerPort: 70000 }] }), { path: "spec.template.spec.containers[0].ports[0].containerPort", rule: "semantic/port-range" }],
    ["an int32 overflow", (d) => Object.assign(d.spec, { replicas: 2 ** 31 }), { path: "spec.replicas", rule: "schema/maximum" }],
    ["an int-or-string of the wrong type", (d) => Object.assign(container(d), { readinessProbe: { httpGet: { port: true } } }), { path: "spec.template.spec.containers[0].readinessProbe.httpGet.port", rule: "schema/int-or-string" }],
  ])("%s", (_, mutate, expected) => {
    const d = deployment();
    mutate(d);
    expect(issuesOf(d)).toContainEqual(expected);
  });
});

test("validateObject rejects an HPA whose minReplicas is above maxReplicas", () => {
  expect(issuesOf(hpa(5, 2))).toEqual([{ path: "spec.minReplicas", rule: "semantic/hpa-min-max" }]);
  expect(issuesOf(hpa(1, 2))).toEqual([]);
});

test("validateObject checks the fixed apiVersion of a kind, and skips kinds it has no schema for", () => {
  expect(issuesOf({ ...hpa(1, 2), apiVersion: "autoscaling/v1" })).toEqual([]);
  expect(validateObject({ ...hpa(1, 2), apiVersion: "autoscaling/v1" }).skipped).toEqual(["autoscaling/v1 HorizontalPodAutoscaler: no schema here, only names, labels and pod specs checked"]);
  expect(issuesOf({ apiVersion: "v1", metadata: {} })).toEqual([{ path: "kind", rule: "schema/required" }]);
  expect(issuesOf([1, 2])).toEqual([{ path: "", rule: "document/object" }]);
});

test("validateObject checks KEDA ScaledObjects and Karpenter NodePools against their CRD schemas", () => {
  const so = { apiVersion: "keda.sh/v1alpha1", kind: "ScaledObject", metadata: { name: "x" }, spec: { scaleTargetRef: { name: "x" }, minReplicaCount: 3, maxReplicaCount: 1, triggers: [{ type: "cpu", metadata: { value: "50" }, metricType: "Utilization" }] } };
  expect(issuesOf(so)).toEqual([{ path: "spec.minReplicaCount", rule: "semantic/keda-min-max" }]);
  const np = { apiVersion: "karpenter.sh/v1", kind: "NodePool", metadata: { name: "gpu" }, spec: { template: { spec: { nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name: "default" }, requirements: [] } }, disruption: { consolidationPolicy: "Sometimes" } } };
  expect(issuesOf(np)).toContainEqual({ path: "spec.disruption.consolidationPolicy", rule: "schema/enum" });
});

test("formatManifestIssue names file, document, object, path, message and rule", () => {
  const d = deployment();
  Object.assign(d.spec, { replica: 3 });
  const [issue] = validateObject(d).issues;
  expect(formatManifestIssue({ ...issue!, file: "app.yaml", document: 2 })).toMatchInlineSnapshot(`"app.yaml#2 Deployment/chat spec.replica: unknown field "replica" [schema/unknown-field]"`);
});
