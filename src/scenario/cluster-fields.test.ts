import { describe, expect, test } from "vitest";
import { formatIssue } from "./errors.js";
import { parseScenario } from "./load.js";

/** A scenario with one GPU pool and one service; `pool` and `service` are extra YAML lines, `cluster` lines go under cluster. */
const scenario = (o: { pool?: string; service?: string; cluster?: string } = {}) => `apiVersion: servesim/v1
kind: Scenario
metadata: { name: t }
duration: 10m
cluster:
${o.cluster ?? ""}  nodePools:
    - name: h100
      gpu: { type: h100-sxm, count: 8 }
      cpu: 96
      memory: 1Ti
      count: 2
${o.pool ?? ""}services:
  - name: llm
    image: { name: vllm/vllm-openai:v0.6, size: 9GB }
    model:
      kind: classic
      serviceTime: { distribution: exponential, mean: 50ms }
${o.service ?? ""}`;

function issues(text: string): string[] {
  const r = parseScenario(text, { file: "s.yaml" });
  if (r.ok) throw new Error("expected the scenario to be rejected");
  return r.issues.map(formatIssue);
}

describe("cluster and pod fields", () => {
  test("node pool fields have Kubernetes-like defaults in base units", () => {
    const r = parseScenario(scenario(), { file: "s.yaml" });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    expect(r.scenario.cluster.nodePools[0]).toMatchObject({
      ephemeralStorage: 100 * 2 ** 30,
      imageDiskSize: 200 * 2 ** 30,
      imagePullBandwidth: 100e6,
      modelLoadBandwidth: 500e6,
      bootDelay: 120,
      devicePluginDelay: 60,
      bootAtStart: false,
      taints: [],
      zones: [],
      preloadedImages: [],
    });
    expect(r.scenario.services[0]!.pod).toMatchObject({ tolerations: [], topologySpreadConstraints: [], initContainers: [], terminationGracePeriodSeconds: 30 });
  });

  test("k8s-shaped fields read as in a manifest: taints, tolerations, affinity, spread, MIG devices, init containers", () => {
    const text = scenario({
      pool: `      taints: [{ key: nvidia.com/gpu, effect: NoSchedule }]
      zones: [us-east-1a, us-east-1b]
      imagePullBandwidth: 250MB/s
      modelCache: { size: 1Ti }
      gpu: { type: a100-80gb-sxm, count: 8, mig: { 1g.10gb: 7 } }
`.replace("      gpu: { type: a100-80gb-sxm, count: 8, mig: { 1g.10gb: 7 } }\n", ""),
      service: `    resources:
      requests: { cpu: 500m, memory: 8Gi, nvidia.com/gpu: 1, hugepages-2Mi: 4Mi }
      limits: { nvidia.com/gpu: 1, memory: 16Gi }
    pod:
      tolerations: [{ key: nvidia.com/gpu, operator: Exists, effect: NoSchedule }]
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{ matchExpressions: [{ key: nvidia.com/gpu.product, operator: In, values: [NVIDIA-H100-SXM5-80GB] }] }]
      topologySpreadConstraints: [{ maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: { matchLabels: { app: llm } } }]
      initContainers: [{ name: fetch, image: { name: busybox, size: 5MB }, duration: 3s }]
      readinessProbe: { initialDelaySeconds: 5, periodSeconds: 2 }
`,
    });
    const r = parseScenario(text, { file: "s.yaml" });
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    const p = r.scenario.cluster.nodePools[0]!;
    expect([p.imagePullBandwidth, p.zones, p.modelCache]).toEqual([250e6, ["us-east-1a", "us-east-1b"], { size: 2 ** 40, bandwidth: 2e9 }]);
    const svc = r.scenario.services[0]!;
    expect(svc.resources).toEqual({ requests: { cpu: 500, memory: 8 * 2 ** 30, "nvidia.com/gpu": 1, "hugepages-2Mi": 4 * 2 ** 20 }, limits: { "nvidia.com/gpu": 1, memory: 16 * 2 ** 30 } });
    expect(svc.pod.initContainers[0]).toMatchObject({ name: "fetch", duration: 3, image: { name: "busybox", size: 5e6 } });
    expect(svc.pod.readinessProbe).toEqual({ initialDelaySeconds: 5, periodSeconds: 2, successThreshold: 1 });
  });

  test("bad values name the field, its position and what was expected", () => {
    const text = scenario({
      pool: `      taints: [{ key: gpu, effect: NoSchedul }]
      imagePullBandwidth: 100MB
`,
      service: `    resources:
      requests: { cpu: "2", gpu: 1 }
`,
    }).replace("gpu: { type: h100-sxm, count: 8 }", "gpu: { type: t4, count: 1, mig: { 1g.10gb: 7 } }");
    expect(issues(text)).toEqual([
      's.yaml:8:39 cluster.nodePools[0].gpu.mig: GPU "t4" does not support MIG (A100, H100, H200 and B200 do)',
      's.yaml:12:36 cluster.nodePools[0].taints[0].effect: expected "NoSchedule" | "PreferNoSchedule" | "NoExecute", got "NoSchedul"',
      's.yaml:13:27 cluster.nodePools[0].imagePullBandwidth: invalid bandwidth "100MB": expected bytes per second such as "100MB/s" or "1Gi/s"',
      's.yaml:21:34 services[0].resources.requests.gpu: unknown resource "gpu" (did you mean "nvidia.com/gpu"?) (extended resources are qualified: "<domain>/<name>")',
    ]);
  });

  test("extended resources cannot be overcommitted: a request must equal its limit", () => {
    const text = scenario({ service: `    resources:\n      requests: { nvidia.com/gpu: 1 }\n      limits: { nvidia.com/gpu: 2 }\n` });
    expect(issues(text)).toEqual(['s.yaml:19:35 services[0].resources.requests["nvidia.com/gpu"]: extended resources cannot be overcommitted: expected the request to equal the limit (2), got 1']);
  });

  test("priority classes, scheduler profiles and plugin args are checked against what exists", () => {
    const text = scenario({
      cluster: `  priorityClasses: [{ name: critical, value: 1000 }]
  scheduler:
    profiles:
      - plugins: { score: { enabled: [{ name: ImageLocalty, weight: 3 }] } }
        pluginConfig:
          - name: NodeResourcesFit
            args: { scoringStrategy: { type: MostAlocated } }
`,
    });
    expect(issues(text)).toEqual([
      's.yaml:9:47 cluster.scheduler.profiles[0].plugins.score.enabled[0].name: unknown scheduler plugin "ImageLocalty" (expected one of NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodeResourcesFit, PodTopologySpread, DefaultPreemption, NodeResourcesBalancedAllocation, ImageLocality)',
      's.yaml:12:46 cluster.scheduler.profiles[0].pluginConfig[0].args.scoringStrategy.type: expected "LeastAllocated" | "MostAllocated" | "RequestedToCapacityRatio", got "MostAlocated"',
    ]);
    const wrongClass = scenario({ cluster: "  priorityClasses: [{ name: critical, value: 1000 }]\n", service: "    pod: { priorityClassName: critcal, schedulerName: batch }\n" });
    expect(issues(wrongClass)).toEqual([
      's.yaml:19:31 services[0].pod.priorityClassName: unknown priority class "critcal" (did you mean "critical"?)',
      's.yaml:19:55 services[0].pod.schedulerName: unknown scheduler profile "batch" (expected one of default-scheduler)',
    ]);
  });
});
