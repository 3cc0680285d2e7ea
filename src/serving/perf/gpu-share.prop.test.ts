import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { findGpu, findModel } from "../../catalog/index.js";
import type { ClassicModel, Gpu, LlmModel } from "../../catalog/index.js";
import { createClassicPerfModel } from "./classic.js";
import { dtypeSupport, peakFlops } from "./dtype.js";
import type { Dtype } from "./dtype.js";
import type { GpuWork } from "./gpu-share.js";
import { aloneTime, createSharedGpu } from "./gpu-share.js";
import { createLlmPerfModel } from "./llm.js";

const GPUS = ["t4", "l4", "a10g", "a10", "l40s", "a100-80gb-sxm", "h100-sxm", "h100-pcie", "h200", "b200", "mi300x"];
const CLASSIC = ["resnet-50", "bert-large", "bert-large-128", "ssd-resnet34", "retinanet", "sdxl", "whisper-large-v3"];
const LLMS = ["llama-2-7b", "llama-3.1-8b", "mistral-7b", "qwen2.5-7b"];

interface Item {
  readonly start: number;
  readonly dtype: Dtype;
  readonly w: GpuWork;
}

interface ClassicSpec {
  readonly kind: "classic";
  readonly model: string;
  readonly dtype: Dtype;
  readonly batch: number;
  readonly triton: boolean;
}
interface LlmSpec {
  readonly kind: "llm";
  readonly model: string;
  readonly dtype: Dtype;
  readonly decode: number;
  readonly context: number;
  readonly prefill: number;
}

const classicItem: fc.Arbitrary<ClassicSpec> = fc.record({ kind: fc.constant("classic" as const), model: fc.constantFrom(...CLASSIC), dtype: fc.constantFrom<Dtype>("fp32", "fp16", "int8", "fp8"), batch: fc.integer({ min: 1, max: 256 }), triton: fc.boolean() });
const llmItem: fc.Arbitrary<LlmSpec> = fc.record({
  kind: fc.constant("llm" as const),
  model: fc.constantFrom(...LLMS),
  dtype: fc.constantFrom<Dtype>("fp16", "bf16", "fp8"),
  decode: fc.integer({ min: 0, max: 512 }),
  context: fc.integer({ min: 1, max: 8000 }),
  prefill: fc.integer({ min: 0, max: 8192 }),
});
const scenario = fc.record({
  gpu: fc.constantFrom(...GPUS),
  items: fc.array(fc.record({ start: fc.double({ min: 0, max: 0.5, noNaN: true }), spec: fc.oneof(classicItem, llmItem) }), { minLength: 1, maxLength: 24 }),
});

/** The work item of a drawn spec on the GPU, or null when the GPU does not support its format. */
function workOf(gpu: Gpu, spec: ClassicSpec | LlmSpec): { dtype: Dtype; w: GpuWork } | null {
  if (spec.kind === "classic") {
    if (!dtypeSupport(gpu, spec.dtype, "compute").ok) return null;
    const p = createClassicPerfModel(findModel(spec.model) as ClassicModel, gpu, spec.dtype, { stack: spec.triton ? "triton" : "tensorrt" });
    return { dtype: spec.dtype, w: p.work(spec.batch) };
  }
  if (!dtypeSupport(gpu, spec.dtype, "weights").ok || spec.decode + spec.prefill === 0) return null;
  const p = createLlmPerfModel({ model: findModel(spec.model) as LlmModel, gpu, tensorParallel: 1, weightDtype: spec.dtype, kvDtype: spec.dtype === "bf16" ? "bf16" : "fp16" });
  const n = spec.prefill;
  const s = { prefillTokens: n, prefillPairs: (n * (n + 1)) / 2, prefillCachedRead: 0, decodeSeqs: spec.decode, decodeContext: spec.decode * spec.context, logits: spec.decode + (n > 0 ? 1 : 0) };
  return { dtype: spec.dtype, w: p.stepWork(s) };
}

/**
 * Runs the items on one shared GPU, event by event (each enters its GPU phase after its fixed
 * time), and checks in every interval between two changes that the FLOP/s of each format stay
 * below its share of the peak and the bytes/s below the bandwidth.
 */
function run(gpu: Gpu, items: readonly Item[]) {
  const shared = createSharedGpu();
  const enters = items.map((it, i) => ({ at: it.start + it.w.fixed, i })).sort((a, b) => a.at - b.at || a.i - b.i);
  const done: number[] = items.map(() => NaN);
  let next = 0;
  let now = 0;
  let busyShareTime = 0;
  let peakUse = 0;
  let bandwidthUse = 0;
  let flopRate = 0;
  while (next < enters.length || shared.size > 0) {
    const entering = next < enters.length ? enters[next]!.at : Infinity;
    const finishing = shared.nextAt();
    const t = Math.min(entering, finishing);
    // The interval [now, t) at the current shares.
    let use = 0;
    let bytes = 0;
    let flops = 0;
    let shareSum = 0;
    for (const id of shared.ids()) {
      const { w, dtype } = items[id]!;
      const s = shared.share(id);
      shareSum += s;
      if (w.work > 0) {
        use += (s * w.flops) / w.work / peakFlops(gpu, dtype);
        bytes += (s * w.bytes) / w.work;
        flops += (s * w.flops) / w.work;
      }
    }
    busyShareTime += shareSum * (t - now);
    peakUse = Math.max(peakUse, use);
    bandwidthUse = Math.max(bandwidthUse, bytes / gpu.memoryBandwidth);
    flopRate = Math.max(flopRate, flops);
    now = t;
    if (finishing <= entering) {
      const id = shared.nextId();
      shared.remove(id, t);
      done[id] = t;
    } else {
      const { i } = enters[next++]!;
      if (items[i]!.w.work > 0) shared.add(i, items[i]!.w.work, items[i]!.w.cap, t);
      else done[i] = t;
    }
  }
  return { done, busyShareTime, peakUse, bandwidthUse, flopRate };
}

describe("a GPU shared by classic batches and LLM iterations", () => {
  test.prop([scenario], { numRuns: 300 })("never computes faster than its peak for the dtype nor moves more bytes than its bandwidth, and no item beats its time alone", ({ gpu: id, items: drawn }) => {
    const gpu = findGpu(id)!;
    const items: Item[] = [];
    for (const d of drawn) {
      const x = workOf(gpu, d.spec);
      if (x) items.push({ start: d.start, ...x });
    }
    const r = run(gpu, items);
    expect(r.peakUse).toBeLessThanOrEqual(1 + 1e-9);
    expect(r.bandwidthUse).toBeLessThanOrEqual(1 + 1e-9);
    if (new Set(items.map((i) => i.dtype)).size === 1) expect(r.flopRate).toBeLessThanOrEqual(peakFlops(gpu, items[0]!.dtype) * (1 + 1e-9));
    // Every GPU-second of work is served once: the shares integrate to the total work.
    const total = items.reduce((s, i) => s + i.w.work, 0);
    expect(r.busyShareTime).toBeCloseTo(total, 6);
    items.forEach((it, i) => expect(r.done[i]! - it.start).toBeGreaterThanOrEqual(aloneTime(it.w) * (1 - 1e-9)));
  });
});
