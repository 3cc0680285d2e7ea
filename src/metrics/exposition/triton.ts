/**
 * Triton Inference Server's series for classic services (docs/user_guide/metrics.md): labels
 * `model` and `version` plus the scrape's. Counters are cumulative microseconds or requests,
 * per service; the latency summaries (`--metrics-config summary_latencies=true`) give the
 * quantiles of each step's completions; the pending-request gauge is per Ready pod.
 */
import type { MetricFamily } from "./openmetrics.js";
import type { MonitoringData } from "./recorder.js";
import { SUMMARY_QUANTILES } from "./recorder.js";
import type { MonitoringTargets } from "./targets.js";
import { rowsWhere, scrapeLabels } from "./targets.js";

const US = 1e6;

export function tritonFamilies(data: MonitoringData, targets: MonitoringTargets): MetricFamily[] {
  const classic = data.services.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === "classic");
  if (classic.length === 0) return [];
  const labels = (i: number) => [...scrapeLabels(targets, i), ["model", targets.services[i]!.modelName], ["version", "1"]] as const;
  const counter = (name: string, help: string, value: (c: MonitoringData["services"][number]["counters"]) => readonly number[]): MetricFamily => ({
    name,
    help,
    type: "counter",
    series: classic.map(({ s, i }) => ({ labels: labels(i), t: data.t, v: value(s.counters) })),
  });
  const micros = (xs: readonly number[]) => xs.map((x) => Math.round(x * US));
  const summary = (name: string, help: string, pick: "latencySummary" | "queueSummary", sum: "latencySeconds" | "queueSeconds"): MetricFamily => ({
    name,
    help,
    type: "summary",
    series: classic.map(({ s, i }) => ({
      labels: labels(i),
      t: data.t,
      quantiles: SUMMARY_QUANTILES,
      values: s[pick].map((col) => col.map((x) => x * US)),
      count: s.counters.completed,
      sum: micros(s.counters[sum]),
    })),
  });
  const computeSeconds = (c: MonitoringData["services"][number]["counters"]) => c.latencySeconds.map((x, r) => x - c.queueSeconds[r]!);
  return [
    counter("nv_inference_request_success", "Number of successful inference requests, all batch sizes", (c) => c.completed),
    counter("nv_inference_request_failure", "Number of failed inference requests, all batch sizes", (c) => c.failed),
    counter("nv_inference_count", "Number of inferences performed (does not include cached requests)", (c) => c.completed),
    counter("nv_inference_request_duration_us", "Cumulative inference request duration in microseconds (includes cached requests)", (c) => micros(c.latencySeconds)),
    counter("nv_inference_queue_duration_us", "Cumulative inference queuing duration in microseconds (includes cached requests)", (c) => micros(c.queueSeconds)),
    counter("nv_inference_compute_infer_duration_us", "Cumulative compute inference duration in microseconds (does not include cached requests)", (c) => micros(computeSeconds(c))),
    summary("nv_inference_request_summary_us", "Summary of inference request duration in microseconds (includes cached requests)", "latencySummary", "latencySeconds"),
    summary("nv_inference_queue_summary_us", "Summary of inference queuing duration in microseconds (includes cached requests)", "queueSummary", "queueSeconds"),
    {
      name: "nv_inference_pending_request_count",
      help: "Instantaneous number of pending requests awaiting execution per-model.",
      type: "gauge",
      series: data.pods
        .filter((p) => data.services[p.service]!.kind === "classic" && p.ready.some((x) => x === 1))
        .map((p) => rowsWhere([...labels(p.service), ["pod", p.name]], data.t, p.first, p.ready.length, (r) => p.waiting[r]!, (r) => p.ready[r] === 1)),
    },
  ];
}
