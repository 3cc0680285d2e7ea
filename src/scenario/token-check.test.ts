import { describe, expect, test } from "vitest";
import { formatIssue } from "./errors.js";
import { parseScenario } from "./load.js";

const llm = (traffic: string, kind = "llm", model = "id: llama-3.1-8b") => `apiVersion: servesim/v1
kind: Scenario
metadata: { name: t }
duration: 1h
cluster: { nodePools: [{ name: p, gpu: { type: l4, count: 1 }, cpu: 8, memory: 32Gi, count: 1 }] }
services:
  - name: chat
    model: { kind: ${kind}, ${model} }
    resources: { requests: { nvidia.com/gpu: 1 } }
    traffic:
${traffic}
`;

const issues = (text: string) => {
  const r = parseScenario(text, { file: "s.yaml" });
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe("an LLM service's traffic must give token lengths (no default)", () => {
  test("a generator without tokens is refused at the source's line, naming the fix", () => {
    expect(issues(llm("      - poisson: { rate: 2/s }"))).toEqual([
      "s.yaml:11:9 services[0].traffic[0]: an LLM service's requests need token lengths: add tokens: { input: …, output: … } to this traffic source (distributions, or joint: pairs from a trace); there is no default",
    ]);
  });

  test("a generator with one side only names the missing side", () => {
    expect(issues(llm("      - poisson: { rate: 2/s }\n        tokens: { input: { distribution: fixed, value: 100 } }"))).toEqual([
      "s.yaml:12:17 services[0].traffic[0].tokens: an LLM service's requests need both token lengths: missing output (a distribution, or joint: pairs from a trace)",
    ]);
  });

  test("a generic trace that maps no token column is refused unless tokens replace the side", () => {
    const trace = "      - trace: { file: a.csv, format: generic, map: { type: csv, time: { column: t, unit: s }, inputTokens: in } }";
    expect(issues(llm(trace))).toEqual([
      "s.yaml:11:53 services[0].traffic[0].trace.map: an LLM service's requests need token lengths: this generic trace maps no output token column (map.outputTokens), nor does tokens.output replace it",
    ]);
    expect(issues(llm(`${trace}\n        tokens: { output: { distribution: fixed, value: 50 } }`))).toEqual([]);
  });

  test("both sides, joint pairs, and traces of the azure, mooncake and vidur formats pass; a classic service needs none", () => {
    expect(issues(llm("      - poisson: { rate: 2/s }\n        tokens: { input: { distribution: fixed, value: 100 }, output: { distribution: uniform, min: 1, max: 9 } }"))).toEqual([]);
    expect(issues(llm("      - poisson: { rate: 2/s }\n        tokens: { joint: { file: a.csv, format: azure } }"))).toEqual([]);
    for (const format of ["azure", "mooncake", "vidur"]) expect(issues(llm(`      - trace: { file: a.csv, format: ${format} }`))).toEqual([]);
    expect(issues(llm("      - poisson: { rate: 2/s }", "classic", "serviceTime: { distribution: fixed, mean: 1s }").replace("fixed", "deterministic"))).toEqual([]);
  });
});
