import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { render } from "../scripts/sync-catalog.mjs";
import { findGpu, findModel, gpuIds, modelIds } from "../src/catalog/index.js";

const shared = (name: string) => JSON.parse(readFileSync(new URL(`../reference/data/${name}`, import.meta.url), "utf8")) as unknown;
const shipped = (name: string) => readFileSync(new URL(`../src/catalog/data/${name}`, import.meta.url), "utf8");

describe("catalog", () => {
  test.each([
    ["gpus.json", "gpus.data.ts", "gpuData", "RawGpuCatalog"],
    ["models.json", "models.data.ts", "modelData", "RawModelCatalog"],
  ])("the shipped copy of %s matches reference/data (run scripts/sync-catalog.mjs after it changes)", (from, to, name, type) => {
    expect(shipped(to)).toBe((render as (j: unknown, n: string, t: string, f: string) => string)(shared(from), name, type, from));
  });

  test("normalises GPU figures into base units and keeps their sources", () => {
    const h100 = findGpu("h100-sxm")!;
    expect(h100.memoryBytes).toBe(80 * 2 ** 30);
    expect(h100.memoryBandwidth).toBe(3.35e12);
    expect(h100.peakFlops.bf16).toBe(989.4e12);
    expect(h100.pricePerGpuHour).toBe(6.88);
    expect(h100.raw.price?.source).toMatch(/skypilot-catalog/);
    expect(findGpu("mi300x")!.pricePerGpuHour).toBeNull();
    expect(gpuIds).toContain("t4");
  });

  test("derives KV-cache elements per token for LLMs", () => {
    const m = findModel("llama-3.1-8b");
    expect(m?.kind === "llm" && m.kvElementsPerToken).toBe(2 * 32 * 8 * 128);
    expect(findModel("resnet-50")?.kind).toBe("classic");
    expect(modelIds).toContain("qwen2.5-7b");
    expect(findModel("gpt-5")).toBeUndefined();
  });
});
