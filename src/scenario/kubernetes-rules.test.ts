import { describe, expect, test } from "vitest";
import { formatIssue } from "./errors.js";
import { parseScenario } from "./load.js";

/** A minimal valid scenario; `pool`, `service` and `extra` add lines in place (indented as written). */
const scenario = ({ pool = "", service = "", name = "svc", extra = "" }: { pool?: string; service?: string; name?: string; extra?: string } = {}) => `apiVersion: servesim/v1
kind: Scenario
metadata: { name: t }
duration: 10m
cluster:
  nodePools:
    - name: t4
      gpu: { type: t4 }
      cpu: 4
      memory: 16Gi
      count: 2
${pool}services:
  - name: ${name}
    model:
      kind: classic
      serviceTime: { distribution: exponential, mean: 50ms }
${service}    traffic:
      - poisson: { rate: 10/s }
${extra}`;

function issues(text: string): string[] {
  const r = parseScenario(text, { file: "s.yaml" });
  if (r.ok) throw new Error("expected the scenario to be rejected");
  return r.issues.map(formatIssue);
}

describe("names and labels follow the Kubernetes rules where they are written", () => {
  test("a service name is a DNS-1035 label (a Service name must start with a letter)", () => {
    expect(issues(scenario({ name: "9lives" }))).toEqual([
      `s.yaml:13:11 services[0].name: invalid service name "9lives": expected a DNS-1035 label (at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)`,
    ]);
  });

  test("label keys are qualified names and label values follow the label-value rule, in pools, pods and node selectors", () => {
    const text = scenario({
      pool: `      labels: { "Bad Key!": x, team: "a b" }\n`,
      service: `    pod:\n      labels: { example.com/ok: "-bad" }\n      nodeSelector: { "/x": y }\n`,
    });
    expect(issues(text)).toEqual([
      `s.yaml:12:17 cluster.nodePools[0].labels["Bad Key!"]: invalid label key "Bad Key!": expected a qualified name (an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`,
      `s.yaml:12:38 cluster.nodePools[0].labels.team: invalid label value "a b": expected a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`,
      `s.yaml:19:33 services[0].pod.labels["example.com/ok"]: invalid label value "-bad": expected a label value (empty, or at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`,
      `s.yaml:20:23 services[0].pod.nodeSelector["/x"]: invalid label key "/x": expected a qualified name (an optional DNS-1123 subdomain prefix and '/', then a name of at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit)`,
    ]);
  });

  test("taint keys, toleration keys and values, topology keys and node affinity keys are checked by their rules", () => {
    const text = scenario({
      pool: `      taints: [{ key: "bad key!", effect: NoSchedule }]\n`,
      service: `    pod:
      tolerations: [{ key: "a/b/c", operator: Equal, value: "x y" }]
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "zone!", whenUnsatisfiable: DoNotSchedule }]
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{ matchExpressions: [{ key: "_gpu", operator: Exists }] }]
`,
    });
    expect(issues(text).map((i) => i.replace(/: expected .*/, ""))).toEqual([
      `s.yaml:12:23 cluster.nodePools[0].taints[0].key: invalid taint key "bad key!"`,
      `s.yaml:19:28 services[0].pod.tolerations[0].key: invalid toleration key "a/b/c"`,
      `s.yaml:19:61 services[0].pod.tolerations[0].value: invalid toleration value "x y"`,
      `s.yaml:20:62 services[0].pod.topologySpreadConstraints[0].topologyKey: invalid topology key "zone!"`,
      `s.yaml:24:61 services[0].pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: invalid node selector key "_gpu"`,
    ]);
  });

  test("init container names are DNS-1123 labels; scheduler and priority class names are DNS-1123 subdomains", () => {
    const text = scenario({
      service: `    pod:\n      initContainers: [{ name: Init_1 }]\n      schedulerName: My_Scheduler\n      priorityClassName: "high prio"\n`,
    });
    expect(issues(text).map((i) => i.replace(/ \(at most.*$/, ""))).toEqual([
      `s.yaml:18:32 services[0].pod.initContainers[0].name: invalid container name "Init_1": expected a DNS-1123 label`,
      `s.yaml:19:22 services[0].pod.schedulerName: invalid scheduler name "My_Scheduler": expected a DNS-1123 subdomain`,
      `s.yaml:20:26 services[0].pod.priorityClassName: invalid priority class name "high prio": expected a DNS-1123 subdomain`,
    ]);
  });

  test("a PodDisruptionBudget percentage is at most 100%", () => {
    expect(issues(scenario({ service: `    disruptionBudget: { minAvailable: "150%" }\n` }))).toEqual([
      `s.yaml:17:39 services[0].disruptionBudget.minAvailable: expected a percentage of at most 100%`,
    ]);
    expect(parseScenario(scenario({ service: `    disruptionBudget: { minAvailable: "100%" }\n` })).ok).toBe(true);
  });

  test("zones and regions are label values (they become topology labels)", () => {
    expect(issues(scenario({ pool: `      zones: ["eu west"]\n` })).map((i) => i.replace(/: expected .*/, ""))).toEqual([`s.yaml:12:15 cluster.nodePools[0].zones[0]: invalid zone "eu west"`]);
  });

  test("valid names and labels are accepted, including prefixed keys and empty label values", () => {
    const text = scenario({
      pool: `      labels: { example.com/tier: "", accelerator: nvidia-t4 }\n      taints: [{ key: nvidia.com/gpu, effect: NoSchedule }]\n`,
      service: `    pod:\n      labels: { app.kubernetes.io/part-of: Shop_1 }\n      tolerations: [{ operator: Exists }]\n      initContainers: [{ name: init-1 }]\n`,
    });
    const r = parseScenario(text);
    expect(r.ok ? [] : r.issues.map(formatIssue)).toEqual([]);
  });
});

describe("__proto__ keys are refused by the rule of the mapping they are in, never dropped", () => {
  test.each([
    ["pool labels", { pool: `      labels: { __proto__: x }\n` }, /cluster\.nodePools\[0\]\.labels\.__proto__: invalid label key "__proto__": expected a qualified name/],
    ["node selectors", { service: `    pod:\n      nodeSelector: { __proto__: x }\n` }, /services\[0\]\.pod\.nodeSelector\.__proto__: invalid label key "__proto__"/],
    ["resources", { service: `    resources:\n      requests: { cpu: 1, __proto__: 2 }\n` }, /services\[0\]\.resources\.requests\.__proto__: unknown resource "__proto__"/],
    ["autoscaler priorities", {}, null],
  ] as const)("in %s", (_what, parts, expected) => {
    if (expected === null) {
      const text = scenario().replace("services:", "  autoscaler:\n    expander: priority\n    priorities: { __proto__: [t4] }\nservices:");
      expect(issues(text)).toEqual([expect.stringMatching(/cluster\.autoscaler\.priorities\.__proto__: expected an integer priority/)]);
      return;
    }
    expect(issues(scenario(parts))).toEqual([expect.stringMatching(expected)]);
  });
});

describe("impossible SLOs are refused", () => {
  test("a lower percentile's target above a higher one's", () => {
    expect(issues(scenario({ service: `    slo: { latency: { p50: 1s, p90: 800ms, p99: 500ms } }\n` }))).toEqual([
      `s.yaml:17:28 services[0].slo.latency.p50: expected p50 at most p90 (800ms), got 1s: a lower percentile cannot be above a higher one, so both targets cannot hold as written`,
      `s.yaml:17:37 services[0].slo.latency.p90: expected p90 at most p99 (500ms), got 800ms: a lower percentile cannot be above a higher one, so both targets cannot hold as written`,
    ]);
  });

  test("TTFT or TPOT targets on a classic service, which has no tokens", () => {
    expect(issues(scenario({ service: `    slo: { ttft: { p99: 1s } }\n` }))).toEqual([
      `s.yaml:17:18 services[0].slo.ttft: ttft is measured on LLM servers only (model kind llm): a classic server has no tokens, so this target could never be judged; use latency`,
    ]);
  });
});

describe("the expected work of a run is bounded", () => {
  test("1e7 requests a second for 30 days is refused, naming the rate field", () => {
    const text = scenario().replace("duration: 10m", "duration: 30d").replace("rate: 10/s", "rate: 1e7");
    expect(issues(text)).toEqual([
      `s.yaml:18:26 services[0].traffic[0].poisson.rate: expected at most 1.00e9 arrivals in a run (each traffic source's highest rate × its active time, summed over every source), got 2.59e13 from this source (10000000/s × 30d): lower the rate or the duration, or set maxArrivals`,
    ]);
  });

  test("sources add up: two sources each under the bound may exceed it together", () => {
    const text = scenario()
      .replace("duration: 10m", "duration: 1000s")
      .replace("      - poisson: { rate: 10/s }", "      - poisson: { rate: 600000/s }\n      - flashCrowd: { base: 1/s, peak: 500000/s, at: 0s, hold: 10m }");
    expect(issues(text)).toEqual([expect.stringMatching(/^s\.yaml:18:26 services\[0\]\.traffic\[0\]\.poisson\.rate: .* got 6\.00e8 from this source \(600000\/s × 16m40s\), 1\.10e9 over all 2 traffic sources/)]);
  });

  test("maxArrivals caps a source's share", () => {
    const text = scenario().replace("duration: 10m", "duration: 30d").replace("rate: 10/s", "rate: 1e7, maxArrivals: 1000000");
    expect(parseScenario(text).ok).toBe(true);
  });
});
