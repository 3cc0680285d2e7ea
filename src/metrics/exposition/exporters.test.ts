import { describe, expect, test } from "vitest";
import { EXPORTERS, monitoringFamilies } from "./index.js";
import type { MetricFamily, PointSeries } from "./openmetrics.js";
import { createMonitoringRecorder } from "./recorder.js";
import type { NodeSnapshot, PodSnapshot, ServiceSnapshot } from "./recorder.js";
import type { MonitoringTargets } from "./targets.js";

const targets: MonitoringTargets = {
  namespace: "default",
  services: [
    { name: "chat", modelName: "meta-llama/Llama-3.1-8B-Instruct", autoscaler: { hpaName: "chat", min: 1, max: 4 } },
    { name: "classifier", modelName: "resnet-50", autoscaler: null },
  ],
};

const svc = (over: Partial<ServiceSnapshot> = {}): ServiceSnapshot => ({ completed: 0, failed: 0, generationTokens: 0, preemptions: 0, desired: 1, current: 1, available: 1, ...over });
const pod = (over: Partial<PodSnapshot> & Pick<PodSnapshot, "id" | "name" | "service">): PodSnapshot => ({ node: "n0", phase: "Running", ready: true, running: 0, waiting: 0, kvUsage: NaN, ...over });
const node = (over: Partial<NodeSnapshot> & Pick<NodeSnapshot, "id" | "name">): NodeSnapshot => ({ pool: "l40s", zone: null, condition: "true", gpuModel: "NVIDIA L40S", pricePerHour: 1.861, gpus: [{ util: 0, pod: null }], ...over });

/** Three samples, 15 s apart: chat-0 is not Ready at the second; node n1 registers at the second. */
function recorded() {
  const r = createMonitoringRecorder();
  r.begin(["llm", "classic"], 3);
  r.firstToken(0, 0.2);
  r.completed(0, 3);
  r.queued(0, 0.1);
  r.promptTokens(0, 500);
  r.tpot(0, 0.03);
  r.completed(1, 0.04);
  r.queued(1, 0.01);
  r.sample(15, {
    services: [svc({ completed: 1, generationTokens: 90 }), svc({ completed: 1, failed: 2 })],
    pods: [pod({ id: 0, name: "chat-0", service: 0, running: 3, waiting: 1, kvUsage: 0.25 }), pod({ id: 1, name: "classifier-0", service: 1, waiting: 4 })],
    nodes: [node({ id: 0, name: "n0", gpus: [{ util: 0.5, pod: "chat-0" }] }), node({ id: 1, name: "n1", condition: "provisioning" })],
  });
  r.firstToken(0, 1.5);
  r.sample(30, {
    services: [svc({ completed: 1, desired: 2, current: 2 }), svc({ completed: 1, failed: 2 })],
    pods: [pod({ id: 0, name: "chat-0", service: 0, ready: false }), pod({ id: 2, name: "chat-1", service: 0, node: null, phase: "Pending", ready: false })],
    nodes: [node({ id: 0, name: "n0", gpus: [{ util: 1, pod: "chat-0" }] }), node({ id: 1, name: "n1" })],
  });
  r.sample(45, {
    services: [svc({ completed: 1, desired: 2, current: 2, available: 2 }), svc({ completed: 1, failed: 2 })],
    pods: [pod({ id: 0, name: "chat-0", service: 0, kvUsage: 0.5 })],
    nodes: [node({ id: 0, name: "n0", condition: "unknown", gpus: [{ util: 0, pod: null }] })],
  });
  return monitoringFamilies(r.data(), targets);
}

const family = (fs: readonly MetricFamily[], name: string): MetricFamily => {
  const f = fs.find((x) => x.name === name);
  if (!f) throw new Error(`no family ${name}`);
  return f;
};
const points = (f: MetricFamily, match: Readonly<Record<string, string>>): [number, number][] => {
  const s = (f.series as readonly PointSeries[]).find((x) => Object.entries(match).every(([k, v]) => x.labels.some(([lk, lv]) => lk === k && lv === v)));
  if (!s) throw new Error(`${f.name}: no series ${JSON.stringify(match)}`);
  return Array.from(s.t, (t, i) => [t, s.v[i]!]);
};

