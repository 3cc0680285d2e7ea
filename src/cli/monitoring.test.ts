import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { formatIssue, parseScenario } from "../scenario/index.js";
import { main } from "./main.js";
import { monitoringTargets, parseMetricsStart } from "./monitoring.js";

const repo = new URL("../../", import.meta.url).pathname;
const tmp = mkdtempSync(join(tmpdir(), "servesim-metrics-"));

async function cli(...argv: string[]) {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false });
  return { code, stdout, stderr };
}

const load = (file: string) => {
  const r = parseScenario(readFileSync(join(repo, file), "utf8"), { file });
  if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
  return r.scenario;
};

describe("the monitoring export on the command line", () => {
  test("--metrics-start takes an ISO 8601 date-time with a zone or Unix seconds, and names what it expected otherwise", () => {
    expect(parseMetricsStart("2025-01-01T00:00:00Z")).toBe(1735689600);
    expect(parseMetricsStart("2025-01-01T01:00:00+01:00")).toBe(1735689600);
    expect(parseMetricsStart("1735689600")).toBe(1735689600);
    expect(() => parseMetricsStart("2025-01-01")).toThrow('--metrics-start: expected an ISO 8601 date-time with a zone (e.g. 2025-01-01T00:00:00Z) or Unix seconds, got "2025-01-01"');
  });

  test("targets name vLLM's served model, Triton's model and the HPA as the exported manifests do (KEDA's as keda-hpa-<name>)", () => {
    const mixed = monitoringTargets(load("scenarios/mixed-serving.yaml"));
    expect(mixed.services.map((s) => [s.name, s.modelName, s.autoscaler])).toEqual([
      ["classifier", "resnet-50", null],
      ["chat", "meta-llama/Llama-3.1-8B-Instruct", null],
    ]);
    const flash = load("scenarios/flash-crowd-llm.yaml");
    expect(monitoringTargets(flash).services[0]!.autoscaler).toEqual({ hpaName: "chat", min: 1, max: 10 });
    expect(monitoringTargets(flash, { keda: true }).services[0]!.autoscaler).toEqual({ hpaName: "keda-hpa-chat", min: 1, max: 10 });
  });

  test("run --metrics writes OpenMetrics ending in # EOF and says how to load it; the printed digest is the one without --metrics", async () => {
    const out = join(tmp, "q.om");
    const plain = await cli("run", join(repo, "scenarios/quickstart.yaml"), "--duration", "6m");
    const r = await cli("run", join(repo, "scenarios/quickstart.yaml"), "--duration", "6m", "--metrics", out, "--metrics-start", "1700000000");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(plain.stdout);
    expect(r.stderr).toBe(`metrics: ${out}, a sample every 1s from 2023-11-14T22:13:21.000Z; load: promtool tsdb create-blocks-from openmetrics ${out} <data dir>, then prometheus --storage.tsdb.path=<data dir> --query.lookback-delta=999ms\n`);
    const text = readFileSync(out, "utf8");
    expect(text.endsWith("# EOF\n")).toBe(true);
    expect(text).toContain('nv_inference_request_success{job="classifier",namespace="default",service="classifier",model="resnet-50",version="1"} ');
    expect(text).toContain(" 1700000001.000\n");
  });
});
