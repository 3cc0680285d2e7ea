import { describe, expect, test } from "vitest";
import { stringify } from "yaml";
import { MANIFEST_LIMITS, documentMarkers, lintManifests } from "./parse-manifests.js";
import { formatManifestIssue } from "./validate.js";

const deployment = (name = "chat", podSpec: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "server", image: "vllm/vllm-openai:v0.8.5" }], ...podSpec } },
  },
});

const yamlOf = (...docs: unknown[]) => docs.map((d) => stringify(d)).join("---\n");
const lint = (...docs: unknown[]) => lintManifests(yamlOf(...docs), "m.yaml").issues.map(formatManifestIssue);

describe("lint checks the pod spec fields Kubernetes validates", () => {
  test("node selector keys and values, scheduler name, env names, toleration and affinity keys, topology keys", () => {
    const issues = lint(
      deployment("chat", {
        nodeSelector: { "Bad Key!": "x", gpu: "a b" },
        schedulerName: "My_Scheduler",
        tolerations: [{ key: "bad key!", operator: "Exists" }],
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "_x", operator: "Exists" }] }] } } },
        topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone!", whenUnsatisfiable: "DoNotSchedule" }],
      }),
    );
    expect(issues.map((i) => i.replace(/: expected .*\[/, " ["))).toEqual([
      'm.yaml#0 Deployment/chat spec.template.spec.nodeSelector["Bad Key!"]: invalid node selector key "Bad Key!" [semantic/label-key]',
      'm.yaml#0 Deployment/chat spec.template.spec.nodeSelector.gpu: invalid node selector value "a b" [semantic/label-value]',
      'm.yaml#0 Deployment/chat spec.template.spec.schedulerName: invalid scheduler name "My_Scheduler" [semantic/dns-1123-subdomain]',
      'm.yaml#0 Deployment/chat spec.template.spec.tolerations[0].key: invalid toleration key "bad key!" [semantic/qualified-name]',
      'm.yaml#0 Deployment/chat spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: invalid node selector key "_x" [semantic/qualified-name]',
      'm.yaml#0 Deployment/chat spec.template.spec.topologySpreadConstraints[0].topologyKey: invalid topology key "zone!" [semantic/qualified-name]',
    ]);
  });

  test("an environment variable name with '=' (v1.32 allows any other printable ASCII)", () => {
    const d = deployment();
    Object.assign(d.spec.template.spec.containers[0]!, { env: [{ name: "A=B", value: "1" }, { name: "weird.name-ok", value: "2" }] });
    expect(lint(d)).toEqual([
      `m.yaml#0 Deployment/chat spec.template.spec.containers[0].env[0].name: invalid environment variable name "A=B": expected an environment variable name (printable ASCII characters except '=') [semantic/env-var-name]`,
    ]);
  });

  test("a __proto__ label key is reported by the label-key rule, not dropped", () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels: { __proto__: x }\n";
    expect(lintManifests(text, "m.yaml").issues.map((i) => `${i.path} [${i.rule}]`)).toEqual(["metadata.labels.__proto__ [semantic/label-key]"]);
  });
});

