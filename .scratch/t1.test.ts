import { readFileSync } from "node:fs";
import { createTraceReader } from "../src/traffic/traces/reader.js";
import { createStatsAccumulator } from "../src/traffic/traces/stats.js";
import { TRACE_PRESETS } from "../src/traffic/traces/mapping.js";
import { test } from "vitest";
test("x", () => {
for (const [f, fmt] of [["traces/azure-llm-2023/AzureLLMInferenceTrace_code.csv", "azure"], ["traces/azure-llm-2023/AzureLLMInferenceTrace_conv.csv", "azure"], ["traces/mooncake-fast25/conversation_trace.jsonl", "mooncake"]] as const) {
  const m = TRACE_PRESETS[fmt];
  const acc = createStatsAccumulator({ input: true, output: true, hashIds: m.hashIds !== undefined });
  const r = createTraceReader({ file: f, mapping: m }, (row) => (acc.add(row), true));
  const text = readFileSync(f, "utf8");
  for (let i = 0; i < text.length; i += 65536) r.push(text.slice(i, i + 65536));
  r.end();
  console.log(JSON.stringify(acc.result()));
}
});
