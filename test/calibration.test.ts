import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { condense, render } from "../scripts/sync-profiles.mjs";
import { calibrate, measurementsFileSchema, measurementsToReferences, referencesFileSchema } from "../src/sim/index.js";
import type { CalibrationRow } from "../src/sim/index.js";

const read = (path: string) => JSON.parse(readFileSync(new URL(`../reference/${path}`, import.meta.url), "utf8")) as unknown;
const shared = read("data/references.json");
const measured = measurementsFileSchema.parse(read("data/classic-references.json")).references;

const errors = (rows: readonly CalibrationRow[]) => rows.map((r) => Math.abs(r.ratio - 1)).sort((a, b) => a - b);
const median = (e: readonly number[]) => (e.length % 2 ? e[e.length >> 1]! : (e[(e.length >> 1) - 1]! + e[e.length >> 1]!) / 2);

describe("calibration against the measured references", () => {
  test("every reference is predicted within ±25%, with a median absolute error of at most 12%", () => {
    const rows = calibrate(referencesFileSchema.parse(shared).references);
    expect(rows).toHaveLength(40);
    const errors = rows.map((r) => Math.abs(r.ratio - 1)).sort((a, b) => a - b);
    expect(errors.at(-1)!).toBeLessThanOrEqual(0.25);
    expect((errors[19]! + errors[20]!) / 2).toBeLessThanOrEqual(0.12);
    expect(new Set(rows.map((r) => r.mode))).toEqual(new Set(["roofline", "profile"]));
  });

  test("an entry that cannot be simulated is named with the reason", () => {
    const bad = { references: [{ id: "x", kind: "llm-batch-latency", model: "resnet-50", gpu: "t4", gpus: 1, tensorParallel: 1, weightDtype: "fp16", kvDtype: "fp16", batch: 1, inputTokens: 8, outputTokens: 8, measured: { endToEndSeconds: 1 } }] };
    expect(() => calibrate(referencesFileSchema.parse(bad).references)).toThrowErrorMatchingInlineSnapshot(`[Error: x: model "resnet-50" is a classic model, which a llm-batch-latency entry cannot use]`);
    const huge = { references: [{ ...bad.references[0], model: "llama-3.1-405b", gpu: "l4" }] };
    expect(() => calibrate(referencesFileSchema.parse(huge).references)).toThrow(/x: the weights of llama-3.1-405b do not fit on 1 × l4/);
  });

  test("the shipped LLM and classic references together: every entry within ±25%, median absolute error at most 12%", () => {
    const rows = [
      ...calibrate(referencesFileSchema.parse(shared).references),
      ...calibrate(referencesFileSchema.parse(read("project/llm-references.json")).references),
      ...calibrate(measurementsToReferences(measured).references),
    ];
    expect(rows.length).toBeGreaterThan(200);
    const e = errors(rows);
    expect(e.at(-1)!).toBeLessThanOrEqual(0.25);
    expect(median(e)).toBeLessThanOrEqual(0.12);
  });

  test("Llama 3.1 405B at TP8 follows its KV-limited batch: H100 (80 GB) and H200 (141 GB) both within ±25%", () => {
    const rows = calibrate(referencesFileSchema.parse(read("project/llm-references.json")).references);
    expect(rows).toHaveLength(20);
    for (const gpu of ["h100-sxm", "h200"]) expect(errors(rows.filter((r) => r.id.includes(`/${gpu}/`))).at(-1)!).toBeLessThanOrEqual(0.25);
  });

  test("ResNet-50 latency against batch size is compared on T4, L4, A10 and H100 (the references hold no TensorRT or Triton ResNet-50 figure for A100 or A10G)", () => {
    const { references } = measurementsToReferences(measured);
    const resnet = references.filter((r) => r.model === "resnet-50");
    expect(new Set(resnet.map((r) => r.gpu))).toEqual(new Set(["t4", "l4", "a10", "h100-sxm", "h100-pcie"]));
    const sweep = resnet.filter((r) => r.gpu === "t4" && r.kind === "classic-batch-latency" && r.stack === "triton").map((r) => (r.kind === "classic-batch-latency" ? r.batch : 0));
    expect(sweep).toEqual([1, 2, 4, 8, 16, 32, 64, 128]);
    const models = new Set(references.map((r) => r.model));
    for (const m of ["resnet-50", "bert-large", "bert-large-128", "ssd-resnet34", "retinanet", "sdxl", "whisper-large-v3"]) expect(models).toContain(m);
  });

  test("measurements a TensorRT model should not meet are left out, each with its reason", () => {
    const { references, excluded } = measurementsToReferences(measured);
    expect(references.length + excluded.length).toBe(measured.length);
    const reasons = new Map(excluded.map((e) => [e.id, e.reason]));
    expect(reasons.get("dle-pyt/resnet-50/t4/fp32/batch1/latency")).toMatch(/^framework stack \(PyTorch eager, TensorFlow 1, MXNet\)/);
    expect(reasons.get("dle-triton/resnet-50/t4/fp16/batch1/latency-p90")).toBe("the p90 of a run whose mean is compared");
    expect(reasons.get("dle-triton/resnet-50/t4/fp16/batch1/throughput")).toBe("throughput of a run whose latency is compared (batch ÷ latency)");
    expect(reasons.get("mlperf-v3.0/retinanet/a100-80gb-pcie/int8/offline")).toMatch(/^no catalog GPU for "a100-80gb-pcie"/);
    expect(reasons.get("mlperf-v0.7/bert-large-99/t4/int8/singlestream")).toMatch(/^MLPerf BERT runs the SQuAD samples at their own lengths/);
    expect(references.find((r) => r.id === "mlperf-v0.7/resnet-50/t4/int8/singlestream")).toMatchObject({ kind: "classic-batch-latency", gpu: "t4", precision: "int8", batch: 1, stack: "tensorrt", measured: { latencySeconds: 1.086217e-3 } });
    expect(references.find((r) => r.id === "mlperf-v5.1/sdxl/l4/fp8-unet/offline/dell")).toMatchObject({ kind: "classic-offline-throughput", model: "sdxl", gpus: 4, precision: "fp8" });
  });

  // The Vidur profile CSVs (3.7 MB) are not shipped: only their condensed table is, so this check needs ../shared.
  test.runIf(existsSync(new URL("../../shared/data/profiling", import.meta.url)))("the shipped profile tables match the shared Vidur files when ../shared is beside the project (run scripts/sync-profiles.mjs after they change)", () => {
    const shipped = readFileSync(new URL("../src/serving/perf/data/vidur-profiles.data.ts", import.meta.url), "utf8");
    expect(shipped).toBe((render as (t: unknown) => string)((condense as () => unknown)()));
  });
});