describe("lint refuses what kubectl apply refuses instead of skipping it", () => {
  test("a misspelt kind of a served API version, with the kind it probably means", () => {
    expect(lint({ apiVersion: "v1", kind: "Pods", metadata: { name: "p" } })).toEqual(['m.yaml#0 Pods/p kind: unknown kind "Pods" in v1 (did you mean "Pod"?) [api/unknown-kind]']);
    expect(lint({ apiVersion: "v1", kind: "Deployment", metadata: { name: "d" } })).toEqual(['m.yaml#0 Deployment/d kind: unknown kind "Deployment" in v1 (Deployment is served as apps/v1) [api/unknown-kind]']);
  });

  test("an API version Kubernetes no longer serves, with the one to use", () => {
    expect(lint({ ...deployment(), apiVersion: "extensions/v1beta1" })).toEqual([
      "m.yaml#0 Deployment/chat apiVersion: apiVersion extensions/v1beta1 is not served since Kubernetes 1.16 (Ingress: 1.22): use apps/v1 for Deployment, DaemonSet, ReplicaSet; networking.k8s.io/v1 for Ingress and NetworkPolicy [api/removed-version]",
    ]);
    expect(lint({ ...deployment(), apiVersion: "apps/v2" })).toEqual(["m.yaml#0 Deployment/chat apiVersion: apiVersion apps/v2 is not served by Kubernetes v1.32 (served: apps/v1) [api/unknown-version]"]);
  });

  test("custom resources of unknown groups are still skipped (reported), served kinds without a schema get the semantic rules", () => {
    const r = lintManifests(yamlOf({ apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "m" } }, { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "Bad_Name", image: "x" }] } }), "m.yaml");
    expect(r.skipped).toEqual(["m.yaml#0 monitoring.coreos.com/v1 ServiceMonitor: a custom resource, not checked", "m.yaml#1 v1 Pod: no schema here, only names, labels and pod specs checked"]);
    expect(r.issues.map((i) => i.rule)).toEqual(["semantic/dns-1123-label"]);
  });

  test("the same object twice: the second copy names the first", () => {
    expect(lint(deployment(), deployment("other"), deployment())).toEqual(["m.yaml#2 Deployment/chat metadata.name: the same object is also at m.yaml#0: applying both keeps only the last [document/duplicate-object]"]);
    const seen = new Map<string, string>();
    lintManifests(yamlOf(deployment()), "a.yaml", seen);
    expect(lintManifests(yamlOf(deployment()), "b.yaml", seen).issues.map((i) => i.message)).toEqual(["the same object is also at a.yaml#0: applying both keeps only the last"]);
    // Same name, other kind or namespace: different objects.
    expect(lint(deployment(), { apiVersion: "v1", kind: "Service", metadata: { name: "chat" }, spec: { ports: [{ port: 80 }] } }, { ...deployment(), metadata: { name: "chat", namespace: "prod" } })).toEqual([]);
  });

  test("List items are validated one by one and named by their index", () => {
    const bad = deployment("Bad_Name");
    expect(lint({ apiVersion: "v1", kind: "List", items: [deployment(), bad] }).map((i) => i.replace(/: expected .*\[/, " ["))).toEqual([
      'm.yaml#0.items[1] Deployment/Bad_Name metadata.name: invalid name "Bad_Name" [semantic/dns-1123-label]',
    ]);
  });
});

describe("Secrets and ConfigMaps", () => {
  const secret = (extra: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "s" }, ...extra });

  test("a Secret is checked: its schema, base64 data, keys, and the keys its type needs", () => {
    expect(lint(secret({ data: { token: "c2VjcmV0" }, type: "Opaque" }))).toEqual([]);
    expect(lint(secret({ data: { "bad key": "not base64!" }, immutabl: true, type: "kubernetes.io/tls" })).map((i) => i.replace(/ \(.*\)/, ""))).toEqual([
      'm.yaml#0 Secret/s immutabl: unknown field "immutabl" [schema/unknown-field]',
      `m.yaml#0 Secret/s data["bad key"]: invalid key "bad key": expected a key of at most 253 letters, digits, '-', '_' and '.' [semantic/config-key]`,
      `m.yaml#0 Secret/s data["bad key"]: invalid base64 value: data values are base64-encoded bytes [semantic/base64]`,
      'm.yaml#0 Secret/s data: a Secret of type kubernetes.io/tls needs the key "tls.crt" [semantic/secret-type-keys]',
      'm.yaml#0 Secret/s data: a Secret of type kubernetes.io/tls needs the key "tls.key" [semantic/secret-type-keys]',
    ]);
  });

  test("a ConfigMap or Secret over 1 MiB of data", () => {
    const big = "x".repeat(600 * 1024);
    expect(lint({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: big, b: big } })).toEqual([
      "m.yaml#0 ConfigMap/c data, binaryData: expected at most 1048576 bytes of data in all (core/v1 MaxSecretSize), got 1228800 [semantic/data-size]",
    ]);
    expect(lint({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" }, data: { a: big } })).toEqual([]);
  });
});

describe("lint bounds the documents of a file before parsing them", () => {
  test("documentMarkers counts '---' and '...' at line starts only, and stops past the limit", () => {
    expect(documentMarkers("a: 1\n---\nb: 2\n--- # c\nc: '---'\n...\n", 100)).toBe(4);
    expect(documentMarkers("a: ---\n----\n", 100)).toBe(1);
    expect(documentMarkers("---\n".repeat(1000), 10)).toBe(11);
  });

  test("4 million '---' separators (16 MB) are refused by counting, without parsing", () => {
    const r = lintManifests("---\n".repeat(4_000_000), "sep.yaml");
    expect(r.issues.map(formatManifestIssue)).toEqual([`sep.yaml document: expected at most ${MANIFEST_LIMITS.documents} documents (List items included), got more ('---' separators) [document/limit]`]);
  });
});