describe("the exporters", () => {
  test("are vLLM, Triton, kube-state-metrics, dcgm-exporter and OpenCost, in that order", () => {
    expect(EXPORTERS.map((e) => e.name)).toEqual(["vllm", "triton", "kube-state-metrics", "dcgm-exporter", "opencost"]);
  });

  test("vLLM's gauges are per pod while it is Ready, with model_name, engine and the scrape labels", () => {
    const fs = recorded();
    const running = family(fs, "vllm:num_requests_running");
    expect(running.series).toHaveLength(1);
    expect((running.series[0] as PointSeries).labels).toEqual([
      ["job", "chat"],
      ["namespace", "default"],
      ["service", "chat"],
      ["model_name", "meta-llama/Llama-3.1-8B-Instruct"],
      ["engine", "0"],
      ["pod", "chat-0"],
    ]);
    expect(points(running, { pod: "chat-0" })).toEqual([[15, 3], [45, 0]]);
    expect(points(family(fs, "vllm:kv_cache_usage_perc"), { pod: "chat-0" })).toEqual([[15, 0.25], [45, 0.5]]);
    expect(points(family(fs, "vllm:gpu_cache_usage_perc"), { pod: "chat-0" })).toEqual([[15, 0.25], [45, 0.5]]);
  });

  test("vLLM's histograms use its bounds and count each value once, at the sample after it was observed", () => {
    const ttft = family(recorded(), "vllm:time_to_first_token_seconds");
    if (ttft.type !== "histogram") throw new Error("not a histogram");
    const d = ttft.series[0]!.data;
    expect(d.bounds).toEqual([0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0]);
    expect(Array.from(d.count)).toEqual([1, 2, 2]);
    const w = d.bounds.length + 1;
    expect(d.buckets[d.bounds.indexOf(0.25)]).toBe(1);
    expect(d.buckets[w + d.bounds.indexOf(1.0)]).toBe(1);
    expect(d.buckets[w + d.bounds.indexOf(2.5)]).toBe(2);
    expect(points(family(recorded(), "vllm:prompt_tokens_total"), { service: "chat" })).toEqual([[15, 500], [30, 500], [45, 500]]);
    expect(points(family(recorded(), "vllm:request_success_total"), { finished_reason: "stop" })).toEqual([[15, 1], [30, 1], [45, 1]]);
  });

  test("Triton's counters are in microseconds and requests, under model and version", () => {
    const fs = recorded();
    expect(points(family(fs, "nv_inference_request_success"), { model: "resnet-50", version: "1" })).toEqual([[15, 1], [30, 1], [45, 1]]);
    expect(points(family(fs, "nv_inference_request_failure"), { model: "resnet-50" })).toEqual([[15, 2], [30, 2], [45, 2]]);
    expect(points(family(fs, "nv_inference_queue_duration_us"), { model: "resnet-50" })[0]).toEqual([15, 10000]);
    expect(points(family(fs, "nv_inference_compute_infer_duration_us"), { model: "resnet-50" })[0]).toEqual([15, 30000]);
    expect(points(family(fs, "nv_inference_pending_request_count"), { pod: "classifier-0" })).toEqual([[15, 4]]);
    const summary = family(fs, "nv_inference_request_summary_us");
    if (summary.type !== "summary") throw new Error("not a summary");
    expect(summary.series[0]!.values[0]![0]).toBeCloseTo(40000, -2);
    expect(Number.isNaN(summary.series[0]!.values[0]![1])).toBe(true);
  });

  test("kube-state-metrics: one-hot pod phases while the pod exists, Ready conditions once a node registers, HPA and Deployment replicas", () => {
    const fs = recorded();
    const phase = family(fs, "kube_pod_status_phase");
    expect(points(phase, { pod: "chat-1", phase: "Pending" })).toEqual([[30, 1]]);
    expect(points(phase, { pod: "chat-1", phase: "Running" })).toEqual([[30, 0]]);
    expect(points(phase, { pod: "chat-0", phase: "Running" })).toEqual([[15, 1], [30, 1], [45, 1]]);
    expect(points(family(fs, "kube_pod_status_ready"), { pod: "chat-0", condition: "true" })).toEqual([[15, 1], [30, 0], [45, 1]]);
    const cond = family(fs, "kube_node_status_condition");
    expect(points(cond, { node: "n0", status: "true" })).toEqual([[15, 1], [30, 1], [45, 0]]);
    expect(points(cond, { node: "n0", status: "unknown" })).toEqual([[15, 0], [30, 0], [45, 1]]);
    expect(points(cond, { node: "n1", status: "true" })).toEqual([[30, 1]]);
    expect(points(family(fs, "kube_deployment_status_replicas_available"), { deployment: "chat" })).toEqual([[15, 1], [30, 1], [45, 2]]);
    const desired = family(fs, "kube_horizontalpodautoscaler_status_desired_replicas");
    expect(desired.series).toHaveLength(1);
    expect(points(desired, { horizontalpodautoscaler: "chat" })).toEqual([[15, 1], [30, 2], [45, 2]]);
  });

  test("DCGM reports percent per GPU with the holding pod's labels, and an empty pod label when none holds it; OpenCost bills from provisioning", () => {
    const fs = recorded();
    const util = family(fs, "DCGM_FI_DEV_GPU_UTIL");
    expect(points(util, { Hostname: "n0", pod: "chat-0" })).toEqual([[15, 50], [30, 100]]);
    expect(points(util, { Hostname: "n0", pod: "" })).toEqual([[45, 0]]);
    expect(points(util, { Hostname: "n1" })).toEqual([[30, 0]]);
    const labels = (util.series[0] as PointSeries).labels.map(([k]) => k);
    expect(labels).toEqual(["job", "gpu", "UUID", "device", "modelName", "Hostname", "container", "namespace", "pod"]);
    expect(points(family(fs, "node_total_hourly_cost"), { node: "n1" })).toEqual([[15, 1.861], [30, 1.861]]);
  });

  test("a recorder refuses a second run, samples out of order and a pod that comes back", () => {
    const r = createMonitoringRecorder();
    expect(() => r.sample(1, { services: [], pods: [], nodes: [] })).toThrow("sample before begin");
    r.begin(["classic"], 3);
    expect(() => r.begin(["classic"], 3)).toThrow("begin called twice");
    r.sample(1, { services: [svc()], pods: [pod({ id: 0, name: "a", service: 0 })], nodes: [] });
    expect(() => r.sample(1, { services: [svc()], pods: [], nodes: [] })).toThrow("sample times must increase");
    r.sample(2, { services: [svc()], pods: [], nodes: [] });
    expect(() => r.sample(3, { services: [svc()], pods: [pod({ id: 0, name: "a", service: 0 })], nodes: [] })).toThrow("pod a reappeared");
  });
});
