/**
 * Time of one batch of a classic model (CNN, encoder, diffusion, speech) on one GPU, as a work
 * item of the shared-GPU model (./gpu-share.ts). Per item, the GPU spends FLOPs ÷ (tensor peak ×
 * sustained share × efficiency) on matrix products plus its memory-bound traffic ÷ bandwidth
 * (kernels run one after another, so the two add). A batch of n items alone takes
 *   fixed + max(n, fill) × perItem
 * (fill: a smaller batch leaves streaming multiprocessors idle; fixed: launches and their tails),
 * plus, behind Triton, the request handling and the input transfer. The default stack is
 * TensorRT engines driven by a thin harness (the MLPerf and TensorRT demo measurements).
 */
import type { ClassicModel, Gpu } from "../../catalog/index.js";
import type { ClassicCalibration } from "./classic-calibration.js";
import { CLASSIC_FALLBACK, DEFAULT_CLASSIC_CALIBRATION } from "./classic-calibration.js";
import { BYTES, peakFlops } from "./dtype.js";
import type { Dtype } from "./dtype.js";
import type { GpuWork } from "./gpu-share.js";
import { aloneTime } from "./gpu-share.js";

/** Software that runs the model: TensorRT engines with a thin harness, or behind Triton Inference Server. */
export const CLASSIC_STACKS = ["tensorrt", "triton"] as const;
export type ClassicStack = (typeof CLASSIC_STACKS)[number];

export interface ClassicPerfOptions {
  readonly stack?: ClassicStack;
  /** Denoising steps per item for a diffusion model (default: the catalog's, 20 for SDXL). */
  readonly steps?: number;
  readonly calibration?: ClassicCalibration;
}

export interface ClassicPerfModel {
  readonly mode: "roofline";
  readonly stack: ClassicStack;
  /** FLOPs of one item. */
  readonly flopsPerItem: number;
  /** The batch of `items` items as a work item on the shared GPU. */
  work(items: number): GpuWork;
  /** Seconds a batch of `items` takes alone on the GPU (the classic server shares the GPU among its instances through `work`). */
  batchTime(items: number): number;
}

/** Share of the datasheet peak a GPU sustains under load (1 unless it is power-limited). */
export const sustainedShare = (gpu: Gpu, cal: ClassicCalibration = DEFAULT_CLASSIC_CALIBRATION): number => cal.sustainedPeakShare[gpu.id] ?? 1;

export function createClassicPerfModel(model: ClassicModel, gpu: Gpu, dtype: Dtype, options: ClassicPerfOptions = {}): ClassicPerfModel {
  const stack = options.stack ?? "tensorrt";
  const all = options.calibration ?? DEFAULT_CLASSIC_CALIBRATION;
  const cal = all.models[model.id] ?? CLASSIC_FALLBACK;
  const triton = all.triton;
  const d = model.denoising;
  const flopsPerItem = d && options.steps !== undefined ? d.flopsPerItemFixed + options.steps * d.flopsPerStep : model.flopsPerItem;
  const computePerItem = flopsPerItem / (peakFlops(gpu, dtype) * sustainedShare(gpu, all) * cal.efficiency);
  const bytesPerItem = cal.memoryBytesPerItem * BYTES[dtype];
  const perItem = computePerItem + bytesPerItem / gpu.memoryBandwidth;
  const stackFixed = (items: number) => (stack === "triton" ? triton.requestOverhead + (items * model.inputBytes) / triton.inputBandwidth : 0);

  const work = (items: number): GpuWork => ({
    fixed: cal.fixedSeconds + stackFixed(items),
    work: items * perItem,
    cap: items / Math.max(items, cal.fillItems),
    flops: items * flopsPerItem,
    bytes: items * bytesPerItem,
  });
  return {
    mode: "roofline",
    stack,
    flopsPerItem,
    work,
    batchTime: (items) => aloneTime(work(items)),
  };
}
