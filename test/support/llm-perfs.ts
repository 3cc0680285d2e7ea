/**
 * The two LLM performance models the LLM server's property tests run on: one roofline model and
 * one driven by the measured profiles, so both closed forms are checked.
 */
import { findGpu, findModel } from "../../src/catalog/index.js";
import type { LlmModel } from "../../src/catalog/index.js";
import { createLlmPerfModel } from "../../src/serving/perf/llm.js";
import type { LlmPerfModel } from "../../src/serving/perf/llm.js";

export const llmTestPerfs: readonly LlmPerfModel[] = [
  createLlmPerfModel({ model: findModel("llama-3.1-8b") as LlmModel, gpu: findGpu("h100-sxm")!, tensorParallel: 1, weightDtype: "fp8", kvDtype: "fp8" }),
  createLlmPerfModel({ model: findModel("llama-2-70b") as LlmModel, gpu: findGpu("a100-80gb-sxm")!, tensorParallel: 4, weightDtype: "fp16", kvDtype: "fp16" }),
];
