/**
 * Conventions of the model servers servesim models: default images, ports, health endpoints,
 * server arguments, and the names a Prometheus adapter gives their metrics.
 */
import { findModel } from "../catalog/index.js";
import type { Service } from "../scenario/index.js";

export type ServerKind = Service["model"]["kind"];

/** Images used when a scenario names none (vLLM's OpenAI server; Triton for classic models). */
export const DEFAULT_IMAGE: Readonly<Record<ServerKind, string>> = {
  llm: "vllm/vllm-openai:v0.8.5",
  classic: "nvcr.io/nvidia/tritonserver:25.01-py3",
};

/** Container port and health endpoints: vLLM serves /health on 8000; Triton /v2/health/{ready,live} on 8000. */
export const SERVER_HTTP: Readonly<Record<ServerKind, { port: number; ready: string; live: string }>> = {
  llm: { port: 8000, ready: "/health", live: "/health" },
  classic: { port: 8000, ready: "/v2/health/ready", live: "/v2/health/live" },
};

/**
 * Custom-metrics names (custom.metrics.k8s.io) of the scenario's metrics, as prometheus-adapter's
 * default rules expose the servers' series: colons become underscores and a counter `x_total`
 * becomes the rate `x_per_second`. vLLM: vllm:num_requests_running, vllm:num_requests_waiting,
 * vllm:kv_cache_usage_perc, vllm:generation_tokens_total; Triton: nv_inference_pending_request_count,
 * nv_inference_request_success (counter); GPUs: dcgm-exporter's DCGM_FI_DEV_GPU_UTIL.
 */
export const ADAPTER_METRICS: Readonly<Record<ServerKind, Readonly<Record<string, string>>>> = {
  llm: {
    requests_in_flight: "vllm_num_requests_running",
    queue_length: "vllm_num_requests_waiting",
    kv_cache_usage: "vllm_kv_cache_usage_perc",
    tokens_per_second: "vllm_generation_tokens_per_second",
    gpu_utilization: "DCGM_FI_DEV_GPU_UTIL",
    requests_per_second: "vllm_request_success_per_second",
  },
  classic: {
    requests_in_flight: "nv_inference_exec_count_in_flight",
    queue_length: "nv_inference_pending_request_count",
    gpu_utilization: "DCGM_FI_DEV_GPU_UTIL",
    requests_per_second: "nv_inference_request_success_per_second",
  },
};

/** The scenario's metric name of an adapter metric name (import), or undefined. */
export function scenarioMetric(kind: ServerKind, adapterName: string): string | undefined {
  return Object.entries(ADAPTER_METRICS[kind]).find(([, a]) => a === adapterName)?.[0];
}

/** The Hugging Face repository of a catalog model, from its source note ("… config.json of meta-llama/Llama-2-7b-hf …"). */
export function modelRepository(id: string): string {
  const m = findModel(id);
  const repo = m && /config\.json of ([\w.-]+\/[\w.-]+)/.exec(m.source)?.[1];
  return repo ?? id;
}

const DTYPE_ARG: Readonly<Record<string, string>> = { bf16: "bfloat16", fp16: "float16", fp32: "float32" };

/** vLLM engine arguments carrying the simulated server configuration. */
export function serverArgs(svc: Service): string[] {
  const m = svc.model;
  if (m.kind !== "llm") return [];
  const args = [
    "--model", modelRepository(m.id),
    "--port", String(SERVER_HTTP.llm.port),
    "--tensor-parallel-size", String(m.tensorParallel),
    "--dtype", DTYPE_ARG[m.dtype] ?? "auto",
    "--max-num-seqs", String(m.maxNumSeqs),
    "--max-num-batched-tokens", String(m.maxNumBatchedTokens),
    "--gpu-memory-utilization", String(m.gpuMemoryUtilization),
  ];
  if (DTYPE_ARG[m.dtype] === undefined) args.push("--quantization", m.dtype);
  if (m.kvCacheDtype !== undefined) args.push("--kv-cache-dtype", m.kvCacheDtype);
  args.push(m.chunkedPrefill ? "--enable-chunked-prefill" : "--no-enable-chunked-prefill");
  args.push(m.prefixCaching ? "--enable-prefix-caching" : "--no-enable-prefix-caching");
  return args;
}
