import { describe, expect, test } from "vitest";
import { createBucketSeries } from "./bucket-series.js";
import { formatExposition, formatValue } from "./openmetrics.js";
import type { MetricFamily } from "./openmetrics.js";

const EPOCH = 1735689600; // 2025-01-01T00:00:00Z

function families(): MetricFamily[] {
  const h = createBucketSeries([0.1, 1], 2);
  h.observe(0.05);
  h.sample();
  h.observe(3);
  h.sample();
  return [
    { name: "vllm:num_requests_running", help: "Number of requests in model execution batches.", type: "gauge", series: [{ labels: [["pod", "chat-0"]], t: [15, 30.5], v: [3, 0.25] }] },
    { name: "vllm:prompt_tokens_total", help: "Number of prefill tokens processed.", type: "counter", series: [{ labels: [["model_name", 'a "b"\\c']], t: [15], v: [1200] }] },
    { name: "nv_inference_request_success", help: "Number of successful inference requests, all batch sizes", type: "counter", series: [{ labels: [], t: [15], v: [7] }] },
    { name: "vllm:time_to_first_token_seconds", help: "Histogram of time to first token in seconds.", type: "histogram", series: [{ labels: [["service", "chat"]], t: [15, 30], data: h.data() }] },
    { name: "nv_inference_queue_summary_us", help: "Summary of inference queuing duration in microseconds", type: "summary", series: [{ labels: [["model", "r"]], t: [15], quantiles: [0.5, 0.99], values: [[55], [NaN]], count: [2], sum: [110] }] },
  ];
}

describe("formatExposition", () => {
  test("OpenMetrics: seconds with milliseconds, counters named without _total, Triton's counters as unknown, # EOF", () => {
    expect(formatExposition(families(), { format: "openmetrics", epoch: EPOCH })).toMatchInlineSnapshot(`
      "# HELP vllm:num_requests_running Number of requests in model execution batches.
      # TYPE vllm:num_requests_running gauge
      vllm:num_requests_running{pod="chat-0"} 3 1735689615.000
      vllm:num_requests_running{pod="chat-0"} 0.25 1735689630.500
      # HELP vllm:prompt_tokens Number of prefill tokens processed.
      # TYPE vllm:prompt_tokens counter
      vllm:prompt_tokens_total{model_name="a \\"b\\"\\\\c"} 1200 1735689615.000
      # HELP nv_inference_request_success Number of successful inference requests, all batch sizes
      # TYPE nv_inference_request_success unknown
      nv_inference_request_success 7 1735689615.000
      # HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.
      # TYPE vllm:time_to_first_token_seconds histogram
      vllm:time_to_first_token_seconds_bucket{service="chat",le="0.1"} 1 1735689615.000
      vllm:time_to_first_token_seconds_bucket{service="chat",le="1"} 1 1735689615.000
      vllm:time_to_first_token_seconds_bucket{service="chat",le="+Inf"} 1 1735689615.000
      vllm:time_to_first_token_seconds_count{service="chat"} 1 1735689615.000
      vllm:time_to_first_token_seconds_sum{service="chat"} 0.05 1735689615.000
      vllm:time_to_first_token_seconds_bucket{service="chat",le="0.1"} 1 1735689630.000
      vllm:time_to_first_token_seconds_bucket{service="chat",le="1"} 1 1735689630.000
      vllm:time_to_first_token_seconds_bucket{service="chat",le="+Inf"} 2 1735689630.000
      vllm:time_to_first_token_seconds_count{service="chat"} 2 1735689630.000
      vllm:time_to_first_token_seconds_sum{service="chat"} 3.05 1735689630.000
      # HELP nv_inference_queue_summary_us Summary of inference queuing duration in microseconds
      # TYPE nv_inference_queue_summary_us summary
      nv_inference_queue_summary_us{model="r",quantile="0.5"} 55 1735689615.000
      nv_inference_queue_summary_us{model="r",quantile="0.99"} NaN 1735689615.000
      nv_inference_queue_summary_us_count{model="r"} 2 1735689615.000
      nv_inference_queue_summary_us_sum{model="r"} 110 1735689615.000
      # EOF
      "
    `);
  });

  test("Prometheus text 0.0.4: millisecond timestamps, counters typed counter under their sample names, no # EOF", () => {
    const text = formatExposition(families(), { format: "prometheus", epoch: EPOCH });
    expect(text).toContain("# TYPE vllm:prompt_tokens_total counter\nvllm:prompt_tokens_total{");
    expect(text).toContain("# TYPE nv_inference_request_success counter\nnv_inference_request_success 7 1735689615000\n");
    expect(text).toContain('vllm:num_requests_running{pod="chat-0"} 0.25 1735689630500\n');
    expect(text).not.toContain("# EOF");
  });

  test("invalid names, reserved or repeated labels, repeated series or families and times that do not increase are refused", () => {
    const g = (name: string, series: MetricFamily["series"]): MetricFamily => ({ name, help: "h", type: "gauge", series }) as MetricFamily;
    const opts = { format: "openmetrics", epoch: 0 } as const;
    expect(() => formatExposition([g("1bad", [])], opts)).toThrow('invalid metric name "1bad"');
    expect(() => formatExposition([g("x", [{ labels: [["a-b", "v"]], t: [1], v: [1] }])], opts)).toThrow('metric x: invalid label name "a-b"');
    expect(() => formatExposition([g("x", [{ labels: [["a", "1"], ["a", "2"]], t: [1], v: [1] }])], opts)).toThrow('label "a" given twice');
    expect(() => formatExposition([g("x", [{ labels: [], t: [1], v: [1] }, { labels: [], t: [2], v: [1] }])], opts)).toThrow("series {} written twice");
    expect(() => formatExposition([g("x", []), g("x", [])], opts)).toThrow("metric family x written twice");
    expect(() => formatExposition([g("x", [{ labels: [], t: [2, 2], v: [1, 1] }])], opts)).toThrow("sample times must increase (2 after 2)");
    const h = createBucketSeries([1], 1);
    h.sample();
    expect(() => formatExposition([{ name: "h", help: "h", type: "histogram", series: [{ labels: [["le", "1"]], t: [1], data: h.data() }] }], opts)).toThrow('label "le" is reserved');
  });

  test("special values are spelled as both formats expect", () => {
    expect([NaN, Infinity, -Infinity, 1e-7, 42].map(formatValue)).toEqual(["NaN", "+Inf", "-Inf", "1e-7", "42"]);
  });
});
