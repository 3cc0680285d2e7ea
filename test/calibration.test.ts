import { existsSync, readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { condense, render } from "../scripts/sync-profiles.mjs";
import { calibrate, referencesFileSchema } from "../src/sim/index.js";

const shared = JSON.parse(readFileSync(new URL("../reference/data/references.json", import.meta.url), "utf8")) as unknown;

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

  // The Vidur profile CSVs (3.7 MB) are not shipped: only their condensed table is, so this check needs ../shared.
  test.runIf(existsSync(new URL("../../shared/data/profiling", import.meta.url)))("the shipped profile tables match the shared Vidur files when ../shared is beside the project (run scripts/sync-profiles.mjs after they change)", () => {
    const shipped = readFileSync(new URL("../src/serving/perf/data/vidur-profiles.data.ts", import.meta.url), "utf8");
    expect(shipped).toBe((render as (t: unknown) => string)((condense as () => unknown)()));
  });
});
