/**
 * A Grafana dashboard (JSON model, schemaVersion 39) over the series the exporters write: per
 * service latency percentiles with the SLO objectives drawn as threshold lines, throughput and
 * rejections, queues, KV cache and replicas; for the cluster nodes, pods, GPU utilisation and
 * cost. Queries use Grafana's `$__rate_interval` and `$__range`; the datasource is a variable.
 */
import { PROMQL } from "./promql.js";

type Objectives = { readonly [K in "p50" | "p90" | "p95" | "p99" | "p999"]?: number | undefined };

export interface DashboardService {
  readonly name: string;
  readonly kind: "llm" | "classic";
  readonly modelName: string;
  readonly hpaName: string | null;
  /** Objectives in seconds, and the largest share of requests refused. */
  readonly slo: { readonly latency?: Objectives | undefined; readonly ttft?: Objectives | undefined; readonly tpot?: Objectives | undefined; readonly maxRejectRate?: number | undefined };
}

export interface DashboardSpec {
  readonly title: string;
  readonly uid: string;
  readonly namespace: string;
  /** Time range of the run (ISO 8601), and the sample step (the scrape interval) in seconds. */
  readonly from: string;
  readonly to: string;
  readonly step: number;
  readonly services: readonly DashboardService[];
}

interface Query {
  readonly expr: string;
  readonly legend: string;
}

const QUANTILE_OF = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99, p999: 0.999 } as const;
const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

/** The percentiles drawn: p50 and p99, plus any the SLO names. */
const percentiles = (objectives: Objectives | undefined) => (["p50", "p90", "p95", "p99", "p999"] as const).filter((k) => k === "p50" || k === "p99" || objectives?.[k] !== undefined);

