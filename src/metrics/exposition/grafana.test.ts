import { describe, expect, test } from "vitest";
import { dashboardQueries, grafanaDashboard } from "./grafana.js";
import type { DashboardSpec } from "./grafana.js";
import { monitoringFamilies } from "./index.js";
import { createMonitoringRecorder } from "./recorder.js";

const spec: DashboardSpec = {
  title: "servesim: mixed",
  uid: "servesim-mixed",
  namespace: "default",
  from: "2025-01-01T00:00:00.000Z",
  to: "2025-01-01T00:30:00.000Z",
  step: 15,
  services: [
    { name: "chat", kind: "llm", modelName: "meta-llama/Llama-3.1-8B-Instruct", hpaName: "chat", slo: { ttft: { p50: 0.3, p99: 2 }, maxRejectRate: 0.01 } },
    { name: "classifier", kind: "classic", modelName: "resnet-50", hpaName: null, slo: { latency: { p99: 0.25 } } },
  ],
};

type Panel = { type: string; title: string; targets?: { expr: string; legendFormat: string }[]; fieldConfig?: { defaults: { thresholds: { steps: { value: number | null }[] }; custom?: { thresholdsStyle: { mode: string } } } } };
const panels = () => grafanaDashboard(spec)["panels"] as Panel[];
const panel = (title: string, after = "") => {
  const all = panels();
  const from = after === "" ? 0 : all.findIndex((p) => p.type === "row" && p.title.startsWith(after));
  const p = all.slice(from).find((x) => x.title === title);
  if (!p) throw new Error(`no panel ${title}`);
  return p;
};

describe("grafanaDashboard", () => {
  test("has a row per service and one for the cluster, the run's time range and a Prometheus datasource variable", () => {
    const d = grafanaDashboard(spec);
    expect(panels().filter((p) => p.type === "row").map((p) => p.title)).toEqual(["chat (vLLM: meta-llama/Llama-3.1-8B-Instruct)", "classifier (Triton: resnet-50)", "Cluster"]);
    expect(d["time"]).toEqual({ from: "2025-01-01T00:00:00.000Z", to: "2025-01-01T00:30:00.000Z" });
    expect(d["templating"]).toEqual({ list: [{ current: {}, hide: 0, label: "Prometheus", name: "datasource", query: "prometheus", type: "datasource" }] });
  });

  test("latency panels draw the SLO objectives as threshold lines and plot the percentiles they name", () => {
    const ttft = panel("Time to first token", "chat");
    expect(ttft.fieldConfig!.defaults.thresholds.steps.map((s) => s.value)).toEqual([null, 0.3, 2]);
    expect(ttft.fieldConfig!.defaults.custom!.thresholdsStyle.mode).toBe("line");
    expect(ttft.targets!.map((t) => t.legendFormat)).toEqual(["p50", "p99"]);
    expect(ttft.targets![1]!.expr).toBe('histogram_quantile(0.99, sum by (le) (rate(vllm:time_to_first_token_seconds_bucket{namespace="default",service="chat"}[$__rate_interval])))');
    const classic = panel("Request latency (Triton summary)", "classifier");
    expect(classic.targets!.map((t) => t.expr)[1]).toBe('max(nv_inference_request_summary_us{namespace="default",service="classifier",quantile="0.99"}) / 1e6');
    expect(classic.fieldConfig!.defaults.thresholds.steps.map((s) => s.value)).toEqual([null, 0.25]);
    expect(panel("Time per output token", "chat").fieldConfig!.defaults.custom!.thresholdsStyle.mode).toBe("off");
  });

  test("replicas show the HPA's desired count only for a service that has an HPA", () => {
    expect(panel("Replicas", "chat").targets!.map((t) => t.legendFormat)).toEqual(["desired", "available", "HPA desired"]);
    expect(panel("Replicas", "classifier").targets!.map((t) => t.legendFormat)).toEqual(["desired", "available"]);
  });

  test("every series a query names is one the exporters write", () => {
    const r = createMonitoringRecorder();
    r.begin(["llm", "classic"], 1);
    const svc = { completed: 1, failed: 0, generationTokens: 1, preemptions: 0, desired: 1, current: 1, available: 1 };
    const pod = { node: "n0", phase: "Running", ready: true, running: 1, waiting: 0, kvUsage: 0.5 } as const;
    r.sample(15, {
      services: [svc, svc],
      pods: [{ ...pod, id: 0, name: "chat-0", service: 0 }, { ...pod, id: 1, name: "classifier-0", service: 1 }],
      nodes: [{ id: 0, name: "n0", pool: "p", zone: null, condition: "true", gpuModel: "NVIDIA L40S", pricePerHour: 1, gpus: [{ util: 1, pod: "chat-0" }] }],
    });
    const written = new Set(
      monitoringFamilies(r.data(), { namespace: "default", services: spec.services.map((s) => ({ name: s.name, modelName: s.modelName, autoscaler: s.hpaName ? { hpaName: s.hpaName, min: 1, max: 2 } : null })) }).flatMap((f) =>
        f.type === "histogram" ? [`${f.name}_bucket`, `${f.name}_count`, `${f.name}_sum`] : [f.name],
      ),
    );
    const named = dashboardQueries(grafanaDashboard(spec)).flatMap((q) => [...q.replace(/\b(by|without)\s*\([^)]*\)/g, "").matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=[{[)])/g)].map((m) => m[1]!));
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((n) => !written.has(n))).toEqual([]);
  });
});
