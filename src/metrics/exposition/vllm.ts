/**
 * vLLM's series for LLM services (vllm/v1/metrics/loggers.py): labels `model_name` and `engine`
 * plus the scrape's. Request histograms and counters are per service (summed over its pods, as
 * `sum without (pod)` would give); the scheduler gauges are per pod, while the pod is Ready.
 */
import type { MetricFamily } from "./openmetrics.js";
import type { MonitoringData } from "./recorder.js";
import type { MonitoringTargets } from "./targets.js";
import { rowsWhere, scrapeLabels } from "./targets.js";

export function vllmFamilies(data: MonitoringData, targets: MonitoringTargets): MetricFamily[] {
  const llm = data.services.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === "llm");
  if (llm.length === 0) return [];
  const labels = (i: number) => [...scrapeLabels(targets, i), ["model_name", targets.services[i]!.modelName], ["engine", "0"]] as const;
  const hist = (name: string, help: string, pick: (s: MonitoringData["services"][number]) => MonitoringData["services"][number]["ttft"]): MetricFamily => ({
    name,
    help,
    type: "histogram",
    series: llm.map(({ s, i }) => ({ labels: labels(i), t: data.t, data: pick(s) })),
  });
  const counter = (name: string, help: string, key: keyof MonitoringData["services"][number]["counters"]): MetricFamily => ({
    name,
    help,
    type: "counter",
    series: llm.map(({ s, i }) => ({ labels: labels(i), t: data.t, v: s.counters[key] })),
  });
  const podGauge = (name: string, help: string, value: (p: MonitoringData["pods"][number], r: number) => number): MetricFamily => ({
    name,
    help,
    type: "gauge",
    series: data.pods
      .filter((p) => data.services[p.service]!.kind === "llm" && p.ready.some((x) => x === 1))
      .map((p) => rowsWhere([...labels(p.service), ["pod", p.name]], data.t, p.first, p.ready.length, (r) => value(p, r), (r) => p.ready[r] === 1)),
  });
  return [
    podGauge("vllm:num_requests_running", "Number of requests in model execution batches.", (p, r) => p.running[r]!),
    podGauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.", (p, r) => p.waiting[r]!),
    podGauge("vllm:gpu_cache_usage_perc", "GPU KV-cache usage. 1 means 100 percent usage. DEPRECATED: Use vllm:kv_cache_usage_perc instead.", (p, r) => p.kvUsage[r]!),
    podGauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", (p, r) => p.kvUsage[r]!),
    counter("vllm:prompt_tokens_total", "Number of prefill tokens processed.", "promptTokens"),
    counter("vllm:generation_tokens_total", "Number of generation tokens processed.", "generationTokens"),
    {
      // Refused, timed-out and cut requests count as finished_reason="abort", as vLLM counts aborted ones.
      name: "vllm:request_success_total",
      help: "Count of successfully processed requests.",
      type: "counter",
      series: llm.flatMap(({ s, i }) => [
        { labels: [...labels(i), ["finished_reason", "stop"]], t: data.t, v: s.counters.completed },
        { labels: [...labels(i), ["finished_reason", "abort"]], t: data.t, v: s.counters.failed },
      ]),
    },
    counter("vllm:num_preemptions_total", "Cumulative number of preemption from the engine.", "preemptions"),
    hist("vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.", (s) => s.ttft),
    hist("vllm:time_per_output_token_seconds", "Histogram of time per output token in seconds.", (s) => s.tpot),
    hist("vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", (s) => s.e2e),
    hist("vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", (s) => s.queue),
  ];
}