export function grafanaDashboard(spec: DashboardSpec): Record<string, unknown> {
  const panels: Record<string, unknown>[] = [];
  let y = 0;
  let id = 1;
  const row = (title: string) => {
    panels.push({ collapsed: false, gridPos: { h: 1, w: 24, x: 0, y }, id: id++, panels: [], title, type: "row" });
    y += 1;
  };
  /** Panels fill rows of three, 8 units wide. */
  let slot = 0;
  const panel = (title: string, unit: string, queries: readonly Query[], thresholds: readonly number[] = [], type: "timeseries" | "stat" = "timeseries") => {
    const steps = [{ color: "green", value: null }, ...[...new Set(thresholds)].sort((a, b) => a - b).map((value) => ({ color: "red", value }))];
    panels.push({
      datasource: DATASOURCE,
      fieldConfig: {
        defaults: {
          ...(type === "timeseries" ? { custom: { thresholdsStyle: { mode: thresholds.length > 0 ? "line" : "off" } } } : {}),
          thresholds: { mode: "absolute", steps },
          unit,
        },
        overrides: [],
      },
      gridPos: { h: 8, w: 8, x: (slot % 3) * 8, y },
      id: id++,
      options: type === "timeseries" ? { legend: { displayMode: "list", placement: "bottom", showLegend: true }, tooltip: { mode: "multi", sort: "none" } } : { reduceOptions: { calcs: ["lastNotNull"], fields: "", values: false } },
      targets: queries.map((q, i) => ({ datasource: DATASOURCE, expr: q.expr, legendFormat: q.legend, refId: String.fromCharCode(65 + i) })),
      title,
      type,
    });
    slot++;
    if (slot % 3 === 0) y += 8;
  };
  const endRow = () => {
    if (slot % 3 !== 0) y += 8;
    slot = 0;
  };
  const ns = spec.namespace;
  const latencyPanel = (title: string, objectives: Objectives | undefined, quantileExpr: (q: number) => string) =>
    panel(
      title,
      "s",
      percentiles(objectives).map((k) => ({ expr: quantileExpr(QUANTILE_OF[k]), legend: k })),
      Object.values(objectives ?? {}).filter((v): v is number => v !== undefined),
    );

  for (const svc of spec.services) {
    const sel = { namespace: ns, service: svc.name };
    row(`${svc.name} (${svc.kind === "llm" ? "vLLM" : "Triton"}: ${svc.modelName})`);
    if (svc.kind === "llm") {
      latencyPanel("Time to first token", svc.slo.ttft, (q) => PROMQL.histogramQuantile(q, "vllm:time_to_first_token_seconds", sel));
      latencyPanel("Time per output token", svc.slo.tpot, (q) => PROMQL.histogramQuantile(q, "vllm:time_per_output_token_seconds", sel));
      latencyPanel("End-to-end latency", svc.slo.latency, (q) => PROMQL.histogramQuantile(q, "vllm:e2e_request_latency_seconds", sel));
      panel("Requests per second", "reqps", [
        { expr: `sum(rate(vllm:request_success_total${PROMQL.selector({ ...sel, finished_reason: "stop" })}[$__rate_interval]))`, legend: "completed" },
        { expr: `sum(rate(vllm:request_success_total${PROMQL.selector({ ...sel, finished_reason: "abort" })}[$__rate_interval]))`, legend: "refused or failed" },
      ]);
      panel("Refused share", "percentunit", [{ expr: `${PROMQL.ratio(`vllm:request_success_total${PROMQL.selector({ ...sel, finished_reason: "abort" })}`, `vllm:request_success_total${PROMQL.selector(sel)}`)}`, legend: "refused" }], svc.slo.maxRejectRate === undefined ? [] : [svc.slo.maxRejectRate]);
      panel("Requests running and waiting", "short", [
        { expr: `sum(vllm:num_requests_running${PROMQL.selector(sel)})`, legend: "running" },
        { expr: `sum(vllm:num_requests_waiting${PROMQL.selector(sel)})`, legend: "waiting" },
      ]);
      panel("KV cache usage per pod", "percentunit", [{ expr: `vllm:kv_cache_usage_perc${PROMQL.selector(sel)}`, legend: "{{pod}}" }], [1]);
      panel("Tokens per second", "short", [
        { expr: `sum(rate(vllm:prompt_tokens_total${PROMQL.selector(sel)}[$__rate_interval]))`, legend: "prompt" },
        { expr: `sum(rate(vllm:generation_tokens_total${PROMQL.selector(sel)}[$__rate_interval]))`, legend: "generated" },
      ]);
    } else {
      latencyPanel("Request latency (Triton summary)", svc.slo.latency, (q) => `max(nv_inference_request_summary_us${PROMQL.selector({ ...sel, quantile: String(q) })}) / 1e6`);
      panel("Mean queue and compute time", "s", [
        { expr: `${PROMQL.ratio(`nv_inference_queue_duration_us${PROMQL.selector(sel)}`, `nv_inference_request_success${PROMQL.selector(sel)}`)} / 1e6`, legend: "queue" },
        { expr: `${PROMQL.ratio(`nv_inference_compute_infer_duration_us${PROMQL.selector(sel)}`, `nv_inference_request_success${PROMQL.selector(sel)}`)} / 1e6`, legend: "compute" },
      ]);
      panel("Requests per second", "reqps", [
        { expr: `sum(rate(nv_inference_request_success${PROMQL.selector(sel)}[$__rate_interval]))`, legend: "success" },
        { expr: `sum(rate(nv_inference_request_failure${PROMQL.selector(sel)}[$__rate_interval]))`, legend: "failure" },
      ]);
      panel(
        "Refused share",
        "percentunit",
        [{ expr: `sum(rate(nv_inference_request_failure${PROMQL.selector(sel)}[$__rate_interval])) / (sum(rate(nv_inference_request_failure${PROMQL.selector(sel)}[$__rate_interval])) + sum(rate(nv_inference_request_success${PROMQL.selector(sel)}[$__rate_interval])))`, legend: "refused" }],
        svc.slo.maxRejectRate === undefined ? [] : [svc.slo.maxRejectRate],
      );
      panel("Pending requests", "short", [{ expr: `sum(nv_inference_pending_request_count${PROMQL.selector(sel)})`, legend: "pending" }]);
    }
    const deployment = PROMQL.selector({ namespace: ns, deployment: svc.name });
    panel("Replicas", "short", [
      { expr: `kube_deployment_spec_replicas${deployment}`, legend: "desired" },
      { expr: `kube_deployment_status_replicas_available${deployment}`, legend: "available" },
      ...(svc.hpaName ? [{ expr: `kube_horizontalpodautoscaler_status_desired_replicas${PROMQL.selector({ namespace: ns, horizontalpodautoscaler: svc.hpaName })}`, legend: "HPA desired" }] : []),
    ]);
    endRow();
  }

  row("Cluster");
  panel("Nodes", "short", [
    { expr: `sum(kube_node_status_condition{condition="Ready",status="true"})`, legend: "Ready" },
    { expr: `count by (instance_type) (node_total_hourly_cost)`, legend: "{{instance_type}} (billed)" },
  ]);
  panel("Pods by phase", "short", [{ expr: `sum by (phase) (kube_pod_status_phase${PROMQL.selector({ namespace: ns })})`, legend: "{{phase}}" }]);
  panel("GPU utilisation per node", "percent", [
    { expr: `avg by (Hostname) (DCGM_FI_DEV_GPU_UTIL)`, legend: "{{Hostname}}" },
    { expr: `avg(DCGM_FI_DEV_GPU_UTIL)`, legend: "all GPUs" },
  ]);
  panel("Cost per hour", "currencyUSD", [{ expr: `sum(node_total_hourly_cost)`, legend: "$/h" }]);
  panel("Cost over the time range", "currencyUSD", [{ expr: `sum(sum_over_time(node_total_hourly_cost[$__range])) * ${spec.step} / 3600`, legend: "cost" }], [], "stat");
  endRow();

  return {
    annotations: { list: [] },
    description: `servesim simulation: ${spec.title}`,
    editable: true,
    panels,
    refresh: "",
    schemaVersion: 39,
    tags: ["servesim"],
    templating: { list: [{ current: {}, hide: 0, label: "Prometheus", name: "datasource", query: "prometheus", type: "datasource" }] },
    time: { from: spec.from, to: spec.to },
    timezone: "utc",
    title: spec.title,
    uid: spec.uid,
    version: 1,
  };
}

/** Every PromQL expression of a dashboard, in panel order. */
export function dashboardQueries(dashboard: Record<string, unknown>): string[] {
  const panels = (dashboard["panels"] ?? []) as { targets?: { expr: string }[] }[];
  return panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
}
